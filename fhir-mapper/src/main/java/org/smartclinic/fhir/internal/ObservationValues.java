package org.smartclinic.fhir.internal;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.stream.Collectors;

import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.SampledData;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.Type;
import org.smartclinic.drivers.Value;
import org.smartclinic.drivers.Waveform;
import org.smartclinic.fhir.MappingException;
import org.smartclinic.fhir.MappingException.Reason;
import org.smartclinic.fhir.UcumQuantity;
import org.smartclinic.fhir.UcumUnits;
import org.smartclinic.fhir.internal.VitalSigns.VitalSign;

/**
 * The {@code value[x]} of an Observation or component: numbers as UCUM {@code valueQuantity} (converted to the
 * vital sign's unit where one is required), text as {@code valueString}, coded results as
 * {@code valueCodeableConcept}, waveforms as {@code valueSampledData}. A vital sign only accepts a number.
 */
public final class ObservationValues {

    private final UcumUnits units;

    public ObservationValues(UcumUnits units) {
        this.units = units;
    }

    /** {@code value} as FHIR; {@code sign} is the result's vital sign or null. */
    public Type value(Value value, VitalSign sign) throws MappingException {
        return switch (value) {
            case Value.Quantity q -> quantity(q, sign);
            case Value.Text t -> {
                requireNotVital(sign, "text");
                yield new StringType(t.text());
            }
            case Value.Coded c -> {
                requireNotVital(sign, "a code");
                yield new CodeableConcept().addCoding(ObservationCodes.coding(c.code()));
            }
        };
    }

    /** A waveform: origin 0 in its unit, period in milliseconds, one dimension, samples space-separated. */
    public SampledData sampledData(Waveform waveform) throws MappingException {
        if (waveform.samples().length == 0) {
            throw new MappingException(Reason.UNSUPPORTED_STRUCTURE, "waveform without samples");
        }
        SampledData data = new SampledData()
                .setOrigin(fhirQuantity(units.quantity(BigDecimal.ZERO, waveform.unit())))
                .setPeriod(BigDecimal.valueOf(waveform.periodMillis()))
                .setDimensions(1)
                .setData(Arrays.stream(waveform.samples()).mapToObj(Integer::toString)
                        .collect(Collectors.joining(" ")));
        if (waveform.factor() != 1.0) {
            data.setFactor(BigDecimal.valueOf(waveform.factor()));
        }
        return data;
    }

    private Quantity quantity(Value.Quantity value, VitalSign sign) throws MappingException {
        UcumQuantity ucum = sign != null && sign.unit() != null
                ? units.normalize(value.value(), value.unit(), sign.unit())
                : units.quantity(value.value(), value.unit());
        return fhirQuantity(ucum);
    }

    private static Quantity fhirQuantity(UcumQuantity ucum) {
        return new Quantity().setValue(ucum.value()).setUnit(ucum.display()).setSystem(UcumUnits.SYSTEM)
                .setCode(ucum.code());
    }

    private static void requireNotVital(VitalSign sign, String kind) throws MappingException {
        if (sign != null) {
            throw new MappingException(Reason.WRONG_VALUE_TYPE, "vital sign LOINC " + sign.loinc()
                    + " needs a number with a unit, the device sent " + kind);
        }
    }
}
