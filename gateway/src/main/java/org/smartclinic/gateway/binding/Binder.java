package org.smartclinic.gateway.binding;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

import org.smartclinic.drivers.Reading;

/**
 * Decides a new reading's binding from the facts the journal holds (see {@code docs/binding.md}):
 * <ol>
 *   <li>(b) a sample id binds to the exam that issued it, open or closed; an id this gateway never issued leaves
 *       the reading unassigned (never a fallback to the station's exam: the sample may be someone else's);</li>
 *   <li>(a) otherwise the device must have stayed at one station throughout the interval that surely contains the
 *       moment of measurement ({@link DeviceClock}; the tolerance widens it, and a device move within the tolerance
 *       of it counts), and exactly one exam of that station must have been open during that whole interval; an
 *       interval reaching into two exams, or into one exam and time without one (measured around the opening or
 *       closing), is held for a person; no exam at all leaves it unassigned;</li>
 *   <li>(c) a patient id entered at the device must match one of the exam patient's identifiers (ignoring case,
 *       spaces and hyphens), otherwise the reading is held;</li>
 *   <li>a bound reading at a station whose policy is {@code confirm} waits for the GP ({@link BindingState#REVIEW}).</li>
 * </ol>
 * Evidence texts name stations, exams, times and sample ids, never a patient's identifier or name.
 */
public final class Binder {

    /** An exam as binding sees it: the period it collects readings in (open to close or automatic close). */
    public record ExamSpan(String examId, String station, Instant openedAt, Instant end) {

        boolean covers(Instant from, Instant to) {
            return !from.isBefore(openedAt) && !to.isAfter(end);
        }

        boolean touches(Instant from, Instant to) {
            return !to.isBefore(openedAt) && !from.isAfter(end);
        }
    }

    /** What the journal knows, read inside the transaction that stores the reading. */
    public interface Facts {
        /** The stations the device was at during [from, to] (one element when it did not move), in order. */
        List<String> stationsOf(String deviceId, Instant from, Instant to);

        /** Exams of {@code station} whose period (open to close, or to its automatic close) reaches into [from, to]. */
        List<ExamSpan> examsAt(String station, Instant from, Instant to);

        /** The exam that issued {@code sampleId}. */
        Optional<ExamSpan> examOfSample(String sampleId);

        /** The identifier values of the exam's patient, normalised with {@link #normalise}. */
        Set<String> patientIdentifiers(String examId);

        /** Whether bound readings at {@code station} wait for the GP's confirmation. */
        boolean confirmFirst(String station);
    }

    /**
     * The decision.
     *
     * @param examId   the exam bound to (BOUND, REVIEW) or pointed at (HELD), else null
     * @param station  the station the device was at when it measured, or null when that is ambiguous
     * @param evidence why, in words for the GP and technician
     */
    public record Decision(BindingState state, BindingRule rule, String examId, String station, String evidence) {
    }

    /** How far back the unknown start of an interval reaches when a clock jumped ahead. */
    private static final Duration UNKNOWN_START = Duration.ofDays(365L * 50);

    private final Duration tolerance;

    public Binder(Duration tolerance) {
        this.tolerance = tolerance;
    }

    public Decision decide(Reading reading, DeviceClock.Timing timing, Facts facts) {
        return decide(reading, timing, facts, IsoInstant::of);
    }

    /**
     * {@link #decide(Reading, DeviceClock.Timing, Facts)} with the evidence's times written by {@code text} (as
     * {@link IsoInstant#of}): the journal passes the reading's times it has already written.
     */
    public Decision decide(Reading reading, DeviceClock.Timing timing, Facts facts, Function<Instant, String> text) {
        if (reading.sampleId() != null) {
            return bySample(reading, facts);
        }
        Instant to = timing.to();
        Instant from = timing.from() == null ? to.minus(UNKNOWN_START) : timing.from();
        String when = timing.from() == null ? "at an unknown time up to " + text.apply(to)
                : from.equals(to) ? "at " + text.apply(to)
                        : "between " + text.apply(from) + " and " + text.apply(to);
        List<String> stations = facts.stationsOf(reading.deviceId(), from.minus(tolerance), to.plus(tolerance));
        if (stations.size() != 1) {
            return new Decision(stations.isEmpty() ? BindingState.UNASSIGNED : BindingState.HELD, BindingRule.NONE,
                    null, null, stations.isEmpty() ? "the device had no station when it measured (" + when + ")"
                            : "the device moved between stations " + stations + " around the measurement (" + when
                                    + ")");
        }
        String station = stations.getFirst();
        List<ExamSpan> near = touching(facts.examsAt(station, from, to), from, to);
        if (near.isEmpty()) {
            return new Decision(BindingState.UNASSIGNED, BindingRule.NONE, null, station,
                    "no exam was open at station " + station + " when the device measured (" + when + ")");
        }
        if (near.size() > 1) {
            return new Decision(BindingState.HELD, BindingRule.NONE, near.getLast().examId(), station,
                    "measured " + when + ", which reaches into " + near.size() + " exams at station " + station
                            + " (" + near.stream().map(ExamSpan::examId).toList() + "): a person decides");
        }
        ExamSpan exam = near.getFirst();
        if (!exam.covers(from, to)) {
            return new Decision(BindingState.HELD, BindingRule.NONE, exam.examId(), station, "measured " + when
                    + ", partly outside exam " + exam.examId() + " (open " + exam.openedAt() + " to " + exam.end()
                    + ")" + (timing.note() == null ? "" : "; " + timing.note()) + ": a person decides");
        }
        String evidence = "exam " + exam.examId() + " was open at station " + station + " when the device measured ("
                + when + ", by " + (timing.source().equals("device") ? "the device's clock" : "receive time") + ")";
        return patientCheck(reading, exam, BindingRule.STATION_TIME, evidence, facts);
    }

    /** The exams of {@code exams} that touch the interval; a loop, as this runs for every reading journaled. */
    private static List<ExamSpan> touching(List<ExamSpan> exams, Instant from, Instant to) {
        List<ExamSpan> near = List.of();
        for (ExamSpan e : exams) {
            if (e.touches(from, to)) {
                near = near.isEmpty() ? new ArrayList<>(2) : near;
                near.add(e);
            }
        }
        return near;
    }

    private Decision bySample(Reading reading, Facts facts) {
        Optional<ExamSpan> exam = facts.examOfSample(reading.sampleId());
        if (exam.isEmpty()) {
            return new Decision(BindingState.UNASSIGNED, BindingRule.NONE, null, null,
                    "sample id " + reading.sampleId() + " was not issued by this gateway");
        }
        return patientCheck(reading, exam.get(), BindingRule.SAMPLE_ID,
                "sample id " + reading.sampleId() + " was issued for exam " + exam.get().examId(), facts);
    }

    private static Decision patientCheck(Reading reading, ExamSpan exam, BindingRule rule, String evidence,
            Facts facts) {
        if (reading.devicePatientId() != null
                && !facts.patientIdentifiers(exam.examId()).contains(normalise(reading.devicePatientId()))) {
            return new Decision(BindingState.HELD, rule, exam.examId(), exam.station(), evidence
                    + "; but the patient id entered at the device matches none of the exam patient's identifiers");
        }
        String checked = reading.devicePatientId() == null ? evidence
                : evidence + "; the patient id entered at the device matches the exam's patient";
        return new Decision(facts.confirmFirst(exam.station()) ? BindingState.REVIEW : BindingState.BOUND, rule,
                exam.examId(), exam.station(), checked);
    }

    /** An identifier value as compared with a device-side patient id: upper case, without spaces or hyphens. */
    public static String normalise(String value) {
        return value.replaceAll("[\\s\\-]", "").toUpperCase(Locale.ROOT);
    }
}
