package org.smartclinic.drivers.codec.astm.record;

import java.util.Optional;

/** Termination codes of L.3 (ASTM E1394-97 / CLSI LIS2-A2). An empty L.3 means {@link #NORMAL}. */
public enum AstmTerminationCode {
    /** {@code N} (or empty): normal termination. */
    NORMAL("N"),
    /** {@code T}: the sender aborted. */
    SENDER_ABORTED("T"),
    /** {@code R}: the receiver asked to abort. */
    RECEIVER_ABORTED("R"),
    /** {@code E}: unknown system error. */
    SYSTEM_ERROR("E"),
    /** {@code Q}: error in the last request for information. */
    QUERY_ERROR("Q"),
    /** {@code I}: no information available for the last request for information. */
    NO_INFORMATION("I"),
    /** {@code F}: the last request for information was processed. */
    QUERY_PROCESSED("F");

    private final String code;

    AstmTerminationCode(String code) {
        this.code = code;
    }

    /** The code as sent in L.3. */
    public String code() {
        return code;
    }

    /** The termination this code stands for, {@link #NORMAL} for an empty code; empty for an unknown code. */
    public static Optional<AstmTerminationCode> fromCode(String code) {
        if (code.isEmpty()) {
            return Optional.of(NORMAL);
        }
        for (AstmTerminationCode termination : values()) {
            if (termination.code.equals(code)) {
                return Optional.of(termination);
            }
        }
        return Optional.empty();
    }
}
