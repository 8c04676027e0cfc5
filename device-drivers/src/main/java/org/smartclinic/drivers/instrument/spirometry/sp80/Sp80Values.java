package org.smartclinic.drivers.instrument.spirometry.sp80;

import java.math.BigDecimal;
import java.util.Map;
import java.util.regex.Pattern;

import org.smartclinic.drivers.spi.RejectReason;

/**
 * Reads the fields of a RESULT line ({@link Sp80Format}): code, number syntax (decimal point or comma), unit and
 * the SP-80's measuring ranges, in that order, so a value in the wrong unit is reported as the wrong unit, not as
 * out of range. A field is quoted in a detail only when it is short and made of digits, letters and
 * {@code . , : + % / -}.
 */
final class Sp80Values {

    private static final Pattern NUMBER = Pattern.compile("\\d{1,5}(?:[.,]\\d{1,4})?");
    private static final Pattern SHOWABLE = Pattern.compile("[A-Za-z0-9.,:+%/-]{1,32}");

    /** A measuring range, inclusive. */
    private record Range(BigDecimal min, BigDecimal max) {
        Range(String min, String max) {
            this(new BigDecimal(min), new BigDecimal(max));
        }

        boolean contains(BigDecimal v) {
            return v.compareTo(min) >= 0 && v.compareTo(max) <= 0;
        }

        @Override
        public String toString() {
            return min.toPlainString() + ".." + max.toPlainString();
        }
    }

    private static final Map<String, Range> RANGES = Map.of(Sp80Format.FVC, new Range("0.1", "10"),
            Sp80Format.FEV1, new Range("0.1", "10"), Sp80Format.FEV1_FVC, new Range("20", "100"),
            Sp80Format.PEF, new Range("0.5", "20"));
    private static final Range PERCENT_PREDICTED = new Range("1", "250");

    private Sp80Values() {
    }

    /**
     * The RESULT line {@code RESULT;code;value;unit;predicted}, checked.
     *
     * @throws Sp80Invalid UNSUPPORTED for an unknown code, BAD_VALUE for a bad number, unit or range
     */
    static Sp80Format.ResultLine result(String code, String value, String unit, String predicted, String where) {
        String expectedUnit = Sp80Format.UNITS.get(code);
        if (expectedUnit == null) {
            throw new Sp80Invalid(RejectReason.UNSUPPORTED, where + "result code " + shown(code)
                    + " is not one the SP-80 driver knows (FVC, FEV1, FEV1/FVC, PEF)");
        }
        BigDecimal number = number(value, where + code + " value");
        if (!unit.equals(expectedUnit)) {
            throw new Sp80Invalid(RejectReason.BAD_VALUE,
                    where + code + " unit " + shown(unit) + " is not " + expectedUnit);
        }
        checkRange(number, RANGES.get(code), where + code + " ", expectedUnit);
        BigDecimal percent = null;
        if (!predicted.isEmpty()) {
            percent = number(predicted, where + code + " % predicted");
            checkRange(percent, PERCENT_PREDICTED, where + code + " % predicted ", Sp80Format.PERCENT);
        }
        return new Sp80Format.ResultLine(code, number, unit, percent);
    }

    private static BigDecimal number(String field, String what) {
        if (field.isEmpty()) {
            throw new Sp80Invalid(RejectReason.BAD_VALUE, what + " is empty");
        }
        if (field.startsWith("-") && NUMBER.matcher(field.substring(1)).matches()) {
            throw new Sp80Invalid(RejectReason.BAD_VALUE, what + " " + field + " is negative");
        }
        if (!NUMBER.matcher(field).matches()) {
            throw new Sp80Invalid(RejectReason.BAD_VALUE, what + " " + shown(field) + " is not a number");
        }
        return new BigDecimal(field.replace(',', '.'));
    }

    private static void checkRange(BigDecimal value, Range range, String what, String unit) {
        if (!range.contains(value)) {
            throw new Sp80Invalid(RejectReason.BAD_VALUE,
                    what + value.toPlainString() + " " + unit + " is outside " + range);
        }
    }

    /** The field quoted when it is safe and short to show, else its length and a note that it is not shown. */
    static String shown(String field) {
        if (field.isEmpty()) {
            return "''";
        }
        if (SHOWABLE.matcher(field).matches()) {
            return "'" + field + "'";
        }
        return "(" + field.length() + (field.length() == 1 ? " character" : " characters") + ", not shown)";
    }
}
