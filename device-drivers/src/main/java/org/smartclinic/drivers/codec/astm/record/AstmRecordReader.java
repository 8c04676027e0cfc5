package org.smartclinic.drivers.codec.astm.record;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Splits one record's text into fields, repeats and components, unescaping each component, within the limits.
 * A limit exceeded is reported as fatal and the record is abandoned (the parser then stops). One pass over the
 * text, no regular expressions: time is linear in the record's length whatever it holds.
 */
final class AstmRecordReader {

    private final AstmDelimiters delimiters;
    private final AstmParseOptions options;
    private final AstmLimits limits;
    private final AstmProblemLog log;

    AstmRecordReader(AstmDelimiters delimiters, AstmParseOptions options, AstmProblemLog log) {
        this.delimiters = delimiters;
        this.options = options;
        this.limits = options.limits();
        this.log = log;
    }

    /** Fields the standard defines for a record type, the type counting as field 1; M and S are open-ended. */
    static int standardFieldCount(char type) {
        return switch (type) {
            case 'H', 'R' -> 14;
            case 'P' -> 35;
            case 'O' -> 31;
            case 'C' -> 5;
            case 'Q' -> 13;
            case 'L' -> 3;
            default -> Integer.MAX_VALUE;
        };
    }

    /**
     * @param text   the whole record, type letter first, the field delimiter second (if any)
     * @param type   the record type, upper case
     * @param record the record's number for problems
     * @return the record, or empty when a limit was exceeded (reported, fatal)
     */
    Optional<AstmRecord> read(String text, char type, int record) {
        List<AstmField> fields = new ArrayList<>();
        int start = 2;
        int firstNumber = 2;
        if (type == 'H' && isDelimiterDefinition(text)) {
            fields.add(AstmField.of(text.substring(2, 5)));
            start = 6;
            firstNumber = 3;
        }
        if (text.length() >= start && !readFields(text, start, type, firstNumber, record, fields)) {
            return Optional.empty();
        }
        if (options.tolerateTrailingEmptyFields()) {
            int keep = type == 'H' ? 1 : 0;
            while (fields.size() > keep && fields.get(fields.size() - 1).isEmpty()) {
                fields.remove(fields.size() - 1);
            }
        }
        int count = fields.size() + 1;
        if (count > standardFieldCount(type)) {
            log.warn(record, AstmProblem.Code.EXTRA_FIELDS, type + " record has " + count
                    + " fields, the standard defines " + standardFieldCount(type) + "; the extra ones are kept raw");
        }
        return Optional.of(new AstmRecord(type, fields));
    }

    /**
     * Whether an H record starts with this message's delimiter definition, as the first one must (the parser
     * checked). A later H that does not is read like any record, and kept raw as out of order.
     */
    private boolean isDelimiterDefinition(String text) {
        return text.length() >= 5 && text.regionMatches(1, delimiters.definition(), 0, 4)
                && (text.length() == 5 || text.charAt(5) == delimiters.field());
    }

    private boolean readFields(String text, int start, char type, int firstNumber, int record,
            List<AstmField> out) {
        int number = firstNumber;
        int pos = start;
        while (true) {
            if (number > limits.maxFields()) {
                log.fatal(record, AstmProblem.Code.TOO_MANY_FIELDS,
                        type + " record has more than " + limits.maxFields() + " fields");
                return false;
            }
            int end = next(text, delimiters.field(), pos, text.length());
            AstmField field = readField(text, pos, end, record, type, number);
            if (field == null) {
                return false;
            }
            out.add(field);
            if (end == text.length()) {
                return true;
            }
            pos = end + 1;
            number++;
        }
    }

    private AstmField readField(String text, int from, int to, int record, char type, int number) {
        List<List<String>> repeats = null;
        int count = 0;
        int pos = from;
        while (true) {
            if (count == limits.maxRepeats()) {
                log.fatal(record, AstmProblem.Code.TOO_MANY_REPEATS,
                        type + "." + number + " has more than " + limits.maxRepeats() + " repeats");
                return null;
            }
            int end = next(text, delimiters.repeat(), pos, to);
            List<String> components = readRepeat(text, pos, end, record, type, number);
            if (components == null) {
                return null;
            }
            if (end == to) {
                return new AstmField(repeats == null ? List.of(components) : append(repeats, components));
            }
            if (repeats == null) {
                repeats = new ArrayList<>(4);
            }
            repeats.add(components);
            count++;
            pos = end + 1;
        }
    }

    private List<String> readRepeat(String text, int from, int to, int record, char type, int number) {
        List<String> components = null;
        int count = 0;
        int pos = from;
        while (true) {
            if (count == limits.maxComponents()) {
                log.fatal(record, AstmProblem.Code.TOO_MANY_COMPONENTS,
                        type + "." + number + " has a repeat of more than " + limits.maxComponents() + " components");
                return null;
            }
            int end = next(text, delimiters.component(), pos, to);
            if (end - pos > limits.maxValueLength()) {
                log.fatal(record, AstmProblem.Code.VALUE_TOO_LONG, type + "." + number + " has a value of "
                        + (end - pos) + " characters, more than " + limits.maxValueLength());
                return null;
            }
            String value = component(text, pos, end, record, type, number);
            if (end == to) {
                return components == null ? List.of(value) : List.copyOf(append(components, value));
            }
            if (components == null) {
                components = new ArrayList<>(6);
            }
            components.add(value);
            count++;
            pos = end + 1;
        }
    }

    private String component(String text, int from, int to, int record, char type, int number) {
        int a = from;
        int b = to;
        if (options.trimValues()) {
            while (a < b && text.charAt(a) == ' ') {
                a++;
            }
            while (b > a && text.charAt(b - 1) == ' ') {
                b--;
            }
        }
        return AstmEscapes.decode(text, a, b, delimiters, options.hexCharset(), log, record, type, number);
    }

    private static <T> List<T> append(List<T> list, T last) {
        list.add(last);
        return list;
    }

    /** Index of the next {@code c} in {@code text[from, to)}, or {@code to}. */
    private static int next(String text, char c, int from, int to) {
        for (int i = from; i < to; i++) {
            if (text.charAt(i) == c) {
                return i;
            }
        }
        return to;
    }
}
