package org.smartclinic.drivers.instrument.bp.bpm200;

import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.Set;
import java.util.regex.Pattern;

import org.smartclinic.drivers.Value;
import org.smartclinic.drivers.spi.RejectReason;

/**
 * Parses the body of a BPM-200 frame (see {@link Bpm200Protocol}) and checks its values against what the
 * instrument can measure. Never throws: every problem is a {@link Bpm200Message.Invalid}.
 *
 * <h2>Reasons</h2>
 * <ul>
 *   <li>{@code MALFORMED}: type not one upper-case letter; wrong field count (M: 8, S: 4); seq not 4 digits.</li>
 *   <li>{@code UNSUPPORTED}: a well-formed type other than M or S.</li>
 *   <li>{@code BAD_VALUE}: time not a real {@code yyyyMMddHHmmss} instant (strict: no 31 November); unit not
 *       {@code mmHg} or {@code kPa}; SYS or DIA empty; a pressure not a whole number (mmHg) or a number with
 *       exactly one decimal (kPa); pulse not a whole number; any value outside the ranges below; SYS not above
 *       DIA; MAP not between DIA and SYS; heartbeat state not READY, MEASURING or ERROR.</li>
 * </ul>
 *
 * <h2>Ranges (inclusive)</h2>
 * <pre>
 *            mmHg      kPa (mmHg limit in kPa, one decimal, as the device would print it)
 *   SYS    40..300    5.3..40.0
 *   DIA    20..200    2.7..26.7
 *   MAP    30..250    4.0..33.3
 *   pulse  25..250 per minute, whatever the pressure unit
 * </pre>
 * These are the measuring ranges of typical oscillometric clinic monitors; a value outside them is a device
 * fault or a line error that the checksum missed, never a reading to store.
 */
final class Bpm200BodyParser {

    /** Heartbeat states the protocol defines. */
    static final Set<String> STATES = Set.of("READY", "MEASURING", "ERROR");

    private static final DateTimeFormatter TIME = Bpm200Protocol.TIME_FORMAT.withResolverStyle(ResolverStyle.STRICT);
    private static final Pattern SEQ = Pattern.compile("\\d{4}");
    private static final Pattern TIME_DIGITS = Pattern.compile("\\d{14}");
    private static final Pattern WHOLE = Pattern.compile("\\d{1,3}");
    private static final Pattern ONE_DECIMAL = Pattern.compile("\\d{1,2}\\.\\d");
    private static final Pattern TYPE = Pattern.compile("[A-Z]");

    private static final Range PULSE = new Range("25", "250");

    private record Range(BigDecimal min, BigDecimal max) {
        Range(String min, String max) {
            this(new BigDecimal(min), new BigDecimal(max));
        }

        boolean contains(BigDecimal value) {
            return value.compareTo(min) >= 0 && value.compareTo(max) <= 0;
        }

        @Override
        public String toString() {
            return min.toPlainString() + ".." + max.toPlainString();
        }
    }

    /** How one pressure unit is written and what the instrument can measure in it. */
    private enum PressureUnit {
        MMHG(Bpm200Protocol.UNIT_MMHG, WHOLE, "a whole number", new Range("40", "300"), new Range("20", "200"),
                new Range("30", "250")),
        KPA(Bpm200Protocol.UNIT_KPA, ONE_DECIMAL, "a number with one decimal", new Range("5.3", "40.0"),
                new Range("2.7", "26.7"), new Range("4.0", "33.3"));

        final String symbol;
        final Pattern syntax;
        final String syntaxName;
        final Range systolic;
        final Range diastolic;
        final Range mean;

        PressureUnit(String symbol, Pattern syntax, String syntaxName, Range systolic, Range diastolic, Range mean) {
            this.symbol = symbol;
            this.syntax = syntax;
            this.syntaxName = syntaxName;
            this.systolic = systolic;
            this.diastolic = diastolic;
            this.mean = mean;
        }
    }

    /** Thrown and caught inside this class only, to leave a parse early with its reason. */
    private static final class Invalid extends RuntimeException {
        final RejectReason reason;

        Invalid(RejectReason reason, String detail) {
            super(detail, null, false, false);
            this.reason = reason;
        }
    }

    private Bpm200BodyParser() {
    }

    static Bpm200Message parse(String body) {
        try {
            String[] fields = body.split(",", -1);
            String type = fields[0];
            if (!TYPE.matcher(type).matches()) {
                throw new Invalid(RejectReason.MALFORMED, "frame type '" + type + "' is not one upper-case letter");
            }
            return switch (type) {
                case Bpm200Protocol.TYPE_MEASUREMENT -> measurement(fields);
                case Bpm200Protocol.TYPE_STATUS -> status(fields);
                default -> throw new Invalid(RejectReason.UNSUPPORTED,
                        "frame type '" + type + "' is not one the BPM-200 driver handles (M, S)");
            };
        } catch (Invalid e) {
            return new Bpm200Message.Invalid(e.reason, e.getMessage());
        }
    }

    private static Bpm200Message measurement(String[] f) {
        fieldCount(f, 8, "measurement", "M,seq,time,sys,dia,map,pulse,unit");
        String seq = seq(f[1]);
        LocalDateTime time = time(f[2]);
        PressureUnit unit = unit(f[7]);
        Value.Quantity sys = pressure("SYS", f[3], unit, unit.systolic);
        Value.Quantity dia = pressure("DIA", f[4], unit, unit.diastolic);
        Value.Quantity map = f[5].isEmpty() ? null : pressure("MAP", f[5], unit, unit.mean);
        Value.Quantity pulse = f[6].isEmpty() ? null : pulse(f[6]);
        if (sys.value().compareTo(dia.value()) <= 0) {
            throw new Invalid(RejectReason.BAD_VALUE, "SYS " + text(sys) + " is not above DIA " + text(dia));
        }
        if (map != null && (map.value().compareTo(dia.value()) < 0 || map.value().compareTo(sys.value()) > 0)) {
            throw new Invalid(RejectReason.BAD_VALUE,
                    "MAP " + text(map) + " is not between DIA " + text(dia) + " and SYS " + text(sys));
        }
        return new Bpm200Message.Measurement(seq, f[2], time, sys, dia, map, pulse);
    }

    private static Bpm200Message status(String[] f) {
        fieldCount(f, 4, "heartbeat", "S,seq,time,state");
        String seq = seq(f[1]);
        LocalDateTime time = time(f[2]);
        if (!STATES.contains(f[3])) {
            throw new Invalid(RejectReason.BAD_VALUE, "state '" + f[3] + "' is not READY, MEASURING or ERROR");
        }
        return new Bpm200Message.Status(seq, time, f[3]);
    }

    private static void fieldCount(String[] f, int expected, String kind, String layout) {
        if (f.length != expected) {
            throw new Invalid(RejectReason.MALFORMED,
                    kind + " has " + f.length + " fields, expected " + expected + " (" + layout + ")");
        }
    }

    private static String seq(String field) {
        if (!SEQ.matcher(field).matches()) {
            throw new Invalid(RejectReason.MALFORMED, "seq '" + field + "' is not 4 digits");
        }
        return field;
    }

    private static LocalDateTime time(String field) {
        try {
            if (TIME_DIGITS.matcher(field).matches()) {
                return LocalDateTime.parse(field, TIME);
            }
        } catch (DateTimeParseException e) {
            // falls through to the rejection below, which names the field as sent
        }
        throw new Invalid(RejectReason.BAD_VALUE, "time '" + field + "' is not a valid yyyyMMddHHmmss");
    }

    private static PressureUnit unit(String field) {
        for (PressureUnit unit : PressureUnit.values()) {
            if (unit.symbol.equals(field)) {
                return unit;
            }
        }
        throw new Invalid(RejectReason.BAD_VALUE, "unit '" + field + "' is not mmHg or kPa");
    }

    private static Value.Quantity pressure(String name, String field, PressureUnit unit, Range range) {
        if (field.isEmpty()) {
            throw new Invalid(RejectReason.BAD_VALUE, name + " is empty");
        }
        return checked(name, field, unit.symbol, unit.syntax, unit.syntaxName, range);
    }

    private static Value.Quantity pulse(String field) {
        return checked("pulse", field, "bpm", WHOLE, "a whole number", PULSE);
    }

    private static Value.Quantity checked(String name, String field, String unit, Pattern syntax, String syntaxName,
            Range range) {
        if (!syntax.matcher(field).matches()) {
            throw new Invalid(RejectReason.BAD_VALUE, name + " '" + field + "' is not " + syntaxName + " (" + unit + ")");
        }
        Value.Quantity quantity = new Value.Quantity(new BigDecimal(field), unit);
        if (!range.contains(quantity.value())) {
            throw new Invalid(RejectReason.BAD_VALUE, name + " " + text(quantity) + " is outside " + range);
        }
        return quantity;
    }

    private static String text(Value.Quantity quantity) {
        return quantity.value().toPlainString() + " " + quantity.unit();
    }
}
