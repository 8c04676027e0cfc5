package org.smartclinic.drivers.link;

import java.io.IOException;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.smartclinic.drivers.link.internal.Backoff;
import org.smartclinic.drivers.link.internal.Exchange;
import org.smartclinic.drivers.link.internal.Inbox;
import org.smartclinic.drivers.link.internal.SafeListener;
import org.smartclinic.drivers.spi.DeviceDriver;
import org.smartclinic.drivers.spi.MessageDriver;
import org.smartclinic.drivers.spi.StreamDriver;
import org.smartclinic.drivers.transport.TransportStats;

/**
 * The supervised connection to one device, for every driver shape: an explicit state machine run by one thread,
 * {@code link-<deviceId>}, which is also the only thread that ever calls the device's driver.
 *
 * <pre>
 *   STOPPED --start--> CONNECTING --opened--> CONNECTED
 *                          |                      | closed by peer, write failed, quiet too long
 *                          | open failed          v
 *                          +---------------->  BACKOFF --delay passed--> CONNECTING
 *   any state --close()--> STOPPED
 * </pre>
 *
 * <p>Each attempt takes a fresh transport from the {@link Connector}. Transport threads only queue what they
 * receive (bytes copied, or whole messages with their {@link org.smartclinic.drivers.transport.Delivery}) in a
 * bounded inbox; the link thread decodes, stores, answers and keeps the timers, by waiting on the inbox with a
 * timeout (no sleeps, no busy loops). For every accepted frame or message with readings the sink stores them
 * first and only then the acknowledgement goes out (see {@link Exchange}); when storing fails the negative form
 * goes out instead, so the device sends again and no reading is lost.
 *
 * <p>The connected state, every call into the driver, is a {@link Conversation}. Drivers talk back and keep timers
 * through a {@link org.smartclinic.drivers.spi.DriverChannel} served by this thread ({@link LinkChannel}): a timer fires {@link DeviceDriver#onTimer} here, and the driver's own sends are
 * written in order with the acknowledgements. Timers belong to a connection and are cancelled when it ends.
 *
 * <p>Quiet-time watchdog: when {@link LinkSettings#quietTime()} is not zero and no byte at all arrives for that
 * long, the connection is considered dead and reopened. Reconnects wait {@link LinkSettings#initialBackoff()},
 * doubled per consecutive failure up to {@link LinkSettings#maxBackoff()}, back to the initial delay once a
 * connection has delivered input. Every state change goes to {@link LinkListener#stateChanged} with a reason a
 * technician understands, and to the log at INFO; input bytes are logged only at DEBUG (they may carry patient
 * data). Input the inbox refuses because the link is not keeping up is counted ({@link TransportStats#dropped}).
 *
 * <p>A throwing driver, sink or listener is logged and survived: the driver is reset and the input at hand is
 * lost (counted as a rejection by the driver's own bounds on the next frame), a failed store is answered
 * negatively, a listener's exception is ignored.
 */
public final class DeviceLink implements AutoCloseable {

    /** How long {@link #close()} waits for the link thread before interrupting it. */
    public static final Duration CLOSE_WAIT = Duration.ofSeconds(5);
    /** Received input waiting for the link thread beyond this is refused (see the inbox). */
    static final long MAX_QUEUED_BYTES = 1 << 20;
    /**
     * How long a whole message that finds the inbox full waits for room before it is refused and left to its source
     * to deliver again. The wait holds the transport's thread (for MQTT the connection's callback thread, so the
     * broker sees TCP backpressure), which is kinder to the other devices than the reconnect a redelivery needs.
     * Long enough to store one batch, short against the MQTT keep-alive. Needed because brokers overshoot their
     * in-flight window (Mosquitto 2.0: 152 unacknowledged with a window of 50; docs/benchmarks.md).
     */
    static final Duration ROOM_WAIT = Duration.ofSeconds(2);

    private static final Logger LOG = LoggerFactory.getLogger(DeviceLink.class);

    private final String deviceId;
    private final Connector connector;
    private final LinkListener listener;
    private final Backoff backoff;
    private final Inbox inbox = new Inbox(MAX_QUEUED_BYTES);
    private final TransportStats stats;
    private final Conversation conversation;

    private volatile LinkState state = LinkState.STOPPED;
    private volatile String stateReason = "not started";
    private volatile boolean stopping;
    private volatile AutoCloseable current;
    private Thread thread;
    private long connection;
    private long droppedSinceLog;

    /**
     * @throws IllegalArgumentException if the driver's shape does not fit the connector's (a stream driver needs a
     *                                  stream, a message driver messages)
     */
    public DeviceLink(String deviceId, Connector connector, DeviceDriver driver, ReadingSink sink,
            LinkListener listener, LinkSettings settings) {
        this(deviceId, connector, driver, sink, listener, settings, new TransportStats());
    }

    /**
     * A link that adds its counts to {@code stats}, so they keep adding up when the device's link is replaced
     * (stopped and started again).
     *
     * @throws IllegalArgumentException if the driver's shape does not fit the connector's
     */
    public DeviceLink(String deviceId, Connector connector, DeviceDriver driver, ReadingSink sink,
            LinkListener listener, LinkSettings settings, TransportStats stats) {
        this.stats = Objects.requireNonNull(stats, "stats");
        this.deviceId = Objects.requireNonNull(deviceId, "deviceId");
        this.connector = Objects.requireNonNull(connector, "connector");
        Objects.requireNonNull(driver, "driver");
        boolean fits = connector instanceof Connector.Stream ? driver instanceof StreamDriver
                : driver instanceof MessageDriver;
        if (!fits) {
            throw new IllegalArgumentException(deviceId + ": a " + driver.getClass().getSimpleName()
                    + " cannot run over a " + connector.getClass().getSimpleName().toLowerCase() + " connection");
        }
        this.listener = new SafeListener(Objects.requireNonNull(listener, "listener"));
        Objects.requireNonNull(settings, "settings");
        this.backoff = new Backoff(settings.initialBackoff(), settings.maxBackoff());
        this.conversation = new Conversation(deviceId, driver, new Exchange(deviceId, driver,
                Objects.requireNonNull(sink, "sink"), this.listener), new LinkChannel(deviceId), inbox,
                settings.quietTime(), backoff);
    }

    /** Convenience for a byte-stream device. */
    public DeviceLink(String deviceId, Supplier<org.smartclinic.drivers.transport.ByteTransport> transports,
            StreamDriver driver, ReadingSink sink, LinkListener listener, LinkSettings settings) {
        this(deviceId, Connector.stream(transports), driver, sink, listener, settings);
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

    /** Counters of this device's connections, added up over reconnects. */
    public TransportStats stats() {
        return stats;
    }

    /**
     * Stops the link: closes the transport (which also ends a wait for a device to connect), waits up to
     * {@link #CLOSE_WAIT} for the link thread (a sink blocked longer is interrupted), and leaves the link
     * {@link LinkState#STOPPED}. Idempotent.
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
        closeQuietly(current);
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
        changeState(LinkState.STOPPED, "link closed");
    }

    private void run() {
        try {
            inbox.takenBy(Thread.currentThread());
            conversation.bind();
            while (!stopping) {
                String dropped = connectOnce();
                if (stopping) {
                    break;
                }
                Duration delay = backoff.next();
                changeState(LinkState.BACKOFF, dropped + " (next try in " + Backoff.describe(delay) + ")");
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
        Session session;
        try {
            session = Session.open(connector, id, inbox, stats, this::opening, this::refused);
        } catch (IOException | RuntimeException e) {
            stats.connectFailed();
            return e.getMessage() != null ? e.getMessage() : e.toString();
        } finally {
            current = null;
        }
        if (stopping) {
            session.close();
            return "link closed";
        }
        current = session;
        stats.connected();
        try {
            changeState(LinkState.CONNECTED, "connected to " + session.describe());
            return conversation.run(session, id, () -> stopping);
        } catch (IOException e) {
            return "writing to the device failed: " + e.getMessage();
        } catch (RuntimeException e) {
            LOG.error("{}: unexpected failure on the connection; reconnecting", deviceId, e);
            return "internal error: " + e;
        } finally {
            current = null;
            conversation.ended();
            session.close();
            stats.disconnected();
        }
    }

    /** The transport being opened: closing the link closes it, ending a wait for a device to connect. */
    private void opening(AutoCloseable transport, String description) {
        current = transport;
        changeState(LinkState.CONNECTING, "opening " + description);
    }

    /** Input refused because the link is not keeping up. */
    private void refused(int bytes) {
        stats.dropped(bytes);
        listener.dropped(deviceId, bytes);
        synchronized (this) {
            if (droppedSinceLog++ % 1000 == 0) {
                LOG.warn("{}: {} received bytes dropped, the link is not keeping up ({} drops so far)", deviceId,
                        bytes, droppedSinceLog);
            }
        }
    }

    /** Waits out a backoff delay; false if the link was closed meanwhile. */
    private boolean waitUnlessStopped(Duration delay) throws InterruptedException {
        long deadline = System.nanoTime() + delay.toNanos();
        while (!stopping) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return true;
            }
            switch (inbox.poll(Duration.ofNanos(left))) {
                case Inbox.Stop stop -> {
                    return false;
                }
                case Inbox.Message stale -> stale.delivery().retry("not connected", new byte[0]);
                case null, default -> { }
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

    private static void closeQuietly(AutoCloseable c) {
        if (c != null) {
            try {
                c.close();
            } catch (Exception e) {
                LOG.debug("closing a transport failed", e);
            }
        }
    }
}
