package org.smartclinic.drivers.lab;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import org.smartclinic.drivers.Code;

/**
 * A lab analyzer's code table: one UTF-8 text file per analyzer model that a technician can read and edit. It maps
 * the analyzer's test codes to LOINC and UCUM, its abnormal flags to FHIR interpretation codes, its ordinal results
 * to SNOMED CT, its order codes to LOINC panels, and holds the analyzer's leniency settings. Model drivers load
 * theirs from a class-path resource next to the driver, the generic driver from a file named in the device's
 * configuration; any error fails the load with the file and line named.
 * <pre>
 *   # comment lines start with '#'; blank lines are ignored; '-' is an empty cell
 *   [settings]
 *   test-code-component = 4
 *   lower-case-checksum = false
 *
 *   [tests]
 *   # analyzer code | LOINC | display | analyzer unit | UCUM unit | quantity, ordinal or text
 *   HBA1C  | 4548-4  | Hemoglobin A1c/Hemoglobin.total in Blood | %      | %      | quantity
 *   MID#   | -       | Mid-size cells (no LOINC code)           | 10^3/uL| 10*3/uL| quantity
 *   KET    | 2514-8  | Ketones [Presence] in Urine by Test strip| -      | -      | ordinal
 *
 *   [flags]
 *   # analyzer flag | v3 ObservationInterpretation code
 *   H | H
 *
 *   [ordinals]
 *   # analyzer text (any case) | SNOMED CT code | display
 *   neg | 260385009 | Negative
 *
 *   [panels]
 *   # order test code (O-5) | LOINC panel code | display
 *   CBC | 57021-8 | CBC W Auto Differential panel - Blood
 * </pre>
 * Settings are those of {@link LabSetting}. LOINC codes must pass their check digit; a test without LOINC code
 * ({@code -}) is still known (its own code, its unit), so its results are not flagged "not in the table". Lookups
 * are exact, except ordinals, which ignore case. Instances are immutable.
 */
public final class LabCodeTable {

    /** SNOMED CT, as FHIR names it. */
    public static final String SNOMED = "http://snomed.info/sct";
    /** Longest file read. */
    public static final int MAX_FILE_BYTES = 256 * 1024;

    private final String source;
    private final Map<String, LabTest> tests;
    private final Map<String, Code> flags;
    private final Map<String, Code> ordinals;
    private final Map<String, Code> panels;
    private final Map<LabSetting, String> settings;

    LabCodeTable(String source, Map<String, LabTest> tests, Map<String, Code> flags, Map<String, Code> ordinals,
            Map<String, Code> panels, Map<LabSetting, String> settings) {
        this.source = source;
        this.tests = Map.copyOf(tests);
        this.flags = Map.copyOf(flags);
        this.ordinals = Map.copyOf(ordinals);
        this.panels = Map.copyOf(panels);
        this.settings = settings.isEmpty() ? Map.of() : Map.copyOf(new EnumMap<>(settings));
    }

    /**
     * Loads the class-path resource {@code name} next to {@code anchor} (a model driver's bundled table).
     *
     * @throws LabCodeTableException if it is missing or malformed
     */
    public static LabCodeTable load(Class<?> anchor, String name) {
        String where = anchor.getPackageName().replace('.', '/') + "/" + name;
        try (InputStream in = anchor.getResourceAsStream(name)) {
            if (in == null) {
                throw new LabCodeTableException(where + ": code table resource not found");
            }
            return parse(where, decode(where, in.readNBytes(MAX_FILE_BYTES + 1)));
        } catch (IOException e) {
            throw new LabCodeTableException(where + ": cannot read the code table: " + e.getMessage(), e);
        }
    }

    /**
     * Loads the file {@code path} (the generic driver's table, named in the device's configuration).
     *
     * @throws LabCodeTableException if it is missing, unreadable, too large or malformed
     */
    public static LabCodeTable load(Path path) {
        String where = path.toString();
        if (!Files.isRegularFile(path)) {
            throw new LabCodeTableException(where + ": code table file not found (or not a file)");
        }
        try (InputStream in = Files.newInputStream(path)) {
            return parse(where, decode(where, in.readNBytes(MAX_FILE_BYTES + 1)));
        } catch (IOException e) {
            throw new LabCodeTableException(where + ": cannot read the code table: " + e.getMessage(), e);
        }
    }

    /**
     * Reads a table from its text.
     *
     * @param source the file or resource name, for messages
     * @throws LabCodeTableException naming {@code source} and the line
     */
    public static LabCodeTable parse(String source, String text) {
        return new LabCodeTableParser(source).parse(text);
    }

    private static String decode(String where, byte[] bytes) {
        if (bytes.length > MAX_FILE_BYTES) {
            throw new LabCodeTableException(where + ": larger than " + MAX_FILE_BYTES + " bytes");
        }
        try {
            String text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
            return text.startsWith("\uFEFF") ? text.substring(1) : text;
        } catch (CharacterCodingException e) {
            throw new LabCodeTableException(where + ": not UTF-8 text", e);
        }
    }

    /** The file or resource the table came from. */
    public String source() {
        return source;
    }

    /** The row for analyzer test code {@code code}, exactly as sent. */
    public Optional<LabTest> test(String code) {
        return Optional.ofNullable(tests.get(Objects.requireNonNull(code, "code")));
    }

    /** The interpretation code (v3 ObservationInterpretation) of an abnormal flag, exactly as sent. */
    public Optional<Code> interpretation(String flag) {
        return Optional.ofNullable(flags.get(Objects.requireNonNull(flag, "flag")));
    }

    /** The SNOMED CT code of an ordinal text, ignoring case (not spaces: padding is the trim-values setting's). */
    public Optional<Code> ordinal(String text) {
        return Optional.ofNullable(ordinals.get(ordinalKey(text)));
    }

    /** The LOINC panel code of an order test code (O-5), exactly as sent. */
    public Optional<Code> panel(String orderCode) {
        return Optional.ofNullable(panels.get(Objects.requireNonNull(orderCode, "orderCode")));
    }

    /** The value of {@code setting} in the table, if set there. */
    public Optional<String> setting(LabSetting setting) {
        return Optional.ofNullable(settings.get(setting));
    }

    /** Every test row, in no particular order. */
    public java.util.Collection<LabTest> tests() {
        return tests.values();
    }

    /** Number of test rows. */
    public int testCount() {
        return tests.size();
    }

    static String ordinalKey(String text) {
        return text.toLowerCase(Locale.ROOT);
    }
}
