package org.smartclinic.drivers.transport.tcp;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

import org.smartclinic.drivers.spi.DeviceDriverFactory;
import org.smartclinic.drivers.transport.tcp.internal.FirstBytesMatcher;

/**
 * The devices registered on a {@link TcpServerHub} and where each stands: a link waiting for a connection
 * (a {@link TcpServerTransport} in {@code open}), a live connection, an identified connection kept for a link that
 * is not waiting yet. Every method holds this object's lock briefly and never blocks; it may close sockets and end
 * transports' connections, but transports never call in here while holding their own lock.
 */
final class HubDevices {

    /** An identified connection on its way to its device, with the bytes read while identifying it. */
    record Handoff(Socket socket, byte[] firstBytes, String remote, Identification.Kind kind) {
    }

    /** A connection kept for a device whose link was not waiting; settles true when taken, false when dropped. */
    static final class Held {
        final Handoff handoff;
        final CompletableFuture<Boolean> settled = new CompletableFuture<>();

        Held(Handoff handoff) {
            this.handoff = handoff;
        }
    }

    private static final class Device {
        final String id;
        final Identification rule;
        final DeviceDriverFactory factory;
        final InetAddress address;
        TcpServerTransport waiting;
        CompletableFuture<Handoff> claim;
        TcpServerTransport live;
        Held held;

        Device(String id, Identification rule, DeviceDriverFactory factory, InetAddress address) {
            this.id = id;
            this.rule = rule;
            this.factory = factory;
            this.address = address;
        }
    }

    private final Supplier<String> hubName;
    private final HubCounters counters;
    private final Map<String, Device> devices = new LinkedHashMap<>();
    private boolean closed;

    HubDevices(Supplier<String> hubName, HubCounters counters) {
        this.hubName = hubName;
        this.counters = counters;
    }

    /** @param address the resolved address of a {@link Identification.ByRemoteAddress} rule, else null */
    synchronized void add(String id, Identification rule, DeviceDriverFactory factory, InetAddress address) {
        if (closed) {
            throw new IllegalStateException(hub() + " is closed");
        }
        if (devices.containsKey(id)) {
            throw new IllegalArgumentException("device " + id + " is already registered on " + hub());
        }
        for (Device other : devices.values()) {
            String conflict = conflict(other, rule, factory, address);
            if (conflict != null) {
                throw new IllegalArgumentException("devices " + other.id + " and " + id + " on " + hub() + " "
                        + conflict);
            }
        }
        devices.put(id, new Device(id, rule, factory, address));
    }

    /** Unregisters; its waiting link is told, its connections are closed. */
    synchronized void remove(String id) {
        Device d = devices.remove(id);
        if (d != null) {
            release(d, "device " + id + " is no longer registered on " + hub());
        }
    }

    synchronized Optional<String> byAddress(InetAddress address) {
        return devices.values().stream().filter(d -> address.equals(d.address)).map(d -> d.id).findFirst();
    }

    synchronized Optional<Identification> rule(String id) {
        return Optional.ofNullable(devices.get(id)).map(d -> d.rule);
    }

    /** The hello and serial-number rules as they are now. */
    synchronized FirstBytesMatcher matcher() {
        List<FirstBytesMatcher.HelloRule> hellos = new ArrayList<>();
        List<FirstBytesMatcher.SerialRule> serials = new ArrayList<>();
        for (Device d : devices.values()) {
            switch (d.rule) {
                case Identification.ByHello h -> hellos.add(new FirstBytesMatcher.HelloRule(d.id, h.bytes()));
                case Identification.BySerialNumber s ->
                    serials.add(new FirstBytesMatcher.SerialRule(d.id, s.serialNumber(), d.factory));
                case Identification.ByRemoteAddress a -> { }
            }
        }
        return new FirstBytesMatcher(hellos, serials);
    }

    /**
     * Gives an identified connection to its device. A live connection of the device is replaced (closed, so its
     * link sees the drop), as is one kept for it. The waiting link takes it; with none waiting it is kept.
     *
     * @return the kept connection, to expire if no link takes it in time; empty if handed over or closed
     */
    synchronized Optional<Held> route(String id, Handoff handoff) {
        Device d = devices.get(id);
        if (d == null || closed) {
            TcpServerHub.closeQuietly(handoff.socket());
            counters.unclaimed();
            return Optional.empty();
        }
        if (d.live != null) {
            d.live.replacedBy("replaced by a new connection from " + handoff.remote() + " (the device reconnected)");
            d.live = null;
            counters.replaced();
        }
        if (d.held != null) {
            drop(d.held);
            d.held = null;
            counters.replaced();
        }
        CompletableFuture<Handoff> claim = d.claim;
        d.claim = null;
        if (claim != null && claim.complete(handoff)) {
            d.live = d.waiting;
            d.waiting = null;
            return Optional.empty();
        }
        d.waiting = null;
        d.held = new Held(handoff);
        return Optional.of(d.held);
    }

    /** A link waits for its device: it takes the kept connection, or waits for the next one. */
    synchronized CompletableFuture<Handoff> claim(String id, TcpServerTransport transport) throws IOException {
        if (closed) {
            throw new IOException(hub() + " is closed");
        }
        Device d = devices.get(id);
        if (d == null) {
            throw new IOException("device " + id + " is not registered on " + hub());
        }
        if (d.claim != null) {
            d.claim.completeExceptionally(new IOException("a newer wait for device " + id + " started"));
        }
        if (d.held != null) {
            Held held = d.held;
            d.held = null;
            d.claim = null;
            d.waiting = null;
            d.live = transport;
            held.settled.complete(true);
            return CompletableFuture.completedFuture(held.handoff);
        }
        d.waiting = transport;
        d.claim = new CompletableFuture<>();
        return d.claim;
    }

    /** The transport is closed: it neither waits nor holds a connection any more. */
    synchronized void released(String id, TcpServerTransport transport) {
        Device d = devices.get(id);
        if (d != null && d.live == transport) {
            d.live = null;
        }
        if (d != null && d.waiting == transport) {
            d.waiting = null;
            d.claim = null;
        }
    }

    /** No link took the kept connection in time: true if it was still kept, and is now closed and counted. */
    synchronized boolean expire(String id, Held held) {
        Device d = devices.get(id);
        if (d == null || d.held != held) {
            return false;
        }
        d.held = null;
        drop(held);
        counters.unclaimed();
        return true;
    }

    /** The hub closes: waiting links are told, every connection is closed, no device is registered any more. */
    synchronized void closeAll(String reason) {
        closed = true;
        devices.values().forEach(d -> release(d, reason));
        devices.clear();
    }

    private String hub() {
        return hubName.get();
    }

    private void release(Device d, String reason) {
        if (d.claim != null) {
            d.claim.completeExceptionally(new IOException(reason));
        }
        if (d.held != null) {
            drop(d.held);
            counters.unclaimed();
        }
        if (d.live != null) {
            d.live.replacedBy(reason);
        }
    }

    private static void drop(Held held) {
        TcpServerHub.closeQuietly(held.handoff.socket());
        held.settled.complete(false);
    }

    /** Why {@code rule} cannot be told apart from {@code other}'s, or null if it can. */
    private static String conflict(Device other, Identification rule, DeviceDriverFactory factory,
            InetAddress address) {
        if (address != null && address.equals(other.address)) {
            return "cannot both be identified by remote address " + address.getHostAddress()
                    + ": identify them by hello or serial number instead";
        }
        if (rule instanceof Identification.ByHello h && other.rule instanceof Identification.ByHello o
                && startsWithEither(h.bytes(), o.bytes())) {
            return "have hellos that cannot be told apart (" + o.waitingFor() + " and " + h.waitingFor()
                    + ": one is the other or begins it)";
        }
        if (rule instanceof Identification.BySerialNumber s && other.rule instanceof Identification.BySerialNumber o
                && s.serialNumber().strip().equals(o.serialNumber().strip())
                && factory.descriptor().id().equals(other.factory.descriptor().id())) {
            return "cannot both have serial number " + s.serialNumber().strip();
        }
        return null;
    }

    private static boolean startsWithEither(byte[] a, byte[] b) {
        int n = Math.min(a.length, b.length);
        return Arrays.equals(a, 0, n, b, 0, n);
    }
}
