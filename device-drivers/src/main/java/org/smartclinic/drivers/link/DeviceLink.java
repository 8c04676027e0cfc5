package org.smartclinic.drivers.link;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.smartclinic.drivers.link.internal.Backoff;
import org.smartclinic.drivers.link.internal.FrameExchange;
import org.smartclinic.drivers.link.internal.Inbox;
import org.smartclinic.drivers.link.internal.SafeListener;
import org.smartclinic.drivers.spi.DeviceDriver;
import org.smartclinic.drivers.transport.ByteTransport;
import org.smartclinic.drivers.transport.TransportListener;

/**
 * The supervised connection to one device: an explicit state machine run by one thread, {@code link-<deviceId>}.
 *
 * <pre>
 *   STOPPED --start--> CONNECTING --opened--> CONNECTED
 *                          |                      | closed by peer, write failed, quiet too long
 *                          | open failed          v
 *                          +---------------->  BACKOFF --delay passed--> CONNECTING
 *   any state --close()--> STOPPED
 * </pre>
 *
 * <p>Each attempt takes a fresh transport from the supplier. Received bytes are copied into an inbox by the
 * transport's thread and decoded on the link thread, which also stores, answers, and keeps the timers, by waiting
 * on the inbox with a timeout (no sleeps, no busy loops). For every accepted frame with readings the sink stores
 * them first and only then the acknowledgement goes out; if storing fails the frame's negative answer goes out
 * instead, so the device retransmits and no reading is lost. Frames without readings (heartbeats) are acknowledged
 * at once; rejected input gets the driver's answer, if any.
 *
 * <p>Quiet-time watchdog: when {@link LinkSettings#quietTime()} is not zero and no byte at all arrives for that
 * long, the connection is considered dead and reopened. Reconnects wait {@link LinkSettings#initialBackoff()},
 * doubled per consecutive failure up to {@link LinkSettings#maxBackoff()}, back to the initial delay once a
 * connection has delivered bytes. Every state change goes to {@link LinkListener#stateChanged} with a reason a
 * technician understands, and to the log at INFO; frame bytes are logged only at DEBUG (they may carry patient
 * data).
 *
 * <p>A throwing driver, sink or listener is logged and survived: the driver is reset, a failed store is answered
 * negatively, a listener's exception is ignored.
 */
public final class DeviceLink implements AutoCloseable {

    /** How long {@link #close()} waits for the link thread before interrupting it. */
    public static final Duration CLOSE_WAIT = Duration.ofSeconds(5);
    /** Received bytes waiting for the link thread beyond this are dropped (see the inbox). */
    static final long MAX_QUEUED_BYTES = 1 << 20;

    private static final Logger LOG = LoggerFactory.getLogger(DeviceLink.class);

    private final String deviceId;
    private final Supplier<ByteTransport> transports;
    private final LinkListener listener;
    private final LinkSettings settings;
    private final FrameExchange exchange;
    private final Backoff backoff;
    private final Inbox inbox = new Inbox(MAX_QUEUED_BYTES);

    private volatile LinkState state = LinkState.STOPPED;
    private volatile String stateReason = "not started";
    private volatile boolean stopping;
    private volatile ByteTransport current;
    private Thread thread;
    private long connection;

    public DeviceLink(String deviceId, Supplier<ByteTransport> transports, DeviceDriver driver, ReadingSink sink,
            LinkListener listener, LinkSettings settings) {
        this.deviceId = Objects.requireNonNull(deviceId, "deviceId");
        this.transports = Objects.requireNonNull(transports, "transports");
        this.listener = new SafeListener(Objects.requireNonNull(listener, "listener"));
        this.settings = Objects.requireNonNull(settings, "settings");
        this.exchange = new FrameExchange(deviceId, Objects.requireNonNull(driver, "driver"),
                Objects.requireNonNull(sink, "sink"), this.listener);
        this.backoff = new Backoff(settings.initialBackoff(), settings.maxBackoff());
    }

    /** Starts the link thread; once per link. */
    public synchronized void start() {
        if (thread != null || stopping) {
            throw new IllegalStateException(deviceId + ": a link starts once; create a new one");
        }
        thread = new Thread(this::run, "link-" + deviceId);
        thread.setDaemon(true);
        thread.start();
    }

    public LinkState state() {
        return state;
    }

    /** Why the link is in its {@link #state()}, in a technician's words. */
    public String stateReason() {
        return stateReason;
    }

    /**
     * Stops the link: closes the transport, waits up to {@link #CLOSE_WAIT} for the link thread (a sink blocked
     * longer is interrupted), and leaves the link {@link LinkState#STOPPED}. Idempotent.
     */
    @Override
    public void close() {
        Thread t;
        synchronized (this) {
            if (stopping) {
                return;
            }
            stopping = true;
            t = thread;
        }
        inbox.stop();
        if (t != null && t != Thread.currentThread()) {
            try {
                t.join(CLOSE_WAIT.toMillis());
                if (t.isAlive()) {
                    LOG.warn("{}: link thread still busy after {} ms; interrupting it", deviceId, CLOSE_WAIT.toMillis());
                    t.interrupt();
                    t.join(CLOSE_WAIT.toMillis());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        ByteTransport open = current;
        if (open != null) {
            open.close();
        }
        changeState(LinkState.STOPPED, "link closed");
    }

    private void run() {
        try {
            while (!stopping) {
                String dropped = connectOnce();
                if (stopping) {
                    break;
                }
                Duration delay = backoff.next();
                changeState(LinkState.BACKOFF, dropped + " (next try in " + human(delay) + ")");
                if (!waitUnlessStopped(delay)) {
                    break;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            changeState(LinkState.STOPPED, "link closed");
        }
    }

    /** One connection attempt, start to end; returns why it ended. */
    private String connectOnce() throws InterruptedException {
        long id = ++connection;
        ByteTransport transport = null;
        try {
            transport = transports.get();
            changeState(LinkState.CONNECTING, "opening " + transport.describe());
            transport.open(new TransportListener() {
                @Override
                public void onBytes(byte[] data, int length) {
                    if (!inbox.bytes(id, data, length, Instant.now())) {
                        LOG.warn("{}: {} received bytes dropped, the link is not keeping up", deviceId, length);
                    }
                }

                @Override
                public void onClosed(String reason) {
                    inbox.closed(id, reason);
                }
            });
        } catch (IOException | RuntimeException e) {
            if (transport != null) {
                transport.close();
            }
            return e.getMessage() != null ? e.getMessage() : e.toString();
        }
        current = transport;
        try {
            changeState(LinkState.CONNECTED, "connected to " + transport.describe());
            exchange.connected(transport::write);
            return converse(transport, id);
        } catch (IOException e) {
            return "writing to the device failed: " + e.getMessage();
        } catch (RuntimeException e) {
            LOG.error("{}: unexpected failure on the connection; reconnecting", deviceId, e);
            return "internal error: " + e;
        } finally {
            current = null;
            transport.close();
            exchange.resetDriver();
        }
    }

    /** Runs the connected state until the connection ends; returns why. */
    private String converse(ByteTransport transport, long id) throws IOException, InterruptedException {
        Duration quiet = settings.quietTime();
        long lastHeard = System.nanoTime();
        boolean heard = false;
        while (!stopping) {
            Duration wait = null;
            if (!quiet.isZero()) {
                wait = quiet.minusNanos(System.nanoTime() - lastHeard);
                if (wait.isNegative() || wait.isZero()) {
                    return "quiet for " + human(quiet) + ": no bytes from the device (powered off? cable?)";
                }
            }
            switch (inbox.poll(wait)) {
                case null -> { }
                case Inbox.Stop stop -> {
                    return "link closed";
                }
                case Inbox.Closed closed when closed.connection() == id -> {
                    return closed.reason();
                }
                case Inbox.Bytes bytes when bytes.connection() == id -> {
                    lastHeard = System.nanoTime();
                    if (!heard) {
                        heard = true;
                        backoff.reset();
                    }
                    exchange.received(bytes.data(), bytes.receivedAt(), transport::write);
                }
                default -> { }
            }
        }
        return "link closed";
    }

    /** Waits out a backoff delay; false if the link was closed meanwhile. */
    private boolean waitUnlessStopped(Duration delay) throws InterruptedException {
        long deadline = System.nanoTime() + delay.toNanos();
        while (!stopping) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return true;
            }
            if (inbox.poll(Duration.ofNanos(left)) instanceof Inbox.Stop) {
                return false;
            }
        }
        return false;
    }

    private synchronized void changeState(LinkState next, String reason) {
        if (state == LinkState.STOPPED && next == LinkState.STOPPED) {
            return;
        }
        if (stopping && next != LinkState.STOPPED && state == LinkState.STOPPED) {
            return;
        }
        state = next;
        stateReason = reason;
        LOG.info("{}: {} ({})", deviceId, next, reason);
        listener.stateChanged(deviceId, next, reason);
    }

    private static String human(Duration d) {
        long ms = d.toMillis();
        if (ms < 1000) {
            return ms + " ms";
        }
        return ms % 1000 == 0 ? ms / 1000 + " s" : String.format("%.1f s", ms / 1000.0);
    }
}
