package org.smartclinic.drivers.codec.astm.record;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * One record in raw form: its type letter and its fields, numbered as in the standard, so that vendor variants
 * can be read by position ({@code record.field(3).component(4)} is "R.3, component 4").
 * <pre>
 *   R|1|^^^GLU|5.4|mmol/L      type 'R'; field 2 = "1", field 3 = [["", "", "", "GLU"]], field 4 = "5.4", ...
 * </pre>
 * Field 1 is the type itself and is not stored in {@link #fields()}, which starts at field 2. Fields after the
 * last one sent are absent and read as {@link AstmField#EMPTY}; trailing empty fields that were sent are kept,
 * so the record writes back as it came. In the header record, field 2 is the delimiter definition after the
 * field delimiter ({@code \^&}), kept verbatim, never unescaped.
 *
 * @param type   the record type letter, upper case ({@code H P O R C M S Q L})
 * @param fields fields 2, 3, ... in order; copied
 */
public record AstmRecord(char type, List<AstmField> fields) {

    /** Record type letters of LIS2-A2, in the order the standard presents them. */
    public static final String TYPES = "HPORCMSQL";

    public AstmRecord {
        if (TYPES.indexOf(type) < 0) {
            throw new IllegalArgumentException("not an ASTM record type: " + type);
        }
        fields = List.copyOf(fields);
    }

    /** A copy of {@code extras}, checked to hold only manufacturer (M) and scientific (S) records. */
    static List<AstmRecord> extras(List<AstmRecord> extras) {
        for (AstmRecord extra : extras) {
            if (extra.type() != 'M' && extra.type() != 'S') {
                throw new IllegalArgumentException("extras are M or S records, not " + extra.type());
            }
        }
        return List.copyOf(extras);
    }

    /** A record of this type with fields 2, 3, ... */
    public static AstmRecord of(char type, AstmField... fields) {
        return new AstmRecord(type, Arrays.asList(fields));
    }

    /** Field {@code number} as the standard numbers it (1 is the type); {@link AstmField#EMPTY} when absent. */
    public AstmField field(int number) {
        if (number == 1) {
            return AstmField.of(String.valueOf(type));
        }
        int index = number - 2;
        return index >= 0 && index < fields.size() ? fields.get(index) : AstmField.EMPTY;
    }

    /** The value (first component of the first repeat) of field {@code number}; {@code ""} when absent. */
    public String value(int number) {
        return field(number).value();
    }

    /**
     * The sequence number (field 2) of every record but the header: 1, 2, 3... at its level.
     *
     * @return the number, or empty when field 2 is not 1 to 9 decimal digits
     */
    public OptionalInt sequence() {
        String text = value(2);
        if (text.isEmpty() || text.length() > 9) {
            return OptionalInt.empty();
        }
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) < '0' || text.charAt(i) > '9') {
                return OptionalInt.empty();
            }
        }
        return OptionalInt.of(Integer.parseInt(text));
    }

    /** Number of the last field sent, counting the type as field 1. */
    public int fieldCount() {
        return fields.size() + 1;
    }

    /** This record with field {@code number} (2 or more) replaced, adding empty fields before it if needed. */
    public AstmRecord with(int number, AstmField field) {
        Objects.requireNonNull(field, "field");
        if (number < 2) {
            throw new IllegalArgumentException("field number must be >= 2: " + number);
        }
        List<AstmField> copy = new ArrayList<>(fields);
        while (copy.size() < number - 1) {
            copy.add(AstmField.EMPTY);
        }
        copy.set(number - 2, field);
        return new AstmRecord(type, copy);
    }

    /** {@link #with(int, AstmField)} for a one-value field. */
    public AstmRecord with(int number, String value) {
        return with(number, AstmField.of(value));
    }
}
