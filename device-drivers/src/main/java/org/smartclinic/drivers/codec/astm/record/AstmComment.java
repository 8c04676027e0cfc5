package org.smartclinic.drivers.codec.astm.record;

import java.util.Objects;
import java.util.OptionalInt;

/**
 * A comment record (C), attached to the record before it (header, patient, order, result or query):
 * <pre>
 *   C|1|I|Hemolysis^slight|G
 *   1 2 3 4                5      source (P practice, L LIS, I instrument), text, type (G generic, T test
 *                                 name, P positive, N negative, I instrument flag)
 * </pre>
 *
 * @param record the raw record
 */
public record AstmComment(AstmRecord record) {

    public static final int SOURCE = 3;
    public static final int TEXT = 4;
    public static final int TYPE = 5;

    public AstmComment {
        Objects.requireNonNull(record, "record");
        if (record.type() != 'C') {
            throw new IllegalArgumentException("a comment is a C record, not " + record.type());
        }
    }

    /** {@code C|sequence|source|text|type}. */
    public static AstmComment of(int sequence, String source, String text, String type) {
        return new AstmComment(AstmRecord.of('C', AstmField.of(Integer.toString(sequence)), AstmField.of(source),
                AstmField.of(text), AstmField.of(type)));
    }

    /** C.2. */
    public OptionalInt sequence() {
        return record.sequence();
    }

    /** C.3. */
    public String source() {
        return record.value(SOURCE);
    }

    /** C.4 component 1; instruments that send code ^ text are read through {@link #textField()}. */
    public String text() {
        return record.value(TEXT);
    }

    /** C.4, all repeats and components. */
    public AstmField textField() {
        return record.field(TEXT);
    }

    /** C.5. */
    public String type() {
        return record.value(TYPE);
    }
}
