package org.smartclinic.drivers.codec.astm.record;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The message terminator record (L), level 0, always last: {@code L|1|N}, field 3 the termination code.
 *
 * @param record the raw record
 */
public record AstmTerminator(AstmRecord record) {

    public static final int TERMINATION_CODE = 3;

    public AstmTerminator {
        Objects.requireNonNull(record, "record");
        if (record.type() != 'L') {
            throw new IllegalArgumentException("a terminator is an L record, not " + record.type());
        }
    }

    /** {@code L|1|code}. */
    public static AstmTerminator of(AstmTerminationCode code) {
        return new AstmTerminator(AstmRecord.of('L', AstmField.of("1"), AstmField.of(code.code())));
    }

    /** L.2. */
    public OptionalInt sequence() {
        return record.sequence();
    }

    /** L.3 as sent. */
    public String terminationCodeText() {
        return record.value(TERMINATION_CODE);
    }

    /** L.3 read; {@link AstmTerminationCode#NORMAL} when empty, empty for a code the standard lacks. */
    public Optional<AstmTerminationCode> terminationCode() {
        return AstmTerminationCode.fromCode(terminationCodeText());
    }
}
