package org.smartclinic.drivers.codetable;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

import org.smartclinic.drivers.Code;

/**
 * An instrument's code table: for each of the device's own result codes, the standard codings, LOINC first
 * ({@link Code#LOINC}), then IEEE 11073 MDC ({@link Code#MDC}, the numeric context-free code as text, the reference
 * id as display). Loaded from a UTF-8 CSV resource next to the driver:
 * <pre>
 *   # comment lines start with '#'; blank lines are ignored
 *   device_code,loinc,loinc_display,mdc,mdc_reference_id
 *   SYS,8480-6,Systolic blood pressure,150021,MDC_PRESS_BLD_NONINV_SYS
 *   NOTE,,,,                                  (a device code with no standard coding)
 * </pre>
 * The header line is required, so a table whose columns were reordered cannot be misread. A field may be quoted
 * ({@code "a, b"}, with {@code ""} for a quote) when it holds a comma; unquoted fields are trimmed. Loading fails
 * fast with a {@link CodeTableException} naming the resource and line for: a wrong field count, an empty or
 * repeated device code, a LOINC code that is not {@code digits-checkdigit} or fails its mod-10 check digit, a
 * LOINC code without display (or a display without code), an MDC code that is not a 32-bit number, an MDC code
 * without an {@code MDC_...} reference id (or the reverse).
 *
 * <p>Instances are immutable and safe to share between threads and driver instances.
 */
public final class CodeTable {

    /** The required header line. */
    public static final String HEADER = "device_code,loinc,loinc_display,mdc,mdc_reference_id";

    private static final Pattern LOINC_CODE = Pattern.compile("\\d{1,7}-\\d");
    private static final Pattern MDC_CODE = Pattern.compile("\\d{1,10}");
    private static final Pattern MDC_REFERENCE_ID = Pattern.compile("MDC_[A-Z0-9_]+");

    private final String source;
    private final Map<String, List<Code>> codes;

    private CodeTable(String source, Map<String, List<Code>> codes) {
        this.source = source;
        this.codes = Collections.unmodifiableMap(codes);
    }

    /**
     * Loads the resource {@code resourceName} from the package of {@code anchor} (usually the driver class).
     *
     * @throws CodeTableException if it is missing, unreadable or malformed
     */
    public static CodeTable load(Class<?> anchor, String resourceName) {
        InputStream in = anchor.getResourceAsStream(resourceName);
        if (in == null) {
            throw new CodeTableException("code table '" + resourceName + "' not found next to " + anchor.getName());
        }
        try (Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8)) {
            return parse(resourceName, reader);
        } catch (IOException e) {
            throw new CodeTableException("code table '" + resourceName + "' could not be read: " + e.getMessage(), e);
        }
    }

    /**
     * Parses a table from {@code reader}; {@code source} names it in error messages.
     *
     * @throws CodeTableException if it is malformed or cannot be read
     */
    public static CodeTable parse(String source, Reader reader) {
        Map<String, List<Code>> codes = new LinkedHashMap<>();
        boolean headerSeen = false;
        int lineNumber = 0;
        try (BufferedReader lines = new BufferedReader(reader)) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                lineNumber++;
                String text = (lineNumber == 1 ? line.replace("\uFEFF", "") : line).strip();
                if (text.isEmpty() || text.startsWith("#")) {
                    continue;
                }
                String where = source + " line " + lineNumber + ": ";
                if (!headerSeen) {
                    if (!text.equals(HEADER)) {
                        throw new CodeTableException(where + "expected the header '" + HEADER + "', got '" + text + "'");
                    }
                    headerSeen = true;
                    continue;
                }
                Row row = Row.of(CsvLine.split(text, where), where);
                if (codes.putIfAbsent(row.deviceCode(), row.codes()) != null) {
                    throw new CodeTableException(where + "device code '" + row.deviceCode() + "' is listed twice");
                }
            }
        } catch (IOException e) {
            throw new CodeTableException("code table '" + source + "' could not be read: " + e.getMessage(), e);
        }
        if (!headerSeen) {
            throw new CodeTableException(source + ": empty code table, expected the header '" + HEADER + "'");
        }
        return new CodeTable(source, codes);
    }

    /** The standard codings of {@code deviceCode}, LOINC first then MDC; empty if the table has none for it. */
    public List<Code> codes(String deviceCode) {
        return codes.getOrDefault(deviceCode, List.of());
    }

    /** Whether the table lists {@code deviceCode}, with or without standard codings. */
    public boolean contains(String deviceCode) {
        return codes.containsKey(deviceCode);
    }

    /** The device codes listed, in table order. */
    public Set<String> deviceCodes() {
        return codes.keySet();
    }

    /**
     * Checks that the table lists every one of {@code deviceCodes}, for a driver to call once when it loads its
     * table.
     *
     * @return this table
     * @throws CodeTableException naming the missing codes
     */
    public CodeTable requireAll(String... deviceCodes) {
        List<String> missing = Arrays.stream(deviceCodes).filter(c -> !codes.containsKey(c)).toList();
        if (!missing.isEmpty()) {
            throw new CodeTableException(source + ": no row for device code(s) " + missing);
        }
        return this;
    }

    /** The name the table was loaded from. */
    public String source() {
        return source;
    }

    @Override
    public String toString() {
        return "CodeTable[" + source + ", " + codes.size() + " device codes]";
    }

    /** One data line, validated. */
    private record Row(String deviceCode, List<Code> codes) {

        static Row of(List<String> fields, String where) {
            if (fields.size() != 5) {
                throw new CodeTableException(where + "expected 5 fields (" + HEADER + "), got " + fields.size());
            }
            String deviceCode = fields.get(0);
            String loinc = fields.get(1);
            String loincDisplay = fields.get(2);
            String mdc = fields.get(3);
            String mdcReferenceId = fields.get(4);
            if (deviceCode.isEmpty()) {
                throw new CodeTableException(where + "device_code is empty");
            }
            List<Code> codes = new ArrayList<>(2);
            if (!loinc.isEmpty() || !loincDisplay.isEmpty()) {
                checkLoinc(loinc, loincDisplay, where);
                codes.add(new Code(Code.LOINC, loinc, loincDisplay));
            }
            if (!mdc.isEmpty() || !mdcReferenceId.isEmpty()) {
                checkMdc(mdc, mdcReferenceId, where);
                codes.add(new Code(Code.MDC, mdc, mdcReferenceId));
            }
            return new Row(deviceCode, List.copyOf(codes));
        }

        private static void checkLoinc(String loinc, String display, String where) {
            if (!LOINC_CODE.matcher(loinc).matches()) {
                throw new CodeTableException(where + "LOINC code '" + loinc + "' is not digits-checkdigit");
            }
            int expected = loincCheckDigit(loinc.substring(0, loinc.indexOf('-')));
            if (loinc.charAt(loinc.length() - 1) - '0' != expected) {
                throw new CodeTableException(where + "LOINC code '" + loinc + "' fails its check digit (expected "
                        + loinc.substring(0, loinc.length() - 1) + expected + ")");
            }
            if (display.isEmpty()) {
                throw new CodeTableException(where + "LOINC code '" + loinc + "' has no loinc_display");
            }
        }

        /** LOINC's mod-10 check digit (the Luhn scheme): from the right, every other digit doubled. */
        private static int loincCheckDigit(String digits) {
            int sum = 0;
            for (int i = 0; i < digits.length(); i++) {
                int digit = digits.charAt(digits.length() - 1 - i) - '0';
                int weighted = i % 2 == 0 ? digit * 2 : digit;
                sum += weighted / 10 + weighted % 10;
            }
            return (10 - sum % 10) % 10;
        }

        private static void checkMdc(String mdc, String referenceId, String where) {
            if (!MDC_CODE.matcher(mdc).matches() || Long.parseLong(mdc) > 0xFFFF_FFFFL) {
                throw new CodeTableException(where + "MDC code '" + mdc + "' is not a 32-bit context-free code");
            }
            if (!MDC_REFERENCE_ID.matcher(referenceId).matches()) {
                throw new CodeTableException(where + "MDC code '" + mdc + "' needs a reference id MDC_..., got '"
                        + referenceId + "'");
            }
        }
    }

    /** Splits one CSV line: comma-separated, optionally double-quoted fields; unquoted fields are trimmed. */
    private static final class CsvLine {

        static List<String> split(String line, String where) {
            List<String> fields = new ArrayList<>(5);
            int i = 0;
            while (true) {
                while (i < line.length() && line.charAt(i) == ' ') {
                    i++;
                }
                int end;
                if (i < line.length() && line.charAt(i) == '"') {
                    StringBuilder field = new StringBuilder();
                    end = quoted(line, i + 1, field, where);
                    fields.add(field.toString());
                } else {
                    int comma = line.indexOf(',', i);
                    end = comma < 0 ? line.length() : comma;
                    fields.add(line.substring(i, end).strip());
                }
                if (end >= line.length()) {
                    return fields;
                }
                i = end + 1;
            }
        }

        /** Reads a quoted field starting after its opening quote; returns the index of the comma or end after it. */
        private static int quoted(String line, int start, StringBuilder field, String where) {
            int i = start;
            while (i < line.length()) {
                char c = line.charAt(i);
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    field.append('"');
                    i += 2;
                } else if (c == '"') {
                    int after = i + 1;
                    while (after < line.length() && line.charAt(after) == ' ') {
                        after++;
                    }
                    if (after < line.length() && line.charAt(after) != ',') {
                        throw new CodeTableException(where + "text after the closing quote at column " + (after + 1));
                    }
                    return after;
                } else {
                    field.append(c);
                    i++;
                }
            }
            throw new CodeTableException(where + "quote opened at column " + start + " is not closed");
        }
    }
}
