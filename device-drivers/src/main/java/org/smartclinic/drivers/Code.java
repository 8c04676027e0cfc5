package org.smartclinic.drivers;

import java.util.Objects;

/**
 * A coded concept: code system URI, code, human-readable display.
 *
 * @param system  the code system URI, e.g. {@link #LOINC} or {@link #MDC}
 * @param code    the code within that system
 * @param display the display text; may be empty, never null
 */
public record Code(String system, String code, String display) {

    /** LOINC, as FHIR names it. */
    public static final String LOINC = "http://loinc.org";
    /** ISO/IEEE 11073-10101 nomenclature (MDC), as FHIR names it. */
    public static final String MDC = "urn:iso:std:iso:11073:10101";
    /** Prefix of the systems of an instrument's own codes: the driver id follows, e.g. {@code ...:bpm200}. */
    public static final String DEVICE_CODE_PREFIX = "urn:smartclinic:device-code:";

    public Code {
        Objects.requireNonNull(system, "system");
        Objects.requireNonNull(code, "code");
        display = display == null ? "" : display;
    }

    /** A code of the instrument family {@code driverId}, in its own system. */
    public static Code deviceCode(String driverId, String code, String display) {
        return new Code(DEVICE_CODE_PREFIX + driverId, code, display);
    }

    public boolean isIn(String codeSystem) {
        return system.equals(codeSystem);
    }
}
