package org.smartclinic.gateway.reading;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

import org.smartclinic.drivers.Code;
import org.smartclinic.drivers.LabResult;
import org.smartclinic.drivers.Measurement;
import org.smartclinic.drivers.Value;
import org.smartclinic.fhir.PatientIdentifier;
import org.smartclinic.gateway.journal.Outbox;
import org.smartclinic.gateway.journal.StoredReading;

/**
 * A journaled reading as the API shows it.
 *
 * @param binding   the binding: state (BOUND, REVIEW, HELD, UNASSIGNED, REJECTED), the rule and its evidence
 * @param upload    NOT_UPLOADED for readings not bound, else the latest upload's state (PENDING, SENT, DEAD,
 *                  CANCELLED)
 * @param captureId the raw capture of the bytes it came from ({@code GET /api/captures/{id}}), if kept
 * @param panel     the panel its values form (e.g. a blood count), LOINC first; empty when they stand alone
 */
public record ReadingView(long id, String device, String station, String key, Instant deviceTime,
        Instant receivedAt, Instant journaledAt, List<ValueView> values, Binding binding, Upload upload,
        Long captureId, List<Code> panel) {

    /**
     * One result: its codes, and a value with the unit as the device sent it, or components; for a laboratory
     * result also its reference range, abnormal flags, interpretation, status and note ({@code lab}, else null).
     */
    public record ValueView(List<Code> codes, Code deviceCode, BigDecimal value, String unit, String text,
            Code coded, List<ValueView> components, LabResult lab) {

        static ValueView of(Measurement m) {
            BigDecimal number = null;
            String unit = null;
            String text = null;
            Code coded = null;
            switch (m.value()) {
                case Value.Quantity q -> {
                    number = q.value();
                    unit = q.unit();
                }
                case Value.Text t -> text = t.text();
                case Value.Coded c -> coded = c.code();
                case null -> {
                }
            }
            return new ValueView(m.codes(), m.deviceCode(), number, unit, text, coded,
                    m.components().stream().map(ValueView::of).toList(), m.lab());
        }
    }

    /**
     * How the reading stands with a patient.
     *
     * @param examId        the exam it is bound to (BOUND, REVIEW)
     * @param heldExam      the exam a HELD reading points at; a person decides
     * @param patient       the bound exam's patient identifier, if it has one
     * @param rule          STATION_TIME, SAMPLE_ID, MANUAL, NONE or LEGACY
     * @param evidence      why, in words
     * @param version       1, or more after re-assignments
     * @param effectiveTime the time the Observation states
     * @param timeNote      why that is not the device's own time, if it is not
     */
    public record Binding(String state, String examId, String heldExam, PatientIdentifier patient, String rule,
            String evidence, int version, Instant effectiveTime, String timeNote, String sampleId) {
    }

    /** How far delivery to the EHR got. */
    public record Upload(String state, int attempts, String lastError, Instant sentAt, List<String> serverIds) {
    }

    public static ReadingView of(StoredReading s) {
        var r = s.reading();
        StoredReading.Binding b = s.binding();
        Binding binding = new Binding(b.state().name(), s.exam() == null ? null : s.exam().id(), b.heldExam(),
                s.exam() == null ? null : s.exam().patient(), b.rule().name(), b.evidence(), b.version(),
                s.effectiveTime(), b.timeNote(), r.sampleId());
        Outbox.Item o = s.upload();
        Upload upload = o == null ? new Upload(StoredReading.NOT_UPLOADED, 0, null, null, List.of())
                : new Upload(o.state().name(), o.attempts(), o.lastError(), o.sentAt(), o.serverIds());
        return new ReadingView(s.id(), r.deviceId(), s.station(), r.key(), r.deviceTime(), r.receivedAt(),
                s.journaledAt(), r.measurements().stream().map(ValueView::of).toList(), binding, upload, s.captureId(),
                r.panel());
    }
}
