package org.smartclinic.drivers.lab;

import java.util.EnumMap;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import org.smartclinic.drivers.Code;
import org.smartclinic.drivers.LabResult;

/**
 * Reads the text of a {@link LabCodeTable}, line by line, and stops at the first error with the source and line
 * named. Bounded: lines of at most {@value #MAX_LINE} characters, at most {@value #MAX_ROWS} rows.
 */
final class LabCodeTableParser {

    static final int MAX_LINE = 1000;
    static final int MAX_ROWS = 5000;

    /** The v3 ObservationInterpretation codes a flag may map to (the ones lab analyzers' flags stand for). */
    private static final Set<String> INTERPRETATIONS = Set.of("L", "H", "LL", "HH", "LU", "HU", "N", "A", "AA",
            "<", ">", "U", "D", "B", "W", "S", "R", "I", "NS", "SDD", "POS", "NEG", "DET", "ND", "IND", "E", "EX",
            "HX", "LX");
    private static final Pattern SNOMED_ID = Pattern.compile("[1-9][0-9]{5,17}");

    private enum Section { SETTINGS, TESTS, FLAGS, ORDINALS, PANELS }

    private final String source;
    private final Map<String, LabTest> tests = new HashMap<>();
    private final Map<String, Code> flags = new HashMap<>();
    private final Map<String, Code> ordinals = new HashMap<>();
    private final Map<String, Code> panels = new HashMap<>();
    private final Map<LabSetting, String> settings = new EnumMap<>(LabSetting.class);
    private Section section;
    private int lineNumber;
    private int rows;

    LabCodeTableParser(String source) {
        this.source = source;
    }

    LabCodeTable parse(String text) {
        String[] lines = text.split("\r\n|\r|\n", -1);
        for (String raw : lines) {
            lineNumber++;
            line(raw);
        }
        if (tests.isEmpty()) {
            throw error(0, "no [tests] rows: a code table maps at least one test code");
        }
        return new LabCodeTable(source, tests, flags, ordinals, panels, settings);
    }

    private void line(String raw) {
        if (raw.length() > MAX_LINE) {
            throw error(lineNumber, "line longer than " + MAX_LINE + " characters");
        }
        String line = raw.strip();
        if (line.isEmpty() || line.startsWith("#")) {
            return;
        }
        if (line.startsWith("[")) {
            section = section(line);
            return;
        }
        if (section == null) {
            throw error(lineNumber, "a row before any section; start with [settings], [tests], [flags], "
                    + "[ordinals] or [panels]");
        }
        if (++rows > MAX_ROWS) {
            throw error(lineNumber, "more than " + MAX_ROWS + " rows");
        }
        switch (section) {
            case SETTINGS -> setting(line);
            case TESTS -> test(cells(line, 6, "code | LOINC | display | analyzer unit | UCUM unit | kind"));
            case FLAGS -> flag(cells(line, 2, "analyzer flag | interpretation code"));
            case ORDINALS -> ordinal(cells(line, 3, "analyzer text | SNOMED CT code | display"));
            case PANELS -> panel(cells(line, 3, "order test code | LOINC panel code | display"));
        }
    }

    private Section section(String line) {
        String name = line.endsWith("]") ? line.substring(1, line.length() - 1).strip() : "";
        for (Section s : Section.values()) {
            if (s.name().toLowerCase(Locale.ROOT).equals(name)) {
                return s;
            }
        }
        throw error(lineNumber, "unknown section " + line + "; sections are [settings], [tests], [flags], "
                + "[ordinals], [panels]");
    }

    private void setting(String line) {
        int eq = line.indexOf('=');
        if (eq < 0) {
            throw error(lineNumber, "expected 'name = value'");
        }
        String key = line.substring(0, eq).strip();
        String value = line.substring(eq + 1).strip();
        LabSetting setting = LabSetting.byKey(key).orElseThrow(() -> error(lineNumber, "unknown setting '" + key
                + "'"));
        String problem = setting.problem(value);
        if (problem != null) {
            throw error(lineNumber, key + " must be " + problem + ", got '" + value + "'");
        }
        if (settings.put(setting, value) != null) {
            throw error(lineNumber, "setting " + key + " given twice");
        }
    }

    private void test(String[] c) {
        String code = required(c[0], "analyzer test code");
        Code loinc = c[1].isEmpty() ? null : new Code(Code.LOINC, loinc(c[1]), required(c[2], "display"));
        LabTest.Kind kind = switch (c[5]) {
            case "quantity" -> LabTest.Kind.QUANTITY;
            case "ordinal" -> LabTest.Kind.ORDINAL;
            case "text" -> LabTest.Kind.TEXT;
            default -> throw error(lineNumber, "kind must be quantity, ordinal or text, got '" + c[5] + "'");
        };
        if (tests.put(code, new LabTest(code, loinc, required(c[2], "display"), c[3], c[4], kind)) != null) {
            throw error(lineNumber, "test code " + code + " given twice");
        }
    }

    private void flag(String[] c) {
        String flag = required(c[0], "analyzer flag");
        if (!INTERPRETATIONS.contains(c[1])) {
            throw error(lineNumber, "'" + c[1] + "' is not an ObservationInterpretation code this table accepts "
                    + "(L, H, LL, HH, N, A, AA, <, >, POS, NEG, ...)");
        }
        if (flags.put(flag, new Code(LabResult.INTERPRETATION_SYSTEM, c[1], "")) != null) {
            throw error(lineNumber, "flag " + flag + " given twice");
        }
    }

    private void ordinal(String[] c) {
        String text = LabCodeTable.ordinalKey(required(c[0], "analyzer text"));
        if (!SNOMED_ID.matcher(c[1]).matches()) {
            throw error(lineNumber, "'" + c[1] + "' is not a SNOMED CT identifier (6 to 18 digits)");
        }
        if (ordinals.put(text, new Code(LabCodeTable.SNOMED, c[1], required(c[2], "display"))) != null) {
            throw error(lineNumber, "ordinal '" + text + "' given twice (ordinals ignore case)");
        }
    }

    private void panel(String[] c) {
        String order = required(c[0], "order test code");
        Code code = new Code(Code.LOINC, loinc(required(c[1], "LOINC panel code")), required(c[2], "display"));
        if (panels.put(order, code) != null) {
            throw error(lineNumber, "panel " + order + " given twice");
        }
    }

    private String loinc(String code) {
        if (!LoincCheckDigit.valid(code)) {
            throw error(lineNumber, "'" + code + "' is not a LOINC code with a valid check digit");
        }
        return code;
    }

    private String required(String cell, String what) {
        if (cell.isEmpty()) {
            throw error(lineNumber, what + " is empty");
        }
        return cell;
    }

    /** The row's cells, stripped, '-' read as empty. */
    private String[] cells(String line, int count, String form) {
        String[] cells = line.split("\\|", -1);
        if (cells.length != count) {
            throw error(lineNumber, "expected " + count + " cells '" + form + "', found " + cells.length);
        }
        for (int i = 0; i < cells.length; i++) {
            String cell = cells[i].strip();
            cells[i] = cell.equals("-") ? "" : cell;
        }
        return cells;
    }

    private LabCodeTableException error(int line, String message) {
        return new LabCodeTableException(source + (line > 0 ? " line " + line : "") + ": " + message);
    }
}
