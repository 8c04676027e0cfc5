package org.smartclinic.drivers.codec.astm.record;

import java.util.Optional;

/** Report types of O.26 (ASTM E1394-97 / CLSI LIS2-A2): what an order record is. */
public enum AstmReportType {
    /** {@code O}: an order; the sender asks for the analysis. */
    ORDER("O"),
    /** {@code C}: correction of results sent before. */
    CORRECTION("C"),
    /** {@code P}: preliminary results. */
    PRELIMINARY("P"),
    /** {@code F}: final results. */
    FINAL("F"),
    /** {@code X}: the order cannot be done, or was cancelled. */
    CANCELLED("X"),
    /** {@code I}: in the instrument, pending. */
    PENDING("I"),
    /** {@code Y}: answer to a query: no order on record for this test. */
    NO_ORDER("Y"),
    /** {@code Z}: answer to a query: no record of this patient. */
    NO_PATIENT("Z"),
    /** {@code Q}: answer to a request-information (Q) record. */
    QUERY_RESPONSE("Q");

    private final String code;

    AstmReportType(String code) {
        this.code = code;
    }

    /** The code as sent in O.26. */
    public String code() {
        return code;
    }

    /** The report type this code stands for; empty for a code the standard does not define. */
    public static Optional<AstmReportType> fromCode(String code) {
        for (AstmReportType type : values()) {
            if (type.code.equals(code)) {
                return Optional.of(type);
            }
        }
        return Optional.empty();
    }
}
