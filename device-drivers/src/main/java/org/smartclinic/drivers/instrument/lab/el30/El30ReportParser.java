package org.smartclinic.drivers.instrument.lab.el30;

import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.smartclinic.drivers.LabResult;
import org.smartclinic.drivers.spi.RejectReason;

/**
 * Reads the lines of a framed EL-30 report (see {@link El30Protocol}). Never throws: every problem is an
 * {@link El30Report.Invalid}, and one bad line rejects the whole report (the analyzer re-sends it whole).
 *
 * <h2>Reasons</h2>
 * <ul>
 *   <li>{@code MALFORMED}: first line not {@code EL-30 S/N serial}; second not {@code DATE yyyy-MM-dd HH:mm:ss};
 *       a SAMPLE or PATIENT line without exactly one value, or out of order; no analyte line; an analyte line
 *       whose code is not a letter then up to 7 letters, digits or '+', that has no value or has words after its
 *       flag; the same analyte twice.</li>
 *   <li>{@code BAD_VALUE}: a date that does not exist (31 November); a sample id that is not ten digits; a
 *       patient id longer than 20; a value that is neither a decimal number nor dashes; a unit other than
 *       {@code mmol/L} for Na, K, Cl, iCa, or any unit for pH; a range not {@code low-high}, {@code <high} or
 *       {@code >low}, or with low above high; a flag other than {@code H} or {@code L}.</li>
 * </ul>
 * The sample id's Luhn check digit is not checked here: binding checks it against the gateway's samples, and a
 * reading whose sample is unknown stays unbound for the technician rather than being refused at the wire.
 */
final class El30ReportParser {

    /** Analytes whose unit the analyzer fixes: mmol/L, or none (empty) for pH. */
    static final Map<String, String> FIXED_UNITS = Map.of("Na", El30Protocol.UNIT_MMOL_L,
            "K", El30Protocol.UNIT_MMOL_L, "Cl", El30Protocol.UNIT_MMOL_L, "iCa", El30Protocol.UNIT_MMOL_L, "pH", "");

    private static final Pattern HEADER = Pattern.compile("EL-30 +S/N +([A-Z0-9-]{1,16})");
    private static final Pattern DATE = Pattern.compile("DATE +(\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2})");
    private static final Pattern SAMPLE_ID = Pattern.compile("\\d{10}");
    private static final Pattern PATIENT_ID = Pattern.compile("[!-~]{1,20}");
    private static final Pattern CODE = Pattern.compile("[A-Za-z][A-Za-z0-9+]{0,7}");
    private static final Pattern NUMBER = Pattern.compile("\\d{1,4}(?:\\.\\d{1,3})?");
    private static final Pattern DASHES = Pattern.compile("-{2,6}");
    private static final Pattern RANGE = Pattern.compile("(" + NUMBER + ")-(" + NUMBER + ")|<(" + NUMBER + ")|>("
            + NUMBER + ")");
    private static final Set<String> HEADER_WORDS = Set.of("DATE", "SAMPLE", "PATIENT");

    /** Thrown and caught inside this class only, to leave a parse early with its reason. */
    private static final class Invalid extends RuntimeException {
        final RejectReason reason;

        Invalid(RejectReason reason, String detail) {
            super(detail, null, false, false);
            this.reason = reason;
        }
    }

    private El30ReportParser() {
    }

    static El30Report parse(List<String> rawLines) {
        try {
            List<String> lines = rawLines.stream().map(String::strip).filter(l -> !l.isEmpty()).toList();
            if (lines.size() < 2) {
                throw new Invalid(RejectReason.MALFORMED, "a report needs its EL-30 and DATE lines");
            }
            String serial = match(HEADER, lines.get(0), "first line is not 'EL-30 S/N serial'").group(1);
            LocalDateTime time = time(match(DATE, lines.get(1), "second line is not 'DATE yyyy-MM-dd HH:mm:ss'"));
            int next = 2;
            String sampleId = headerValue(lines, next, "SAMPLE");
            if (sampleId != null) {
                next++;
                check(SAMPLE_ID, sampleId, "sample id '" + sampleId + "' is not ten digits");
            }
            String patientId = headerValue(lines, next, "PATIENT");
            if (patientId != null) {
                next++;
                check(PATIENT_ID, patientId, "patient id is longer than 20 characters");
            }
            if (next == lines.size()) {
                throw new Invalid(RejectReason.MALFORMED, "no analyte line");
            }
            List<El30Report.Result> results = new ArrayList<>(lines.size() - next);
            Set<String> seen = new HashSet<>();
            for (String line : lines.subList(next, lines.size())) {
                El30Report.Result result = result(line);
                if (!seen.add(result.code())) {
                    throw new Invalid(RejectReason.MALFORMED, result.code() + " printed twice");
                }
                results.add(result);
            }
            return new El30Report.Results(serial, time, sampleId, patientId, results);
        } catch (Invalid e) {
            return new El30Report.Invalid(e.reason, e.getMessage());
        }
    }

    private static Matcher match(Pattern pattern, String line, String problem) {
        Matcher m = pattern.matcher(line);
        if (!m.matches()) {
            throw new Invalid(RejectReason.MALFORMED, problem);
        }
        return m;
    }

    private static void check(Pattern pattern, String value, String problem) {
        if (!pattern.matcher(value).matches()) {
            throw new Invalid(RejectReason.BAD_VALUE, problem);
        }
    }

    private static LocalDateTime time(Matcher m) {
        try {
            return LocalDateTime.parse(m.group(1), El30Protocol.TIME_FORMAT.withResolverStyle(ResolverStyle.STRICT));
        } catch (DateTimeParseException e) {
            throw new Invalid(RejectReason.BAD_VALUE, "date '" + m.group(1) + "' does not exist");
        }
    }

    /** The value of line {@code index} if it is a {@code word value} line; null if it is another line. */
    private static String headerValue(List<String> lines, int index, String word) {
        if (index >= lines.size()) {
            return null;
        }
        String[] tokens = lines.get(index).split(" +");
        if (!tokens[0].equals(word)) {
            return null;
        }
        if (tokens.length != 2) {
            throw new Invalid(RejectReason.MALFORMED, word + " line needs exactly one value");
        }
        return tokens[1];
    }

    /** {@code code value [unit] [(range)] [flag]}. */
    private static El30Report.Result result(String line) {
        String[] t = line.split(" +");
        if (HEADER_WORDS.contains(t[0])) {
            throw new Invalid(RejectReason.MALFORMED, t[0] + " line out of order (among or before the header)");
        }
        if (!CODE.matcher(t[0]).matches() || t.length < 2) {
            throw new Invalid(RejectReason.MALFORMED, "line '" + shortened(line) + "' is not 'code value ...'");
        }
        String code = t[0];
        BigDecimal value = value(code, t[1]);
        int i = 2;
        String unit = i < t.length && !t[i].startsWith("(") && !isFlag(t[i]) ? t[i++] : "";
        String fixed = FIXED_UNITS.get(code);
        if (fixed != null && !fixed.equals(unit)) {
            throw new Invalid(RejectReason.BAD_VALUE, code + " unit '" + unit + "' is not "
                    + (fixed.isEmpty() ? "empty" : fixed));
        }
        LabResult.Range range = i < t.length && t[i].startsWith("(") ? range(code, t[i++], unit) : null;
        String flag = "";
        if (i < t.length) {
            flag = t[i++];
            if (!isFlag(flag)) {
                throw new Invalid(RejectReason.BAD_VALUE, code + " flag '" + shortened(flag) + "' is not H or L");
            }
        }
        if (i < t.length) {
            throw new Invalid(RejectReason.MALFORMED, code + " line has '" + shortened(t[i]) + "' after its flag");
        }
        return new El30Report.Result(code, value, t[1], unit, range, flag);
    }

    private static BigDecimal value(String code, String token) {
        if (NUMBER.matcher(token).matches()) {
            return new BigDecimal(token);
        }
        if (DASHES.matcher(token).matches()) {
            return null;
        }
        throw new Invalid(RejectReason.BAD_VALUE, code + " value '" + shortened(token) + "' is not a number");
    }

    private static LabResult.Range range(String code, String token, String unit) {
        Matcher m = token.endsWith(")") ? RANGE.matcher(token.substring(1, token.length() - 1)) : null;
        if (m == null || !m.matches()) {
            throw new Invalid(RejectReason.BAD_VALUE, code + " range '" + shortened(token)
                    + "' is not (low-high), (<high) or (>low)");
        }
        String text = m.group();
        BigDecimal low = m.group(1) != null ? new BigDecimal(m.group(1)) : m.group(4) != null
                ? new BigDecimal(m.group(4)) : null;
        BigDecimal high = m.group(2) != null ? new BigDecimal(m.group(2)) : m.group(3) != null
                ? new BigDecimal(m.group(3)) : null;
        if (low != null && high != null && low.compareTo(high) > 0) {
            throw new Invalid(RejectReason.BAD_VALUE, code + " range '" + text + "' has its low above its high");
        }
        return new LabResult.Range(low, high, unit, text);
    }

    private static boolean isFlag(String token) {
        return token.equals("H") || token.equals("L");
    }

    /** Device text in a reject detail stays short: the whole report is kept with the rejection anyway. */
    private static String shortened(String text) {
        return text.length() <= 24 ? text : text.substring(0, 24) + "...";
    }
}
