package org.smartclinic.simulator.device.lab.el30;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Objects;

import org.smartclinic.drivers.instrument.lab.el30.El30Protocol;
import org.smartclinic.simulator.device.lab.el30.El30Behaviour.Count;
import org.smartclinic.simulator.twin.Checks;
import org.smartclinic.simulator.twin.FaultKnobs;
import org.smartclinic.simulator.twin.FaultPlan;
import org.smartclinic.simulator.twin.Twin;
import org.smartclinic.simulator.twin.TwinCounters;
import org.smartclinic.simulator.twin.TwinHandle;
import org.smartclinic.simulator.twin.TwinPlug;

/**
 * Device-side twin of the EL-30 electrolyte analyzer, for the gateway's demo and tests and for
 * {@code simulator run el30}: an {@link El30Behaviour} on the twin engine ({@link Twin}). It speaks
 * {@link El30Protocol} exactly: one printed report per sample between STX and ETX with its checksum, one report
 * outstanding; on NAK or no answer within the ack timeout (3 s) the same report is sent again, at most 3 times,
 * then given up.
 *
 * <p>Reports: a script of {@link Sample}s first, then Na, K, Cl as given ({@link Builder#values}) or generated from
 * the seed, for the sample ids given (cycled; none = no SAMPLE line). Results are flagged H or L against the
 * analyzer's reference ranges as the analyzer does. Fault knobs, on report numbers: a line error in the result
 * lines (the checksum no longer matches) on the first transmission of chosen reports, line noise (never STX or LF)
 * just before chosen ones, and more in {@link Builder#faults(FaultPlan)}. Plugged as a pseudo-terminal or by TCP;
 * one daemon thread, {@code twin-el30-<link name>}; {@link #close()} leaves no thread or descriptor behind.
 */
public final class El30Twin extends TwinHandle {

    /**
     * One analyte line, as printed.
     *
     * @param value e.g. {@code 141.2}, or dashes for no result
     * @param unit  {@code mmol/L}, or empty
     * @param range e.g. {@code 136.0-145.0}, or empty
     * @param flag  {@code H}, {@code L} or empty
     */
    public record Result(String code, String value, String unit, String range, String flag) {
        public Result {
            Objects.requireNonNull(code, "code");
            Objects.requireNonNull(value, "value");
            Objects.requireNonNull(unit, "unit");
            Objects.requireNonNull(range, "range");
            Objects.requireNonNull(flag, "flag");
        }
    }

    /**
     * One sample's report content.
     *
     * @param sampleId  the ten-digit sample id scanned from the tube, or null for none
     * @param patientId keyed in at the analyzer, or null
     * @param results   at least one
     */
    public record Sample(String sampleId, String patientId, List<Result> results) {
        public Sample {
            results = List.copyOf(results);
            if (results.isEmpty()) {
                throw new IllegalArgumentException("a sample needs at least one result");
            }
        }

        /** Na, K and Cl in mmol/L, flagged against the analyzer's ranges; no patient id. */
        public static Sample electrolytes(String sampleId, BigDecimal na, BigDecimal k, BigDecimal cl) {
            return new Sample(sampleId, null, El30Reports.electrolytes(na, k, cl));
        }
    }

    /** A report the twin sent (first transmission): its number (1 first), date line, content and printed lines. */
    public record SentReport(int number, LocalDateTime deviceTime, Sample sample, List<String> lines) {
    }

    /** How a report ended: acknowledged, or given up after the retries; with the NAKs and timeouts seen. */
    public record Settled(SentReport report, boolean acked, int naks, int timeouts) {
    }

    /** Counts of reports (framesWritten: every transmission, re-sends included). */
    public record Stats(int reportsSent, int acked, int nakked, int timeouts, int retransmissions, int givenUp,
            int framesWritten) {
    }

    /** Progress callbacks, from the twin's thread (or the caller of unplug/replug); must be quick. */
    public interface Listener {
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

    private final El30TwinSettings settings;
    private final El30Behaviour behaviour;

    private El30Twin(El30TwinSettings settings, El30Behaviour behaviour) {
        super(settings.plug(), behaviour.faults());
        this.settings = settings;
        this.behaviour = behaviour;
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
        return new Stats(c.count(Count.REPORTS_SENT), c.count(Count.ACKED), c.count(Count.NAKKED),
                c.count(Count.TIMEOUTS), c.count(Count.RETRANSMISSIONS), c.count(Count.GIVEN_UP),
                c.count(Count.FRAMES_WRITTEN));
    }

    /** The reports sent so far (first transmissions), oldest first. */
    public List<SentReport> sent() {
        return behaviour.sent();
    }

    /** Waits until all {@code count} reports are acknowledged or given up (never, with an endless count). */
    public boolean awaitFinished(Duration timeout) {
        int count = settings.count();
        return count > 0 && behaviour.counters().await(c -> c.get(Count.ACKED) + c.get(Count.GIVEN_UP) >= count,
                timeout);
    }

    @Override
    public String toString() {
        return "EL-30 twin at " + settings.plug().describe() + " " + stats();
    }

    /** Settings of a twin; {@link #start()} plugs it in and starts it. Defaults as documented per method. */
    public static final class Builder {
        private final TwinPlug plug;
        private String serial = "30A1234";
        private List<Sample> script = List.of();
        private List<String> sampleIds = List.of();
        private List<BigDecimal> values;
        private Integer count;
        private Duration interval = Duration.ofSeconds(2);
        private Duration ackTimeout = Duration.ofSeconds(3);
        private int maxRetries = El30Behaviour.MAX_RETRIES;
        private Long seed;
        private ZoneId deviceZone = ZoneId.systemDefault();
        private final FaultKnobs faults = new FaultKnobs();
        private Listener listener = new Listener() { };

        private Builder(TwinPlug plug) {
            this.plug = Objects.requireNonNull(plug, "plug");
        }

        /** Serial number on the first line; default 30A1234. */
        public Builder serial(String value) {
            if (!value.matches("[A-Z0-9-]{1,16}")) {
                throw new IllegalArgumentException("serial must be 1..16 of A-Z 0-9 -: " + value);
            }
            serial = value;
            return this;
        }

        /** Samples to report first, in order; count defaults to their number. */
        public Builder script(List<Sample> samples) {
            script = List.copyOf(samples);
            return this;
        }

        /** Sample ids (ten digits) for the reports after the script, cycled; default none (no SAMPLE line). */
        public Builder sampleIds(List<String> ids) {
            ids.forEach(id -> {
                if (!id.matches("\\d{10}")) {
                    throw new IllegalArgumentException("a sample id is ten digits: " + id);
                }
            });
            sampleIds = List.copyOf(ids);
            return this;
        }

        /** Na, K, Cl (mmol/L) for every report after the script; default generated from the seed. */
        public Builder values(BigDecimal na, BigDecimal k, BigDecimal cl) {
            values = List.of(positive(na, "Na"), positive(k, "K"), positive(cl, "Cl"));
            return this;
        }

        /** Reports to send; 0 = endless. Default: the script's size, or endless without a script. */
        public Builder count(int value) {
            count = Checks.atLeast(value, 0, "count");
            return this;
        }

        /** Pause after a report is settled before the next; default 2 s. */
        public Builder interval(Duration value) {
            interval = Checks.notNegative(value, "interval");
            return this;
        }

        /** How long to wait for ACK/NAK; default 3 s as the protocol says. */
        public Builder ackTimeout(Duration value) {
            ackTimeout = Checks.positive(value, "ackTimeout");
            return this;
        }

        /** Re-sends of an unanswered report before giving it up; default 3; negative = never give up. */
        public Builder maxRetries(int value) {
            maxRetries = value;
            return this;
        }

        /** Seed of generated values, noise and flipped bytes; default random. */
        public Builder seed(long value) {
            seed = value;
            return this;
        }

        /** Zone of the analyzer's clock; default the system zone. */
        public Builder deviceZone(ZoneId value) {
            deviceZone = Objects.requireNonNull(value, "deviceZone");
            return this;
        }

        /** Faults beyond the knobs below, numbered by report; the knobs override the parts they set. */
        public Builder faults(FaultPlan plan) {
            faults.plan(plan);
            return this;
        }

        /** The first transmission of every n-th report has a wrong checksum (a line error); 0 = off. */
        public Builder badChecksumEvery(int n) {
            faults.corruptEvery(Checks.atLeast(n, 0, "badChecksumEvery"));
            return this;
        }

        /** The first transmission of exactly these reports (1-based) has a wrong checksum. */
        public Builder badChecksumOn(int... numbers) {
            faults.corruptOn(numbers);
            return this;
        }

        /** Line noise (no STX, no LF) just before every n-th report's first transmission; 0 = off. */
        public Builder garbageEvery(int n) {
            faults.noiseEvery(Checks.atLeast(n, 0, "garbageEvery"));
            return this;
        }

        /** Progress callbacks; default none. */
        public Builder listener(Listener value) {
            listener = Objects.requireNonNull(value, "listener");
            return this;
        }

        /** Plugs the twin in and starts sending. */
        public El30Twin start() throws IOException {
            long s = seed != null ? seed : System.nanoTime();
            El30TwinSettings settings = new El30TwinSettings(plug, serial, script, sampleIds, values,
                    count != null ? count : script.size(), interval, ackTimeout, maxRetries, s, deviceZone,
                    faults.fold(s, El30Protocol.STX, El30Protocol.LF), listener);
            El30Events events = new El30Events(listener);
            El30Twin twin = new El30Twin(settings, new El30Behaviour(settings, events::settled));
            twin.plugIn("el30", twin.behaviour, events);
            return twin;
        }

        private static BigDecimal positive(BigDecimal value, String name) {
            if (value.signum() <= 0) {
                throw new IllegalArgumentException(name + " must be positive: " + value);
            }
            return value;
        }
    }
}
