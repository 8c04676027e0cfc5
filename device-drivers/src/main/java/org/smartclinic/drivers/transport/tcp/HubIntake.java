package org.smartclinic.drivers.transport.tcp;

import java.io.IOException;
import java.net.Socket;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.smartclinic.drivers.codec.Printable;
import org.smartclinic.drivers.transport.tcp.HubDevices.Handoff;
import org.smartclinic.drivers.transport.tcp.HubDevices.Held;
import org.smartclinic.drivers.transport.tcp.internal.FirstBytesMatcher;
import org.smartclinic.drivers.transport.tcp.internal.FirstBytesReader;
import org.smartclinic.drivers.transport.tcp.internal.SocketTuning;

/**
 * What a {@link TcpServerHub} does with one accepted connection, on that connection's own thread: recognise it
 * (remote address, else its first bytes), then hand it to its device, or refuse it as unknown and keep the record
 * for the technician (a bounded list, oldest dropped first). Unknown connections are logged at WARN without their
 * bytes; the bytes go to DEBUG only, since a first message may carry patient data.
 */
final class HubIntake {

    private static final Logger LOG = LoggerFactory.getLogger(HubIntake.class);

    private final TcpServerSettings settings;
    private final HubCounters counters;
    private final HubDevices devices;
    private final Supplier<String> hubName;
    private final BooleanSupplier hubClosed;
    private final Deque<UnknownConnection> unknowns = new ArrayDeque<>();

    HubIntake(TcpServerSettings settings, HubCounters counters, HubDevices devices, Supplier<String> hubName,
            BooleanSupplier hubClosed) {
        this.settings = settings;
        this.counters = counters;
        this.devices = devices;
        this.hubName = hubName;
        this.hubClosed = hubClosed;
    }

    List<UnknownConnection> unknownConnections() {
        synchronized (unknowns) {
            return List.copyOf(unknowns);
        }
    }

    /** Recognises one connection and hands it over, or refuses it; on the connection's own thread. */
    void serve(Socket socket, String remote) {
        try {
            SocketTuning.apply(socket, true, true);
            Optional<String> byAddress = devices.byAddress(socket.getInetAddress());
            if (byAddress.isPresent()) {
                hand(byAddress.get(), new Handoff(socket, new byte[0], remote, Identification.Kind.ADDRESS));
                return;
            }
            FirstBytesReader.Result read = identify(socket);
            byte[] bytes = read.bytes();
            switch (read.verdict()) {
                case FirstBytesMatcher.Device d -> hand(d.deviceId(), new Handoff(socket,
                        Arrays.copyOfRange(bytes, d.consumed(), bytes.length), remote, d.kind()));
                case FirstBytesMatcher.Unknown u -> refuse(socket, remote, u, bytes);
                case FirstBytesMatcher.NeedMore n -> throw new IllegalStateException("undecided after reading");
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("{}: connection from {} failed while being identified: {}", hubName.get(), remote, e.toString());
            TcpServerHub.closeQuietly(socket);
        }
    }

    private FirstBytesReader.Result identify(Socket socket) {
        FirstBytesMatcher matcher = devices.matcher();
        if (matcher.hasNoRules()) {
            return new FirstBytesReader.Result(new FirstBytesMatcher.Unknown(UnknownConnection.Reason.NOT_RECOGNISED,
                    "no device on this port is registered for its address, a hello or a serial number"), new byte[0]);
        }
        return FirstBytesReader.read(socket, matcher, settings.identificationTimeout(),
                TcpServerHub.MAX_FIRST_BYTES);
    }

    /** Routes an identified connection; if its device's link is not waiting, keeps it for a while. */
    private void hand(String deviceId, Handoff handoff) {
        counters.identified(handoff.kind());
        LOG.info("{}: connection from {} is device {} (by {})", hubName.get(), handoff.remote(), deviceId,
                handoff.kind().name().toLowerCase(Locale.ROOT));
        Optional<Held> held = devices.route(deviceId, handoff);
        if (held.isEmpty()) {
            return;
        }
        long timeout = settings.identificationTimeout().toMillis();
        try {
            held.get().settled.get(timeout, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            if (devices.expire(deviceId, held.get())) {
                LOG.warn("{}: connection from {} for device {} closed: its link did not take it within {} ms",
                        hubName.get(), handoff.remote(), deviceId, timeout);
            }
        } catch (ExecutionException e) {
            LOG.debug("kept connection ended", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Counts an unknown connection and keeps its record (not while the hub closes), then closes it. */
    void refuse(Socket socket, String remote, FirstBytesMatcher.Unknown unknown, byte[] bytes) {
        if (!hubClosed.getAsBoolean()) {
            counters.refusedUnknown();
            UnknownConnection record = new UnknownConnection(Instant.now(), remote, unknown.reason(),
                    unknown.detail(), Printable.of(bytes, 0, bytes.length, UnknownConnection.MAX_FIRST_BYTES_SHOWN));
            synchronized (unknowns) {
                unknowns.addLast(record);
                while (unknowns.size() > settings.maxUnknownRecords()) {
                    unknowns.removeFirst();
                }
            }
            LOG.warn("{}: {}", hubName.get(), record.message());
            LOG.debug("{}: first bytes from {}: {}", hubName.get(), remote, record.firstBytes());
        }
        TcpServerHub.closeQuietly(socket);
    }
}
