package org.smartclinic.drivers.codec.astm.record;

import java.util.Optional;

/** Result status of R.9 (ASTM E1394-97 / CLSI LIS2-A2), by their codes as sent. */
public enum AstmResultStatus {
    /** {@code C}: correction of a result sent before. */
    CORRECTION("C"),
    /** {@code P}: preliminary. */
    PRELIMINARY("P"),
    /** {@code F}: final. */
    FINAL("F"),
    /** {@code X}: the test cannot be done (no value). */
    CANNOT_BE_DONE("X"),
    /** {@code I}: in the instrument, result pending. */
    PENDING("I"),
    /** {@code S}: partial result. */
    PARTIAL("S"),
    /** {@code M}: the result is a MIC level. */
    MIC_LEVEL("M"),
    /** {@code R}: sent before (a repeat transmission). */
    PREVIOUSLY_TRANSMITTED("R"),
    /** {@code N}: carries what is needed to run a new order. */
    NEW_ORDER_INFORMATION("N"),
    /** {@code Q}: answer to an outstanding query. */
    QUERY_RESPONSE("Q"),
    /** {@code V}: verified by an operator. */
    OPERATOR_VERIFIED("V"),
    /** {@code W}: warning, validity questionable. */
    WARNING("W");

    private final String code;

    AstmResultStatus(String code) {
        this.code = code;
    }

    /** The code as sent in R.9. */
    public String code() {
        return code;
    }

    /** The status this code stands for; empty for a code the standard does not define. */
    public static Optional<AstmResultStatus> fromCode(String code) {
        for (AstmResultStatus status : values()) {
            if (status.code.equals(code)) {
                return Optional.of(status);
            }
        }
        return Optional.empty();
    }
}
