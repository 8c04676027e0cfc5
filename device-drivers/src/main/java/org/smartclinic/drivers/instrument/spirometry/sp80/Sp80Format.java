package org.smartclinic.drivers.instrument.spirometry.sp80;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The SP-80 spirometer's export file (a format of this project: the SP-80's PC software writes one file per test
 * into an export folder; {@link Sp80Driver} reads them, the simulator's twin writes them with {@link #lines} and
 * {@link #encode}, so both follow this one definition).
 *
 * <h2>File</h2>
 * UTF-8 text; every line ends in CR LF or LF; fields are separated by {@code ';'}; numbers use {@code '.'} or
 * {@code ','} as decimal separator. Lines, in this order:
 * <pre>
 *   SP80-EXPORT;1                                 format id and version; anything else is UNSUPPORTED
 *   DEVICE;SP-80;SP80-004512;3.2.1                model;serial;firmware, each 1..64 characters
 *   TEST;T20261123-0007;2026-11-23T10:15:00+03:00 test id; test time, ISO-8601 with its offset
 *   PATIENT;123-456-789 00                        optional: patient id entered at the device, 1..64 characters
 *   SAMPLE;S-000123                               optional: sample id, 1..32 of [A-Za-z0-9-_]
 *   RESULT;FVC;3.85;L;96                          one per result: code;value;unit;% predicted (may be empty)
 *   RESULT;FEV1;3.10;L;94
 *   RESULT;FEV1/FVC;80.5;%;
 *   RESULT;PEF;7.92;L/s;91
 *   END;4                                         the number of RESULT lines, an integrity check
 * </pre>
 * A test id is 1..32 of {@code [A-Za-z0-9-_]}; the device never reuses one. Result codes, their only unit and
 * the values the SP-80 can measure (inclusive):
 * <pre>
 *   code       unit   range          % predicted (any code): 1..250, unit %
 *   FVC        L      0.1..10
 *   FEV1       L      0.1..10
 *   FEV1/FVC   %      20..100
 *   PEF        L/s    0.5..20
 * </pre>
 * Numbers: 1..5 digits, optionally a decimal separator and 1..4 digits; no sign, no exponent, no grouping. Each
 * result code appears at most once, at least one RESULT line is present. Bounds: at most {@value #MAX_BYTES}
 * bytes and {@value #MAX_LINES} lines. No field contains {@code ';'} or a control character.
 *
 * <h2>Leniencies (each pinned by a vector under {@code vectors/sp80})</h2>
 * <ul>
 *   <li>decimal commas ({@code 3,85}), as PCs set to a Russian or German locale write them
 *       ({@code comma-decimals.vec});</li>
 *   <li>a UTF-8 byte order mark before the first line, as Windows editors add it ({@code bom.vec});</li>
 *   <li>CR LF, LF or both mixed ({@code crlf.vec}, {@code mixed-line-ends.vec}); the last line may lack its
 *       line end ({@code no-final-line-end.vec});</li>
 *   <li>blank lines after END, as some writers add one ({@code trailing-blank-line.vec}).</li>
 * </ul>
 */
public final class Sp80Format {

    /** The first line of every export. */
    public static final String HEADER = "SP80-EXPORT;1";
    /** Largest export, bytes. */
    public static final int MAX_BYTES = 64 * 1024;
    /** Most lines in an export, blank lines after END included. */
    public static final int MAX_LINES = 200;
    /** Model name the SP-80 writes in its DEVICE line. */
    public static final String MODEL = "SP-80";

    public static final String FVC = "FVC";
    public static final String FEV1 = "FEV1";
    public static final String FEV1_FVC = "FEV1/FVC";
    public static final String PEF = "PEF";
    /** Unit of every % predicted value. */
    public static final String PERCENT = "%";

    /** Each result code's only unit. */
    public static final Map<String, String> UNITS = Map.of(FVC, "L", FEV1, "L", FEV1_FVC, PERCENT, PEF, "L/s");

    /** Test and sample ids. */
    static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{1,32}");
    /** Test time as written: ISO-8601 with offset, seconds, no fraction. */
    static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ssXXX");
    /** Longest model, serial, firmware or patient id. */
    static final int MAX_TEXT = 64;

    private Sp80Format() {
    }

    /**
     * How a file is written: line ends and decimal separator.
     *
     * @param crlf         CR LF line ends (Windows), else LF
     * @param decimalComma {@code ','} as decimal separator, else {@code '.'}
     */
    public record Style(boolean crlf, boolean decimalComma) {
        /** As the SP-80's PC software writes by default: CR LF and decimal points. */
        public static final Style WINDOWS = new Style(true, false);
        /** LF and decimal points. */
        public static final Style UNIX = new Style(false, false);
    }

    /**
     * One RESULT line.
     *
     * @param code             FVC, FEV1, FEV1/FVC or PEF
     * @param value            the measured value
     * @param unit             its unit as written
     * @param percentPredicted % of the predicted value, or null
     */
    public record ResultLine(String code, BigDecimal value, String unit, BigDecimal percentPredicted) {
        public ResultLine {
            Objects.requireNonNull(code, "code");
            Objects.requireNonNull(value, "value");
            Objects.requireNonNull(unit, "unit");
        }

        /** A result in its code's own unit ({@link #UNITS}). */
        public static ResultLine of(String code, BigDecimal value, BigDecimal percentPredicted) {
            String unit = UNITS.get(code);
            if (unit == null) {
                throw new IllegalArgumentException("not an SP-80 result code: " + code);
            }
            return new ResultLine(code, value, unit, percentPredicted);
        }
    }

    /**
     * One export, as written and as read.
     *
     * @param model     DEVICE model
     * @param serial    DEVICE serial number
     * @param firmware  DEVICE firmware version
     * @param testId    TEST id
     * @param testTime  TEST time with the device's offset
     * @param patientId PATIENT id, or null when the line is absent
     * @param sampleId  SAMPLE id, or null when the line is absent
     * @param results   the RESULT lines in file order
     */
    public record Export(String model, String serial, String firmware, String testId, OffsetDateTime testTime,
            String patientId, String sampleId, List<ResultLine> results) {
        public Export {
            Objects.requireNonNull(testTime, "testTime");
            results = List.copyOf(results);
        }
    }

    /**
     * The lines of {@code export}, without line ends, as the SP-80 writes them: values with their scale as given
     * ({@code 3.10} stays {@code 3.10}).
     *
     * @throws IllegalArgumentException if a field could not be read back: a {@code ';'} or control character in
     *                                  it, an empty or overlong text, a test or sample id outside its syntax
     */
    public static List<String> lines(Export export, Style style) {
        List<String> lines = new ArrayList<>(export.results().size() + 6);
        lines.add(HEADER);
        lines.add(join("DEVICE", text(export.model(), "model"), text(export.serial(), "serial"),
                text(export.firmware(), "firmware")));
        lines.add(join("TEST", id(export.testId(), "test id"), TIME.format(export.testTime())));
        if (export.patientId() != null) {
            lines.add(join("PATIENT", text(export.patientId(), "patient id")));
        }
        if (export.sampleId() != null) {
            lines.add(join("SAMPLE", id(export.sampleId(), "sample id")));
        }
        for (ResultLine r : export.results()) {
            lines.add(join("RESULT", text(r.code(), "code"), number(r.value(), style),
                    text(r.unit(), "unit"), r.percentPredicted() == null ? "" : number(r.percentPredicted(), style)));
        }
        lines.add(join("END", Integer.toString(export.results().size())));
        return lines;
    }

    /** {@code lines} joined with the style's line end after each line, as UTF-8 without byte order mark. */
    public static byte[] encode(List<String> lines, Style style) {
        String eol = style.crlf() ? "\r\n" : "\n";
        StringBuilder text = new StringBuilder();
        lines.forEach(line -> text.append(line).append(eol));
        return text.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** The whole file for {@code export}: {@code encode(lines(export, style), style)}. */
    public static byte[] write(Export export, Style style) {
        return encode(lines(export, style), style);
    }

    private static String join(String... fields) {
        return String.join(";", fields);
    }

    private static String number(BigDecimal value, Style style) {
        String plain = value.toPlainString();
        return style.decimalComma() ? plain.replace('.', ',') : plain;
    }

    private static String id(String value, String name) {
        if (value == null || !ID.matcher(value).matches()) {
            throw new IllegalArgumentException(name + " must be 1..32 of A-Z a-z 0-9 - _: " + value);
        }
        return value;
    }

    private static String text(String value, String name) {
        if (value == null || value.isEmpty() || value.length() > MAX_TEXT || value.indexOf(';') >= 0
                || value.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException(name + " must be 1.." + MAX_TEXT
                    + " characters without ';' or control characters");
        }
        return value;
    }
}
