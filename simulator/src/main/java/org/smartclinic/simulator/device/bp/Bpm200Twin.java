package org.smartclinic.simulator.device.bp;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Objects;

import org.smartclinic.drivers.instrument.bp.bpm200.Bpm200Protocol;
import org.smartclinic.simulator.device.bp.Bpm200Behaviour.Count;
import org.smartclinic.simulator.twin.Checks;
import org.smartclinic.simulator.twin.FaultKnobs;
import org.smartclinic.simulator.twin.FaultPlan;
import org.smartclinic.simulator.twin.Twin;
import org.smartclinic.simulator.twin.TwinCounters;
import org.smartclinic.simulator.twin.TwinHandle;
import org.smartclinic.simulator.twin.TwinPlug;

/**
 * Device-side twin of the BPM-200 blood pressure monitor, for the gateway's demo and tests and for
 * {@code simulator run bp-monitor}: a {@link Bpm200Behaviour} on the twin engine ({@link Twin}). It speaks
 * {@link Bpm200Protocol} exactly: measurement frames {@code $M,...*CS<CR><LF>}, heartbeats {@code $S,...} when
 * idle, stop-and-wait with one frame outstanding; on NAK or no answer within the ack timeout the same frame (same
 * seq and device time) is sent again, at most 3 times, then given up.
 *
 * <p>Plugged as a pseudo-terminal ({@link #builder(Path)}: the gateway opens the symlink) or by TCP
 * ({@link #builder(TwinPlug)}: a converter in server or client mode). Fault knobs, on measurement numbers: a line
 * error (one value byte flipped, so the checksum no longer matches) on the first transmission of chosen
 * measurements, line noise (never {@code '$'} or LF) just before chosen ones, unplug after the n-th acknowledged
 * one and replug later (a pty: a new one, the symlink moved to it); more in {@link Builder#faults(FaultPlan)}.
 * While unplugged nothing is sent; after a replug the pending frame is sent again. {@link Stats} counts
 * measurement frames (except {@link Stats#framesWritten()}, which counts every frame).
 *
 * <p>Values in {@link BpValues} are mmHg; with unit {@code kPa} the device shows them converted, one decimal.
 * One daemon thread, {@code twin-bpm200-<link name>}; {@link #close()} leaves no thread or descriptor behind. Where
 * it is plugged, unplug, replug and close: {@link TwinHandle}.
 */
public final class Bpm200Twin extends TwinHandle {

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

    /** Progress callbacks, from the twin's thread (or the caller of unplug/replug); must be quick. */
    public interface Listener {
        /** Plugged in (again) on a pseudo-terminal, at this slave; not called for TCP plugs. */
        default void plugged(Path slave) {
        }

        /** Plugged in (again), any plug: the pty slave, or the address listened on or connected to. */
        default void pluggedIn(String where) {
        }

        /** The gateway is on the line: a TCP peer, or the pty from plug-in on. */
        default void connected(String peer) {
        }

        default void unplugged() {
        }

        default void settled(Settled settled) {
        }
    }

    private final Bpm200TwinSettings settings;
    private final Bpm200Behaviour behaviour;

    private Bpm200Twin(Bpm200TwinSettings settings, Bpm200Behaviour behaviour) {
        super(settings.plug(), behaviour.faults());
        this.settings = settings;
        this.behaviour = behaviour;
    }

    /** Plugs a twin with these settings in and starts its thread. */
    private static Bpm200Twin start(Bpm200TwinSettings settings) throws IOException {
        Bpm200Events events = new Bpm200Events(settings.listener(), settings.plug() instanceof TwinPlug.Pty);
        Bpm200Twin twin = new Bpm200Twin(settings, new Bpm200Behaviour(settings, events));
        twin.plugIn("bpm200", twin.behaviour, events);
        return twin;
    }

    /** A builder for a twin on a pseudo-terminal whose symlink (the path the gateway opens) is {@code link}. */
    public static Builder builder(Path link) {
        return new Builder(TwinPlug.pty(link));
    }

    /** A builder for a twin plugged as {@code plug} says (a pty, a TCP server, a TCP client). */
    public static Builder builder(TwinPlug plug) {
        return new Builder(plug);
    }

    public Stats stats() {
        TwinCounters<Count> c = behaviour.counters();
        return new Stats(c.count(Count.MEASUREMENTS_SENT), c.count(Count.ACKED), c.count(Count.NAKKED),
                c.count(Count.TIMEOUTS), c.count(Count.RETRANSMISSIONS), c.count(Count.GIVEN_UP),
                c.count(Count.FRAMES_WRITTEN));
    }

    /** The measurements sent so far (first transmissions), oldest first. */
    public List<SentMeasurement> sent() {
        return behaviour.sent();
    }

    /** Waits until {@code n} measurements have been acknowledged; true if they were within {@code timeout}. */
    public boolean awaitAcked(int n, Duration timeout) {
        return behaviour.counters().await(c -> c.get(Count.ACKED) >= n, timeout);
    }

    /** The measurements acknowledged so far (each once, in the order of their acknowledgements). */
    public List<SentMeasurement> acked() {
        return behaviour.acked();
    }

    /**
     * Stops measuring, as a person switching the device off after the current reading would: no new measurement
     * from now on; the one awaiting its answer is still sent until acknowledged or given up ({@link #awaitFinished}).
     */
    public void finish() {
        behaviour.finish();
    }

    /**
     * Waits until all {@code count} measurements (after {@link #finish()}: all made) are acknowledged or given up;
     * never true with an endless count that was not finished.
     */
    public boolean awaitFinished(Duration timeout) {
        return behaviour.counters().await(c -> behaviour.finished(), timeout);
    }

    @Override
    public String toString() {
        return "BPM-200 twin at " + settings.plug().describe() + " " + stats();
    }

    /** Settings of a twin; {@link #start()} plugs it in and starts it. Defaults as documented per method. */
    public static final class Builder {
        private final TwinPlug plug;
        private Scenario scenario = Scenario.NORMAL;
        private List<BpValues> script = List.of();
        private Integer count;
        private Duration interval = Duration.ofSeconds(2);
        private Duration heartbeat = Duration.ofSeconds(5);
        private Duration ackTimeout = Duration.ofSeconds(1);
        private int maxRetries = Bpm200Behaviour.MAX_RETRIES;
        private Long seed;
        private ZoneId deviceZone = ZoneId.systemDefault();
        private String unit = Bpm200Protocol.UNIT_MMHG;
        private final FaultKnobs faults = new FaultKnobs();
        private Listener listener = new Listener() { };

        private Builder(TwinPlug plug) {
            this.plug = Objects.requireNonNull(plug, "plug");
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
            count = Checks.atLeast(value, 0, "count");
            return this;
        }

        /** Pause after a measurement is settled (ACKed or given up) before the next; default 2 s. */
        public Builder interval(Duration value) {
            interval = Checks.notNegative(value, "interval");
            return this;
        }

        /** Heartbeat when nothing was sent for this long; default 5 s; ZERO = no heartbeats. */
        public Builder heartbeat(Duration value) {
            heartbeat = Checks.notNegative(value, "heartbeat");
            return this;
        }

        /** How long to wait for ACK/NAK; default 1 s. */
        public Builder ackTimeout(Duration value) {
            ackTimeout = Checks.positive(value, "ackTimeout");
            return this;
        }

        /** Seed of the generated values, noise and flipped bytes; default random. */
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

        /**
         * Faults beyond the knobs below (dropped frames, a flood, a fixed position for the flipped byte), numbered
         * by measurement; the knobs below override the parts they set. Default none.
         */
        public Builder faults(FaultPlan plan) {
            faults.plan(plan);
            return this;
        }

        /** The first transmission of every n-th measurement has a wrong checksum (a line error); 0 = off. */
        public Builder badChecksumEvery(int n) {
            faults.corruptEvery(Checks.atLeast(n, 0, "badChecksumEvery"));
            return this;
        }

        /** The first transmission of exactly these measurements (1-based) has a wrong checksum. */
        public Builder badChecksumOn(int... numbers) {
            faults.corruptOn(numbers);
            return this;
        }

        /** Line noise (no '$', no LF) just before every n-th measurement's first transmission; 0 = off. */
        public Builder garbageEvery(int n) {
            faults.noiseEvery(Checks.atLeast(n, 0, "garbageEvery"));
            return this;
        }

        /** After the n-th measurement is ACKed: unplug, wait {@code replugAfter}, replug. Once. */
        public Builder unplugAfter(int n, Duration replugAfter) {
            faults.unplugAfter(Checks.atLeast(n, 1, "unplugAfter"), Checks.notNegative(replugAfter, "replugAfter"));
            return this;
        }

        /** Progress callbacks; default none. */
        public Builder listener(Listener value) {
            listener = Objects.requireNonNull(value, "listener");
            return this;
        }

        /** Plugs the twin in and starts sending. */
        public Bpm200Twin start() throws IOException {
            long s = seed != null ? seed : System.nanoTime();
            // FAULTY brings its rates for the knobs not set; noise never holds a frame start or a line end.
            FaultKnobs knobs = scenario == Scenario.FAULTY ? faults.unlessSet(4, 3) : faults;
            return Bpm200Twin.start(new Bpm200TwinSettings(plug, scenario, script,
                    count != null ? count : script.size(), interval, heartbeat, ackTimeout, maxRetries, s, deviceZone,
                    unit, knobs.fold(s, Bpm200Protocol.START, Bpm200Protocol.LF), listener));
        }
    }
}
