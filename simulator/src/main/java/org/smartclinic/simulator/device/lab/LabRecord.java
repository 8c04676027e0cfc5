package org.smartclinic.simulator.device.lab;

import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * One LIS2-A2 record as an analyzer twin writes it, field by field with the standard delimiters
 * ({@code | \ ^ &}): {@code LabRecord.of('R').set(2, "1").set(3, "^^^GLU")} is {@code R|1|^^^GLU}. Field 1 is the
 * type; trailing empty fields are left out. Values come from the twins' own tables and generators, never from
 * outside, and hold no delimiter unless it is meant as one (components, {@code ^^^CODE}).
 */
final class LabRecord {

    static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyyMMddHHmmss");

    private final char type;
    private final List<String> fields = new ArrayList<>();

    private LabRecord(char type) {
        this.type = type;
    }

    static LabRecord of(char type) {
        return new LabRecord(type);
    }

    /** Sets field {@code number} (2 or more: 1 is the type). */
    LabRecord set(int number, String value) {
        if (number < 2) {
            throw new IllegalArgumentException("field 1 is the record type");
        }
        while (fields.size() < number - 1) {
            fields.add("");
        }
        fields.set(number - 2, value);
        return this;
    }

    @Override
    public String toString() {
        int last = fields.size();
        while (last > 0 && fields.get(last - 1).isEmpty()) {
            last--;
        }
        StringBuilder out = new StringBuilder().append(type);
        for (int i = 0; i < last; i++) {
            out.append('|').append(fields.get(i));
        }
        return out.toString();
    }

    /** {@code H|\^&|||MODEL^firmware^serial|||||||P|LIS2-A2|time}: H-5 as the catalogue says. */
    static String header(String model, String firmware, String serial, LocalDateTime time) {
        return of('H').set(2, "\\^&").set(5, model + "^" + firmware + "^" + serial).set(12, "P")
                .set(13, "LIS2-A2").set(14, TIME.format(time)).toString();
    }

    /** {@code P|seq|patient id|||last^first}, the ids and name left out when unknown. */
    static String patient(int seq, String patientId, String name) {
        return of('P').set(2, Integer.toString(seq)).set(3, patientId).set(6, name).toString();
    }

    /** {@code O|seq|sample||^^^panel|R|time|...|specimen|...|F}: O-3 the sample id, O-16 the specimen. */
    static String order(int seq, String sampleId, String panel, String specimen, LocalDateTime time) {
        return of('O').set(2, Integer.toString(seq)).set(3, sampleId).set(5, "^^^" + panel).set(6, "R")
                .set(7, TIME.format(time)).set(16, specimen).set(26, "F").toString();
    }

    /**
     * {@code R|seq|test id|value|unit|range|flag||F||||completed}. The unit is escaped: {@code 10^3/uL} goes out as
     * {@code 10&S&3/uL}, as LIS2-A2 writes a component delimiter inside a value, and parses back as {@code 10^3/uL}.
     */
    static LabRecord result(int seq, String testId, String value, String unit, String range, String flag,
            LocalDateTime completed) {
        return of('R').set(2, Integer.toString(seq)).set(3, testId).set(4, value).set(5, escaped(unit)).set(6, range)
                .set(7, flag).set(9, "F").set(13, TIME.format(completed));
    }

    /** {@code value} with the standard delimiters escaped ({@code &F& &R& &S& &E&}), for one component. */
    static String escaped(String value) {
        StringBuilder out = new StringBuilder(value.length());
        for (char c : value.toCharArray()) {
            switch (c) {
                case '|' -> out.append("&F&");
                case '\\' -> out.append("&R&");
                case '^' -> out.append("&S&");
                case '&' -> out.append("&E&");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    /** {@code C|seq|I|text|I}: an instrument remark. */
    static String comment(int seq, String text) {
        return of('C').set(2, Integer.toString(seq)).set(3, "I").set(4, text).set(5, "I").toString();
    }

    /** {@code L|1|N}. */
    static String terminator() {
        return "L|1|N";
    }
}
