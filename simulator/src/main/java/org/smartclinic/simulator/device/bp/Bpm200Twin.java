package org.smartclinic.simulator.device.bp;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.smartclinic.drivers.instrument.bp.bpm200.Bpm200Protocol;
import org.smartclinic.simulator.pty.Pty;

/**
 * Device-side twin of the BPM-200 blood pressure monitor on a real pseudo-terminal, for the gateway's demo and
 * tests and for {@code simulator run bp-monitor}. It speaks {@link Bpm200Protocol} exactly: measurement frames
 * {@code $M,...*CS<CR><LF>}, heartbeats {@code $S,...} when idle, stop-and-wait with one frame outstanding; on
 * NAK or no answer within the ack timeout the same frame (same seq and device time) is sent again, at most 3
 * times, then given up. The gateway opens the symlink given to {@link #builder(Path)}.
 *
 * <p>Fault knobs: a wrong checksum on the first transmission of chosen measurement frames, line noise (never
 * containing {@code '$'}) just before chosen frames, unplug after the n-th acknowledged measurement and replug
 * later (a new pty, the symlink moved to it). While unplugged nothing is sent; after a replug the pending frame is
 * sent again. Heartbeat frames take part in stop-and-wait like any frame but are not counted in {@link Stats},
 * which counts measurement frames (except {@link Stats#framesWritten()}, which counts every frame).
 *
 * <p>Values in {@link BpValues} are mmHg; with unit {@code kPa} the device shows them converted, one decimal.
 * One daemon thread, {@code bpm200-twin-<link name>}; {@link #close()} leaves no thread or descriptor behind.
 */
public final class Bpm200Twin implements AutoCloseable {

    /** What kind of patient the generated values look like. */
    public enum Scenario {
        /** Normotensive: sys 110-135, dia 70-85, pulse 60-85 mmHg / min. */
        NORMAL,
        /** Sys 150-185, dia 95-115, pulse 70-95. */
        HYPERTENSION,
        /** NORMAL values, with a bad checksum every 4th and noise before every 3rd measurement unless set. */
        FAULTY
    }

    /** One measurement in mmHg; {@code mean} and {@code pulse} may be null (sent as empty fields). */
    public record BpValues(int systolic, int diastolic, Integer mean, Integer pulse) {
        public BpValues {
            if (systolic <= 0 || diastolic <= 0 || (mean != null && mean <= 0) || (pulse != null && pulse <= 0)) {
                throw new IllegalArgumentException("values must be positive: " + systolic + "/" + diastolic);
            }
        }
    }

    /** Counts of measurement frames (framesWritten: every frame, heartbeats and retransmissions included). */
    public record Stats(int measurementsSent, int acked, int nakked, int timeouts, int retransmissions, int givenUp,
            int framesWritten) {
    }

    /**
     * A measurement the twin sent.
     *
     * @param number     1 for the first measurement of this twin
     * @param seq        the frame's sequence number
     * @param deviceTime the device clock's local time in the frame
     * @param values     what was measured, mmHg
     * @param unit       unit on the wire
     * @param body       the frame body as sent (between {@code '$'} and {@code '*'})
     */
    public record SentMeasurement(int number, int seq, LocalDateTime deviceTime, BpValues values, String unit,
            String body) {
    }

    /** How a measurement ended: acknowledged, or given up after the retries; with the NAKs and timeouts seen. */
    public record Settled(SentMeasurement measurement, boolean acked, int naks, int timeouts) {
    }

    /** Progress callbacks, from the twin's thread; must be quick. */
    public interface Listener {
        default void plugged(Path slave) {
        }

        default void unplugged() {
        }

        default void settled(Settled settled) {
        }
    }

    private static final Logger LOG = LoggerFactory.getLogger(Bpm200Twin.class);

    private final Bpm200TwinSettings settings;
    private final Object plug = new Object();
    private final List<SentMeasurement> sent = new CopyOnWriteArrayList<>();
    private final TwinCounters counters = new TwinCounters();
    private Pty pty;
    private boolean closed;
    private Thread thread;

    Bpm200Twin(Bpm200TwinSettings settings) {
        this.settings = settings;
    }

    /** A builder for a twin whose symlink (the path the gateway opens) is {@code link}. */
    public static Builder builder(Path link) {
        return new Builder(link);
    }

    /** Plugs in (opens the pty, creates the symlink) and starts the device's thread. */
    void start() throws IOException {
        replug();
        thread = new Thread(new Bpm200TwinLoop(this, settings, counters, sent), "bpm200-twin-"
                + settings.link().getFileName());
        thread.setDaemon(true);
        thread.start();
    }

    /** The symlink the gateway opens. */
    public Path link() {
        return settings.link();
    }

    /** The current pty slave, empty while unplugged. */
    public Optional<Path> slavePath() {
        synchronized (plug) {
            return Optional.ofNullable(pty).map(Pty::slavePath);
        }
    }

    public boolean isPlugged() {
        synchronized (plug) {
            return pty != null;
        }
    }

    public Stats stats() {
        return counters.snapshot();
    }

    /** The measurements sent so far (first transmissions), oldest first. */
    public List<SentMeasurement> sent() {
        return List.copyOf(sent);
    }

    /** Waits until {@code n} measurements have been acknowledged; true if they were within {@code timeout}. */
    public boolean awaitAcked(int n, Duration timeout) {
        return counters.await(c -> c.acked >= n, timeout);
    }

    /** Waits until all {@code count} measurements are acknowledged or given up (never, with an endless count). */
    public boolean awaitFinished(Duration timeout) {
        int count = settings.count();
        return count > 0 && counters.await(c -> c.acked + c.givenUp >= count, timeout);
    }

    /** Pulls the cable: closes the pty, the symlink goes; the gateway sees the hang-up. */
    public void unplug() {
        unplug(true);
    }

    private void unplug(boolean tell) {
        Pty old;
        synchronized (plug) {
            old = pty;
            pty = null;
            plug.notifyAll();
        }
        if (old != null) {
            old.close();
            if (tell) {
                LOG.info("BPM-200 twin {}: unplugged", settings.link());
                safely(() -> settings.listener().unplugged());
            }
        }
    }

    /**
     * Plugs in again: a new pty, the symlink moved to it atomically. When still plugged this is a device reset:
     * the new pty is linked first, then the old one closed.
     */
    public void replug() throws IOException {
        Pty fresh;
        Pty old;
        synchronized (plug) {
            if (closed) {
                throw new IllegalStateException("twin closed");
            }
            fresh = Pty.open(settings.link());
            old = pty;
            pty = fresh;
            plug.notifyAll();
        }
        if (old != null) {
            old.close();
        }
        LOG.info("BPM-200 twin {}: plugged in at {}", settings.link(), fresh.slavePath());
        safely(() -> settings.listener().plugged(fresh.slavePath()));
    }

    /** Switches the device off: stops its thread and unplugs. Idempotent. */
    @Override
    public void close() {
        synchronized (plug) {
            if (closed) {
                return;
            }
            closed = true;
            plug.notifyAll();
        }
        unplug(false);
        Thread t = thread;
        if (t != null && t != Thread.currentThread()) {
            try {
                t.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** The pty to use now, waiting up to {@code maxWait} for a replug; null if still unplugged or closed. */
    Pty awaitPty(Duration maxWait) throws InterruptedException {
        long deadline = System.nanoTime() + maxWait.toNanos();
        synchronized (plug) {
            while (pty == null && !closed) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return null;
                }
                plug.wait(Math.max(1, left / 1_000_000));
            }
            return closed ? null : pty;
        }
    }

    /** Waits up to {@code duration} unless the twin is closed first; true if still open. */
    boolean pauseUnlessClosed(Duration duration) throws InterruptedException {
        long deadline = System.nanoTime() + duration.toNanos();
        synchronized (plug) {
            while (!closed) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return true;
                }
                plug.wait(Math.max(1, left / 1_000_000));
            }
            return false;
        }
    }

    boolean isClosed() {
        synchronized (plug) {
            return closed;
        }
    }

    void settled(Settled settled) {
        safely(() -> settings.listener().settled(settled));
    }

    private static void safely(Runnable call) {
        try {
            call.run();
        } catch (RuntimeException e) {
            LOG.warn("BPM-200 twin listener failed; ignored", e);
        }
    }

    @Override
    public String toString() {
        return "BPM-200 twin at " + settings.link() + " " + stats();
    }

    /** Settings of a twin; {@link #start()} plugs it in and starts it. Defaults as documented per method. */
    public static final class Builder {
        private final Path link;
        private Scenario scenario = Scenario.NORMAL;
        private List<BpValues> script = List.of();
        private Integer count;
        private Duration interval = Duration.ofSeconds(2);
        private Duration heartbeat = Duration.ofSeconds(5);
        private Duration ackTimeout = Duration.ofSeconds(1);
        private int maxRetries = Bpm200TwinLoop.MAX_RETRIES;
        private Long seed;
        private ZoneId deviceZone = ZoneId.systemDefault();
        private String unit = Bpm200Protocol.UNIT_MMHG;
        private Integer badChecksumEvery;
        private Integer garbageEvery;
        private Set<Integer> badChecksumOn = Set.of();
        private int unplugAfter;
        private Duration replugAfter = Duration.ZERO;
        private Listener listener = new Listener() { };

        private Builder(Path link) {
            this.link = Objects.requireNonNull(link, "link");
        }

        /** Kind of generated values; default NORMAL. */
        public Builder scenario(Scenario value) {
            scenario = Objects.requireNonNull(value, "scenario");
            return this;
        }

        /** Values to send first, in order (generated values follow); count defaults to their number. */
        public Builder script(List<BpValues> values) {
            script = List.copyOf(values);
            return this;
        }

        /** Measurements to send; 0 = endless. Default: the script's size, or endless without a script. */
        public Builder count(int value) {
            count = requireAtLeast(value, 0, "count");
            return this;
        }

        /** Pause after a measurement is settled (ACKed or given up) before the next; default 2 s. */
        public Builder interval(Duration value) {
            interval = requireNotNegative(value, "interval");
            return this;
        }

        /** Heartbeat when nothing was sent for this long; default 5 s; ZERO = no heartbeats. */
        public Builder heartbeat(Duration value) {
            heartbeat = requireNotNegative(value, "heartbeat");
            return this;
        }

        /** How long to wait for ACK/NAK; default 1 s. */
        public Builder ackTimeout(Duration value) {
            ackTimeout = requireNotNegative(value, "ackTimeout");
            if (value.isZero()) {
                throw new IllegalArgumentException("ackTimeout must be > 0");
            }
            return this;
        }

        /** Seed of the generated values and noise; default random. */
        public Builder seed(long value) {
            seed = value;
            return this;
        }

        /**
         * Retransmissions of an unanswered frame before the device gives it up; default 3 as the protocol says.
         * Negative: never give up, like a monitor that keeps unsent results in memory until the gateway is back.
         */
        public Builder maxRetries(int value) {
            maxRetries = value;
            return this;
        }

        /** Zone of the device clock; default the system zone. */
        public Builder deviceZone(ZoneId value) {
            deviceZone = Objects.requireNonNull(value, "deviceZone");
            return this;
        }

        /** "mmHg" (default) or "kPa". */
        public Builder unit(String value) {
            if (!Bpm200Protocol.UNIT_MMHG.equals(value) && !Bpm200Protocol.UNIT_KPA.equals(value)) {
                throw new IllegalArgumentException("unit must be mmHg or kPa: " + value);
            }
            unit = value;
            return this;
        }

        /** The first transmission of every n-th measurement has a wrong checksum; 0 = off. */
        public Builder badChecksumEvery(int n) {
            badChecksumEvery = requireAtLeast(n, 0, "badChecksumEvery");
            return this;
        }

        /** The first transmission of exactly these measurements (1-based) has a wrong checksum. */
        public Builder badChecksumOn(int... numbers) {
            badChecksumOn = java.util.Arrays.stream(numbers).boxed().collect(java.util.stream.Collectors.toSet());
            return this;
        }

        /** Line noise (no '$', no LF) just before every n-th measurement's first transmission; 0 = off. */
        public Builder garbageEvery(int n) {
            garbageEvery = requireAtLeast(n, 0, "garbageEvery");
            return this;
        }

        /** After the n-th measurement is ACKed: unplug, wait {@code replugAfter}, replug. Once. */
        public Builder unplugAfter(int n, Duration replugAfter) {
            this.unplugAfter = requireAtLeast(n, 1, "unplugAfter");
            this.replugAfter = requireNotNegative(replugAfter, "replugAfter");
            return this;
        }

        /** Progress callbacks; default none. */
        public Builder listener(Listener value) {
            listener = Objects.requireNonNull(value, "listener");
            return this;
        }

        /** Plugs the twin in and starts sending. */
        public Bpm200Twin start() throws IOException {
            boolean faulty = scenario == Scenario.FAULTY;
            Bpm200Twin twin = new Bpm200Twin(new Bpm200TwinSettings(link.toAbsolutePath(), scenario, script,
                    count != null ? count : script.size(), interval, heartbeat, ackTimeout, maxRetries,
                    seed != null ? seed : System.nanoTime(), deviceZone, unit,
                    badChecksumEvery != null ? badChecksumEvery : faulty ? 4 : 0, badChecksumOn,
                    garbageEvery != null ? garbageEvery : faulty ? 3 : 0, unplugAfter, replugAfter, listener));
            twin.start();
            return twin;
        }

        private static int requireAtLeast(int value, int min, String name) {
            if (value < min) {
                throw new IllegalArgumentException(name + " must be >= " + min + ": " + value);
            }
            return value;
        }

        private static Duration requireNotNegative(Duration value, String name) {
            if (value.isNegative()) {
                throw new IllegalArgumentException(name + " must not be negative: " + value);
            }
            return value;
        }
    }
}
