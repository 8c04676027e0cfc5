package org.smartclinic.gateway.journal;

import java.time.Instant;

import org.smartclinic.drivers.Reading;
import org.smartclinic.fhir.ExamBinding;
import org.smartclinic.gateway.binding.BindingRule;
import org.smartclinic.gateway.binding.BindingState;

/**
 * A journaled reading with its binding and delivery state.
 *
 * @param station   the station the device was at when it measured (as far as the journal knows)
 * @param exam      the exam it is bound to (BOUND, REVIEW), or null
 * @param binding   the binding decision: state, rule, evidence, version, and the time it was decided the reading
 *                  was taken
 * @param upload    its latest upload item, or null when there is none (only bound readings are uploaded)
 * @param captureId the raw capture it came from (see {@link Captures}); null for readings journaled before
 *                  captures existed. The capture itself may have expired since.
 */
public record StoredReading(long id, String station, Instant journaledAt, Reading reading, Exam exam,
        Binding binding, Outbox.Item upload, Long captureId) {

    /**
     * How the reading stands with a patient.
     *
     * @param heldExam      the exam a held reading points at, or null
     * @param version       1 for the first binding; counts up on every re-assignment
     * @param effectiveTime the time the Observation states (see {@code DeviceClock})
     * @param timeNote      why that is not simply the device's own time, or null
     */
    public record Binding(BindingState state, BindingRule rule, String evidence, String heldExam, int version,
            Instant effectiveTime, String timeNote) {
    }

    /** The upload state shown for a reading that has none: it is not bound, so it is never sent. */
    public static final String NOT_UPLOADED = "NOT_UPLOADED";

    /** The time the Observation states: the binding's decided time, else the reading's own. */
    public Instant effectiveTime() {
        return binding.effectiveTime() != null ? binding.effectiveTime() : reading.effectiveTime();
    }

    /** The latest upload's state (PENDING, SENT, DEAD, CANCELLED), or {@link #NOT_UPLOADED}. */
    public String uploadState() {
        return upload == null ? NOT_UPLOADED : upload.state().name();
    }

    public boolean bound() {
        return exam != null && (binding.state() == BindingState.BOUND || binding.state() == BindingState.REVIEW);
    }

    /** What the uplink sends for this reading: the exam's binding at the reading's version and decided time. */
    public ExamBinding examBinding() {
        if (exam == null) {
            throw new IllegalStateException("reading " + id + " is not bound to an exam; it is never uploaded");
        }
        return exam.binding(binding.version(), binding.effectiveTime(), binding.timeNote());
    }
}
