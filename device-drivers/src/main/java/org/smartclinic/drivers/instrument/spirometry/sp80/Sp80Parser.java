package org.smartclinic.drivers.instrument.spirometry.sp80;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.smartclinic.drivers.spi.RejectReason;

/**
 * Reads one SP-80 export ({@link Sp80Format}) and checks its values against what the instrument can measure.
 * Never throws for bad input: every problem is a {@link Parsed.Invalid}, the first one in the file wins.
 *
 * <p>Order of checks, whole file first so the cheapest bound decides: size ({@code OVERLONG}, before decoding, so
 * a huge file is never turned into text), empty ({@code MALFORMED}), UTF-8 ({@code MALFORMED}), line count
 * ({@code OVERLONG}), header ({@code UNSUPPORTED}); then line by line: blank line or control character, line type,
 * field count, order ({@code MALFORMED}), values ({@code BAD_VALUE}; an unknown result code is
 * {@code UNSUPPORTED}), duplicate code ({@code MALFORMED}); at the end the END line and its count
 * ({@code MALFORMED}).
 *
 * <p>Detail texts name the line and the field. A field's text is quoted only when it is short and made of
 * digits, letters and {@code . , : + % / -} ({@code Sp80Values}); the PATIENT line's id is never quoted, nor is an
 * unknown line type (a shifted line could start with one).
 */
final class Sp80Parser {

    /** What the parser made of a file. */
    sealed interface Parsed {
        record Ok(Sp80Format.Export export) implements Parsed {
        }

        record Invalid(RejectReason reason, String detail) implements Parsed {
        }
    }

    private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
    private static final Pattern COUNT = Pattern.compile("\\d{1,3}");
    private static final String ORDER = "DEVICE, TEST, PATIENT, SAMPLE, RESULT..., END";

    /** Line types by their place in the file; RESULT repeats, the others appear at most once. */
    private enum Type {
        DEVICE(4, "DEVICE;model;serial;firmware"),
        TEST(3, "TEST;id;time"),
        PATIENT(2, "PATIENT;id"),
        SAMPLE(2, "SAMPLE;id"),
        RESULT(5, "RESULT;code;value;unit;%predicted"),
        END(2, "END;count");

        final int fields;
        final String layout;

        Type(int fields, String layout) {
            this.fields = fields;
            this.layout = layout;
        }
    }

    private String model;
    private String serial;
    private String firmware;
    private String testId;
    private OffsetDateTime testTime;
    private String patientId;
    private String sampleId;
    private final Map<String, Sp80Format.ResultLine> results = new LinkedHashMap<>();
    private Type last;

    private Sp80Parser() {
    }

    static Parsed parse(byte[] file) {
        try {
            return new Parsed.Ok(new Sp80Parser().read(lines(file)));
        } catch (Sp80Invalid e) {
            return new Parsed.Invalid(e.reason(), e.getMessage());
        }
    }

    /** The file's lines without line ends or trailing blank lines; checks size, encoding and header. */
    private static List<String> lines(byte[] file) {
        if (file.length > Sp80Format.MAX_BYTES) {
            throw new Sp80Invalid(RejectReason.OVERLONG,
                    "file has " + file.length + " bytes, more than " + Sp80Format.MAX_BYTES);
        }
        int start = startsWithBom(file) ? BOM.length : 0;
        List<String> lines = new ArrayList<>(Arrays.asList(decode(file, start).split("\n", -1)));
        if (lines.getLast().isEmpty()) {
            lines.removeLast();
        }
        if (lines.size() > Sp80Format.MAX_LINES) {
            throw new Sp80Invalid(RejectReason.OVERLONG,
                    "file has " + lines.size() + " lines, more than " + Sp80Format.MAX_LINES);
        }
        lines.replaceAll(line -> line.endsWith("\r") ? line.substring(0, line.length() - 1) : line);
        while (!lines.isEmpty() && lines.getLast().isEmpty()) {
            lines.removeLast();
        }
        if (lines.isEmpty()) {
            throw new Sp80Invalid(RejectReason.MALFORMED, "empty file");
        }
        header(lines.getFirst());
        return lines;
    }

    private static void header(String line) {
        String prefix = "SP80-EXPORT;";
        if (line.startsWith(prefix) && !line.equals(Sp80Format.HEADER)) {
            throw new Sp80Invalid(RejectReason.UNSUPPORTED, "line 1: export version "
                    + Sp80Values.shown(line.substring(prefix.length())) + " is not one this driver reads ("
                    + Sp80Format.HEADER + ")");
        }
        if (!line.equals(Sp80Format.HEADER)) {
            throw new Sp80Invalid(RejectReason.UNSUPPORTED, "line 1: not an SP-80 export (the first line is not "
                    + Sp80Format.HEADER + ")");
        }
    }

    private static boolean startsWithBom(byte[] file) {
        return file.length >= BOM.length && Arrays.equals(file, 0, BOM.length, BOM, 0, BOM.length);
    }

    private static String decode(byte[] file, int start) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(file, start, file.length - start);
        CharBuffer out = CharBuffer.allocate(file.length);
        if (decoder.decode(in, out, true).isError() || decoder.flush(out).isError()) {
            throw new Sp80Invalid(RejectReason.MALFORMED, "not UTF-8: invalid byte sequence at byte " + in.position());
        }
        return out.flip().toString();
    }

    private Sp80Format.Export read(List<String> lines) {
        for (int i = 1; i < lines.size(); i++) {
            line(lines.get(i), "line " + (i + 1) + ": ");
        }
        if (last != Type.END) {
            throw new Sp80Invalid(RejectReason.MALFORMED, "no END line: the file is cut short (export still being"
                    + " written, or it failed?)");
        }
        return new Sp80Format.Export(model, serial, firmware, testId, testTime, patientId, sampleId,
                List.copyOf(results.values()));
    }

    private void line(String line, String where) {
        if (last == Type.END) {
            throw new Sp80Invalid(RejectReason.MALFORMED, where + "text after END");
        }
        if (line.isEmpty()) {
            throw new Sp80Invalid(RejectReason.MALFORMED, where + "blank line (allowed only after END)");
        }
        if (line.chars().anyMatch(Character::isISOControl)) {
            throw new Sp80Invalid(RejectReason.MALFORMED, where + "control character in the line");
        }
        String[] f = line.split(";", -1);
        Type type = type(f[0], where);
        order(type, where);
        if (f.length != type.fields) {
            throw new Sp80Invalid(RejectReason.MALFORMED, where + type + " has " + f.length + " fields, expected "
                    + type.fields + " (" + type.layout + ")");
        }
        fields(type, f, where);
        last = type;
    }

    private void fields(Type type, String[] f, String where) {
        switch (type) {
            case DEVICE -> {
                model = text(f[1], where + "model");
                serial = text(f[2], where + "serial");
                firmware = text(f[3], where + "firmware");
            }
            case TEST -> {
                testId = id(f[1], where + "test id");
                testTime = time(f[2], where);
            }
            case PATIENT -> patientId = patient(f[1], where);
            case SAMPLE -> sampleId = id(f[1], where + "sample id");
            case RESULT -> result(f, where);
            case END -> end(f[1], where);
        }
    }

    private static Type type(String name, String where) {
        for (Type t : Type.values()) {
            if (t.name().equals(name)) {
                return t;
            }
        }
        throw new Sp80Invalid(RejectReason.MALFORMED, where + "unknown line type (expected " + ORDER + ")");
    }

    /** Lines come in {@link Type} order, each once except RESULT; DEVICE and TEST must come before the rest. */
    private void order(Type type, String where) {
        if (last != null && (type.ordinal() < last.ordinal() || (type == last && type != Type.RESULT))) {
            throw new Sp80Invalid(RejectReason.MALFORMED, where + (type == last ? "second " + type + " line"
                    : type + " after " + last) + " (order: " + ORDER + ")");
        }
        if (type != Type.DEVICE && model == null) {
            throw new Sp80Invalid(RejectReason.MALFORMED, where + type + " before DEVICE: no DEVICE line on line 2");
        }
        if (type.ordinal() > Type.TEST.ordinal() && testId == null) {
            throw new Sp80Invalid(RejectReason.MALFORMED, where + type + " before TEST: no TEST line on line 3");
        }
    }

    private void result(String[] f, String where) {
        Sp80Format.ResultLine result = Sp80Values.result(f[1], f[2], f[3], f[4], where);
        if (results.putIfAbsent(result.code(), result) != null) {
            throw new Sp80Invalid(RejectReason.MALFORMED, where + "second RESULT for " + result.code());
        }
    }

    private void end(String count, String where) {
        if (results.isEmpty()) {
            throw new Sp80Invalid(RejectReason.MALFORMED, where + "END without any RESULT line");
        }
        if (!COUNT.matcher(count).matches()) {
            throw new Sp80Invalid(RejectReason.MALFORMED,
                    where + "END count " + Sp80Values.shown(count) + " is not a number");
        }
        if (Integer.parseInt(count) != results.size()) {
            throw new Sp80Invalid(RejectReason.MALFORMED, where + "END says " + Integer.parseInt(count)
                    + " RESULT lines, the file has " + results.size());
        }
    }

    private static String text(String field, String what) {
        if (field.isBlank() || field.length() > Sp80Format.MAX_TEXT) {
            throw new Sp80Invalid(RejectReason.BAD_VALUE, what + " is blank or longer than " + Sp80Format.MAX_TEXT
                    + " characters");
        }
        return field;
    }

    private static String id(String field, String what) {
        if (!Sp80Format.ID.matcher(field).matches()) {
            throw new Sp80Invalid(RejectReason.BAD_VALUE,
                    what + " " + Sp80Values.shown(field) + " is not 1..32 of A-Z a-z 0-9 - _");
        }
        return field;
    }

    /** Never quoted: it identifies a patient. */
    private static String patient(String field, String where) {
        if (field.isBlank() || field.length() > Sp80Format.MAX_TEXT) {
            throw new Sp80Invalid(RejectReason.BAD_VALUE, where + "patient id is blank or longer than "
                    + Sp80Format.MAX_TEXT + " characters");
        }
        return field;
    }

    private static OffsetDateTime time(String field, String where) {
        try {
            return OffsetDateTime.parse(field, DateTimeFormatter.ISO_OFFSET_DATE_TIME);
        } catch (DateTimeParseException e) {
            throw new Sp80Invalid(RejectReason.BAD_VALUE, where + "test time " + Sp80Values.shown(field)
                    + " is not a valid ISO-8601 time with an offset, e.g. 2026-11-23T10:15:00+03:00");
        }
    }
}
