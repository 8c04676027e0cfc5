package org.smartclinic.drivers;

import java.util.List;
import java.util.Objects;

/**
 * One result of a reading: the device's own code, the standard codings its code table gives for it (LOINC first,
 * then IEEE 11073 MDC where one exists), and either a value or components (a panel such as blood pressure has
 * components and no value of its own).
 *
 * @param deviceCode the instrument's own code for this result
 * @param codes      standard codings, LOINC first; may be empty when the code table has none
 * @param value      the value; null for a panel that only has components
 * @param components the components of a panel; empty otherwise
 * @param lab        reference range, flags, status and note of a laboratory result; null for other results
 */
public record Measurement(Code deviceCode, List<Code> codes, Value value, List<Measurement> components,
        LabResult lab) {

    public Measurement {
        Objects.requireNonNull(deviceCode, "deviceCode");
        codes = List.copyOf(codes);
        components = List.copyOf(components);
        if (value == null && components.isEmpty()) {
            throw new IllegalArgumentException("a measurement needs a value or components: " + deviceCode.code());
        }
    }

    /** A result that is not a laboratory result. */
    public Measurement(Code deviceCode, List<Code> codes, Value value, List<Measurement> components) {
        this(deviceCode, codes, value, components, null);
    }

    /** A single-valued laboratory result. */
    public static Measurement lab(Code deviceCode, List<Code> codes, Value value, LabResult lab) {
        return new Measurement(deviceCode, codes, Objects.requireNonNull(value, "value"), List.of(),
                Objects.requireNonNull(lab, "lab"));
    }

    /** A single-valued result. */
    public static Measurement of(Code deviceCode, List<Code> codes, Value value) {
        return new Measurement(deviceCode, codes, Objects.requireNonNull(value, "value"), List.of());
    }

    /** A panel of components. */
    public static Measurement panel(Code deviceCode, List<Code> codes, List<Measurement> components) {
        return new Measurement(deviceCode, codes, null, components);
    }

    /** The first standard coding in {@code system}, if any. */
    public java.util.Optional<Code> code(String system) {
        return codes.stream().filter(c -> c.isIn(system)).findFirst();
    }
}
