package org.smartclinic.drivers.transport.tcp;

import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.smartclinic.drivers.spi.DeviceDriverFactory;
import org.smartclinic.drivers.transport.tcp.HubDevices.Handoff;
import org.smartclinic.drivers.transport.tcp.internal.FirstBytesMatcher;

/**
 * One listening TCP port shared by the devices configured on it: instruments, or serial-to-Ethernet converters in
 * TCP client mode, connect to the gateway; each device's link takes its connections through a
 * {@link TcpServerTransport}. Listens on loopback unless told otherwise (see {@link TcpServerSettings}).
 *
 * <pre>
 *   accept ─► remote address registered? ── yes ─────────────────────────────► device
 *                 │ no
 *                 ▼  read first bytes (≤ {@value #MAX_FIRST_BYTES} bytes, ≤ identification timeout)
 *             starts with a registered hello? ── yes, hello consumed ─────────► device
 *             a driver's identify() names a registered serial? ── yes, all kept ─► device
 *             otherwise ─► unknown: closed, counted, recorded; never guessed to be some device
 *
 *   device ─► its link waits (open)?  yes: handed over;  no: kept up to the identification timeout, then closed
 *             it already has a live connection: the new one replaces it (the old is closed, its link sees the drop)
 * </pre>
 *
 * <p>Threads: one acceptor, {@code tcp-hub-<bind>:<port>}, that only accepts; each new connection is identified
 * on a virtual thread of its own, so a silent or slow peer never holds up the others. At most
 * {@link TcpServerSettings#maxPendingConnections()} connections are identified or kept at a time; more are
 * refused at once. Registrations may be added and removed while the hub runs; rules that could not tell two
 * devices apart are refused. Register devices before {@link #start()}: a connection is matched against the
 * registrations as they are when it arrives.
 */
public final class TcpServerHub implements AutoCloseable {

    /** Most bytes read from a new connection to identify it. */
    public static final int MAX_FIRST_BYTES = 512;

    private static final Logger LOG = LoggerFactory.getLogger(TcpServerHub.class);
    private static final long ACCEPT_RETRY_MILLIS = 100;
    private static final long CLOSE_WAIT_MILLIS = 1000;

    private final TcpServerSettings settings;
    private final HubCounters counters = new HubCounters();
    private final HubDevices devices;
    private final HubIntake intake;
    private final Set<Socket> pending = ConcurrentHashMap.newKeySet();
    private final CountDownLatch closing = new CountDownLatch(1);
    private volatile ServerSocket server;
    private volatile int boundPort;
    private volatile boolean closed;
    private Thread acceptor;

    public TcpServerHub(TcpServerSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.boundPort = settings.port();
        this.devices = new HubDevices(this::describe, counters);
        this.intake = new HubIntake(settings, counters, devices, this::describe, () -> closed);
    }

    /** Binds the port and starts accepting; once per hub. Fails with what to do when the port cannot be had. */
    public synchronized void start() throws IOException {
        if (server != null || closed) {
            throw new IllegalStateException(describe() + " was already started or closed; a hub starts once");
        }
        InetSocketAddress at = new InetSocketAddress(settings.bindAddress(), settings.port());
        if (at.isUnresolved()) {
            throw new IOException("bind address '" + settings.bindAddress() + "' unknown: use an IP address of this"
                    + " machine, or 0.0.0.0 for all");
        }
        ServerSocket s = new ServerSocket();
        try {
            s.setReuseAddress(true);
            s.bind(at, settings.maxPendingConnections());
        } catch (IOException e) {
            closeQuietly(s);
            throw bindFailure(e);
        }
        server = s;
        boundPort = s.getLocalPort();
        acceptor = new Thread(this::acceptLoop, "tcp-hub-" + address());
        acceptor.setDaemon(true);
        acceptor.start();
        LOG.info("listening on {}", describe());
    }

    /**
     * Registers a device on this port.
     *
     * @param rule    how its connections are recognised; a {@link Identification.ByRemoteAddress} host name is
     *                resolved now
     * @param factory the device's driver factory; asked to {@link DeviceDriverFactory#identify} first messages
     *                for {@link Identification.BySerialNumber} rules
     * @throws IllegalArgumentException if the id is taken, the rule cannot be told apart from another device's
     *                                  (same address, same hello or one beginning another, same serial number for
     *                                  the same driver), or the host is unknown
     */
    public void register(String deviceId, Identification rule, DeviceDriverFactory factory) {
        Objects.requireNonNull(deviceId, "deviceId");
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(factory, "factory");
        InetAddress address = rule instanceof Identification.ByRemoteAddress a ? resolve(a.hostOrIp()) : null;
        devices.add(deviceId, rule, factory, address);
        LOG.info("{}: device {} registered, recognised by {}", describe(), deviceId, rule.waitingFor());
    }

    /** Unregisters a device: its waiting link's open fails, its connections are closed. No-op if unknown. */
    public void unregister(String deviceId) {
        devices.remove(deviceId);
    }

    /** The rule a device is registered with, if it is. */
    public Optional<Identification> registration(String deviceId) {
        return devices.rule(deviceId);
    }

    /** The port listened on (the one the system chose if the settings said 0 and the hub started). */
    public int port() {
        return boundPort;
    }

    public TcpServerSettings settings() {
        return settings;
    }

    /** E.g. {@code tcp-server:0.0.0.0:5001}. */
    public String describe() {
        return "tcp-server:" + address();
    }

    /** A snapshot of the counters. */
    public TcpServerStats stats() {
        return counters.snapshot();
    }

    /** The latest refused unknown connections, oldest first, at most {@link TcpServerSettings#maxUnknownRecords()}. */
    public List<UnknownConnection> unknownConnections() {
        return intake.unknownConnections();
    }

    /** Closes the port and every connection; waiting links' opens fail. Idempotent. */
    @Override
    public void close() {
        Thread t;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            t = acceptor;
        }
        closing.countDown();
        closeQuietly(server);
        // Devices first, so connections already handed over end with this reason rather than a bare socket close.
        devices.closeAll(describe() + " was closed");
        pending.forEach(TcpServerHub::closeQuietly);
        if (t != null) {
            try {
                t.join(CLOSE_WAIT_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        LOG.info("closed {}", describe());
    }

    CompletableFuture<Handoff> claim(String deviceId, TcpServerTransport transport) throws IOException {
        return devices.claim(deviceId, transport);
    }

    void released(String deviceId, TcpServerTransport transport) {
        devices.released(deviceId, transport);
    }

    private void acceptLoop() {
        ServerSocket s = server;
        while (!closed) {
            try {
                Socket socket = s.accept();
                counters.accepted();
                dispatch(socket);
            } catch (IOException e) {
                if (!closed) {
                    LOG.warn("{}: accepting a connection failed: {}", describe(), e.toString());
                    awaitClosing(ACCEPT_RETRY_MILLIS);
                }
            }
        }
    }

    private void dispatch(Socket socket) {
        String remote = remote(socket);
        if (pending.size() >= settings.maxPendingConnections()) {
            intake.refuse(socket, remote, new FirstBytesMatcher.Unknown(UnknownConnection.Reason.BUSY, "refused at once: the"
                    + " limit of connections waiting to be identified (" + settings.maxPendingConnections()
                    + ") was reached"),
                    new byte[0]);
            return;
        }
        pending.add(socket);
        if (closed) {
            closeQuietly(socket);
            pending.remove(socket);
            return;
        }
        Thread.ofVirtual().name("tcp-hub-" + boundPort + "-" + remote).start(() -> {
            try {
                intake.serve(socket, remote);
            } finally {
                pending.remove(socket);
            }
        });
    }

    private void awaitClosing(long millis) {
        try {
            closing.await(millis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private String address() {
        String host = settings.bindAddress();
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + boundPort;
    }

    private IOException bindFailure(IOException e) {
        String message = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
        if (message.contains("in use")) {
            return new IOException("port " + settings.port() + " is in use by another program (or another gateway):"
                    + " stop it or choose another port", e);
        }
        if (message.contains("assign")) {
            return new IOException("address " + settings.bindAddress() + " is not an address of this machine: bind"
                    + " to one of its interfaces' IP addresses, or 0.0.0.0 for all", e);
        }
        if (message.contains("permission") || message.contains("denied")) {
            return new IOException("no permission to listen on port " + settings.port() + ": ports below 1024 need"
                    + " root or CAP_NET_BIND_SERVICE; choose a port above 1023", e);
        }
        String kind = e instanceof BindException ? "cannot bind " : "cannot listen on ";
        return new IOException(kind + address() + ": " + e.getMessage(), e);
    }

    private static InetAddress resolve(String host) {
        try {
            return InetAddress.getByName(host);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("host '" + host + "' unknown: check the name or use the device's IP"
                    + " address", e);
        }
    }

    static String remote(Socket socket) {
        return socket.getInetAddress().getHostAddress() + ":" + socket.getPort();
    }

    static void closeQuietly(AutoCloseable closeable) {
        if (closeable != null) {
            try {
                closeable.close();
            } catch (Exception e) {
                LOG.debug("closing failed", e);
            }
        }
    }
}
