package org.smartclinic.fhir;

import java.util.Objects;

/**
 * A reading, or one of its results, cannot be turned into FHIR without guessing: an unknown or unconvertible unit,
 * a result without a LOINC coding, a value of the wrong kind for its code. The reading must then go to a person
 * (dead-letter / unassigned list) with {@link #getMessage()}; it is never dropped silently and no value is made up.
 *
 * <p>Checked on purpose: every caller of the mapper is a hand-off point (outbox, uplink) that has to decide what
 * happens to the reading, and the compiler makes sure it does. {@link #reason()} is a stable code for counters
 * such as {@code fhir_mapping_rejected_total{reason}}.
 */
public final class MappingException extends Exception {

    /** Why a reading could not be mapped; {@link #code()} is stable and safe for metrics labels. */
    public enum Reason {
        /** The device unit is not in the alias table. */
        UNKNOWN_UNIT("unknown-unit"),
        /** The unit is known but cannot be converted to the unit the code requires. */
        UNCONVERTIBLE_UNIT("unconvertible-unit"),
        /** A result has no LOINC coding (or a waveform no standard coding). */
        NO_STANDARD_CODE("no-standard-code"),
        /** The value's kind does not fit the code (text for a vital sign that needs a number). */
        WRONG_VALUE_TYPE("wrong-value-type"),
        /** A panel lacks a component its profile requires (blood pressure without diastolic). */
        INCOMPLETE_PANEL("incomplete-panel"),
        /** A shape FHIR cannot carry as sent: nested panels, an empty waveform. */
        UNSUPPORTED_STRUCTURE("unsupported-structure"),
        /** Two results of one reading would get the same identifier, so the server would keep only one. */
        DUPLICATE_RESULT("duplicate-result");

        private final String code;

        Reason(String code) {
            this.code = code;
        }

        /** Stable lower-case code. */
        public String code() {
            return code;
        }
    }

    private final Reason reason;

    /** A failure with its reason and a message naming the device, code and what to do. */
    public MappingException(Reason reason, String message) {
        this(reason, message, null);
    }

    /** As {@link #MappingException(Reason, String)}, keeping the lower-level failure as cause. */
    public MappingException(Reason reason, String message, Throwable cause) {
        super(Objects.requireNonNull(message, "message"), cause);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    /** Why the mapping failed. */
    public Reason reason() {
        return reason;
    }

    /** The same failure with {@code context} (device, reading, code) put in front of the message. */
    public MappingException in(String context) {
        return new MappingException(reason, context + ": " + getMessage(), this);
    }
}
