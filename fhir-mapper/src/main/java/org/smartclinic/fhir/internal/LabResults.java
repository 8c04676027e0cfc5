package org.smartclinic.fhir.internal;

import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;

import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Observation.ObservationReferenceRangeComponent;
import org.hl7.fhir.r4.model.Observation.ObservationStatus;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.SimpleQuantity;
import org.hl7.fhir.r4.model.Type;
import org.smartclinic.drivers.LabResult;
import org.smartclinic.drivers.Measurement;
import org.smartclinic.drivers.Value;
import org.smartclinic.fhir.MappingException;
import org.smartclinic.fhir.UcumQuantity;
import org.smartclinic.fhir.UcumUnits;

/**
 * What a laboratory result adds to its Observation ({@link LabResult}): status, reference range, interpretation,
 * notes; and a cancelled result's missing value. Applied after the value was mapped, because the range is written
 * in the value's UCUM unit.
 *
 * <ul>
 *   <li>{@code status}: final, preliminary, corrected or cancelled, as the analyzer said.</li>
 *   <li>Cancelled: no value, {@code dataAbsentReason} {@value #DATA_ABSENT_SYSTEM} {@code not-performed} when the
 *       analyzer's text says the test was not done, else {@code error} (it ran and produced nothing usable); the
 *       analyzer's text, or the value it still sent, goes into a note, so nothing is dropped.</li>
 *   <li>{@code referenceRange}: low and high as SimpleQuantity converted to the value's UCUM unit with the same
 *       rules as the value ({@link UcumUnits#normalize}); an empty range unit means the result's own unit; the
 *       analyzer's text in {@code text}. For a coded or text result only the text is written.</li>
 *   <li>{@code interpretation}: one CodeableConcept per code (v3 ObservationInterpretation). Flags the code table
 *       could not map (more flags than codes) are written into a note as sent.</li>
 *   <li>{@link LabResult#note()} as a note.</li>
 * </ul>
 */
public final class LabResults {

    /** Code system of {@code Observation.dataAbsentReason}. */
    public static final String DATA_ABSENT_SYSTEM = "http://terminology.hl7.org/CodeSystem/data-absent-reason";

    private final UcumUnits units;

    public LabResults(UcumUnits units) {
        this.units = units;
    }

    /** Adds what {@code measurement.lab()} says to {@code observation}, whose value is already set. */
    public void apply(Observation observation, Measurement measurement) throws MappingException {
        LabResult lab = measurement.lab();
        if (lab.range() != null) {
            observation.addReferenceRange(range(lab.range(), measurement.value(), observation.getValue()));
        }
        for (var code : lab.interpretations()) {
            observation.addInterpretation(new CodeableConcept().addCoding(ObservationCodes.coding(code)));
        }
        if (lab.deviceFlags().size() > lab.interpretations().size()) {
            observation.addNote().setText("Analyzer flags: " + String.join(" ", lab.deviceFlags()));
        }
        observation.setStatus(status(lab.status()));
        if (lab.status() == LabResult.Status.CANCELLED) {
            cancel(observation, measurement.value());
        }
        if (lab.note() != null && !lab.note().isBlank()) {
            observation.addNote().setText(lab.note());
        }
    }

    /**
     * The status of a panel's grouping Observation: preliminary while any member is, else corrected when any
     * member was, cancelled when all were, else final.
     */
    public static ObservationStatus groupStatus(List<Observation> members) {
        if (members.stream().anyMatch(m -> m.getStatus() == ObservationStatus.PRELIMINARY)) {
            return ObservationStatus.PRELIMINARY;
        }
        if (members.stream().anyMatch(m -> m.getStatus() == ObservationStatus.CORRECTED)) {
            return ObservationStatus.CORRECTED;
        }
        return members.stream().allMatch(m -> m.getStatus() == ObservationStatus.CANCELLED)
                ? ObservationStatus.CANCELLED : ObservationStatus.FINAL;
    }

    private static ObservationStatus status(LabResult.Status status) {
        return switch (status) {
            case FINAL -> ObservationStatus.FINAL;
            case PRELIMINARY -> ObservationStatus.PRELIMINARY;
            case CORRECTED -> ObservationStatus.CORRECTED;
            case CANCELLED -> ObservationStatus.CANCELLED;
        };
    }

    private ObservationReferenceRangeComponent range(LabResult.Range range, Value value, Type fhirValue)
            throws MappingException {
        ObservationReferenceRangeComponent out = new ObservationReferenceRangeComponent();
        if (value instanceof Value.Quantity quantity && fhirValue instanceof Quantity mapped) {
            String unit = range.unit().isEmpty() ? quantity.unit() : range.unit();
            if (range.low() != null) {
                out.setLow(limit(range.low(), unit, mapped.getCode()));
            }
            if (range.high() != null) {
                out.setHigh(limit(range.high(), unit, mapped.getCode()));
            }
        }
        if (!range.text().isBlank()) {
            out.setText(range.text());
        }
        return out;
    }

    private SimpleQuantity limit(BigDecimal limit, String deviceUnit, String targetUcum) throws MappingException {
        UcumQuantity ucum = units.normalize(limit, deviceUnit, targetUcum);
        SimpleQuantity quantity = new SimpleQuantity();
        quantity.setValue(ucum.value()).setUnit(ucum.display()).setSystem(UcumUnits.SYSTEM).setCode(ucum.code());
        return quantity;
    }

    private static void cancel(Observation observation, Value value) {
        observation.setValue(null);
        String text = switch (value) {
            case Value.Text t -> t.text().strip();
            case Value.Quantity q -> "value sent with the cancelled result: " + q.value().toPlainString() + " "
                    + q.unit();
            case Value.Coded c -> "value sent with the cancelled result: " + ObservationCodes.describe(c.code());
            case null -> "";
        };
        String lower = text.toLowerCase(Locale.ROOT);
        boolean notDone = lower.contains("not performed") || lower.contains("not done");
        observation.setDataAbsentReason(new CodeableConcept().addCoding(notDone
                ? new Coding(DATA_ABSENT_SYSTEM, "not-performed", "Not Performed")
                : new Coding(DATA_ABSENT_SYSTEM, "error", "Error")));
        if (!text.isBlank()) {
            observation.addNote().setText(text);
        }
    }
}
