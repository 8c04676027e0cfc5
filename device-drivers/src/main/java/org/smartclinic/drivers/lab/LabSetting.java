package org.smartclinic.drivers.lab;

import java.util.Arrays;
import java.util.Optional;

/**
 * The settings a code table's {@code [settings]} section may hold: how the analyzer bends ASTM E1381 (link) and
 * E1394 (records). Each is also a device option of the ASTM drivers, which wins over the table. Every switch is off
 * by default, as the standard has it.
 */
public enum LabSetting {
    /** Component of R-3 (and O-5) holding the test code: 4 by the standard. */
    TEST_CODE_COMPONENT("test-code-component", "4", 1, 16,
            "component of R-3 and O-5 that holds the analyzer's test code (4 in the standard's layout ^^^CODE)"),
    /** Link: accept checksum digits a..f. */
    LOWER_CASE_CHECKSUM("lower-case-checksum", "false", 0, 0,
            "true: accept lower-case hex digits in frame checksums"),
    /** Link: accept a frame whose checksum is followed by LF alone, CR alone, or nothing. */
    LOOSE_LINE_END("loose-line-end", "false", 0, 0,
            "true: accept a frame whose checksum is not followed by exactly CR LF"),
    /** Link: most text characters per frame. */
    MAX_TEXT_LENGTH("max-text-length", "240", 240, 65536,
            "most text characters in one frame (240 by the standard)"),
    /** Link: several records per frame. */
    PACKED_RECORDS("packed-records", "false", 0, 0,
            "true: accept several records in one frame, and records ending inside intermediate frames"),
    /** Link: do not verify checksums. */
    IGNORE_CHECKSUM("ignore-checksum", "false", 0, 0,
            "true: do not verify frame checksums (only for an analyzer known to compute them wrongly)"),
    /** Records: strip spaces padding each value. */
    TRIM_VALUES("trim-values", "false", 0, 0,
            "true: remove spaces padding values (e.g. right-aligned '   neg')"),
    /** Records: drop trailing empty fields. */
    TOLERATE_TRAILING_EMPTY_FIELDS("tolerate-trailing-empty-fields", "false", 0, 0,
            "true: accept records padded with empty fields past the standard's field count"),
    /** Records: LF ends a record as CR does. */
    ACCEPT_LINE_FEEDS("accept-line-feeds", "false", 0, 0,
            "true: LF (or CR LF) ends a record as CR does"),
    /** Records: lower-case record type letters. */
    ACCEPT_LOWER_CASE_TYPES("accept-lower-case-types", "false", 0, 0,
            "true: read record type letters in lower case (r|1|...) as upper case"),
    /** Records: a message without L record. */
    TOLERATE_MISSING_TERMINATOR("tolerate-missing-terminator", "false", 0, 0,
            "true: store a message without terminator record (L) when the analyzer ends with EOT"),
    /** Records: append a line that starts no record to the record before it. */
    JOIN_SPLIT_RECORDS("join-split-records", "false", 0, 0,
            "true: a line that starts no record is the tail of the record before it");

    private final String key;
    private final String defaultValue;
    private final int min;
    private final int max;
    private final String description;

    LabSetting(String key, String defaultValue, int min, int max, String description) {
        this.key = key;
        this.defaultValue = defaultValue;
        this.min = min;
        this.max = max;
        this.description = description;
    }

    /** The name in a code table and in a device's options, e.g. {@code lower-case-checksum}. */
    public String key() {
        return key;
    }

    /** The value when neither the table nor the device options set it. */
    public String defaultValue() {
        return defaultValue;
    }

    /** What it does, in a technician's words. */
    public String description() {
        return description;
    }

    /** True for a switch ({@code true}/{@code false}), false for a whole number. */
    public boolean isSwitch() {
        return min == 0 && max == 0;
    }

    /** Smallest whole number allowed; 0 for switches. */
    public int min() {
        return min;
    }

    /** Largest whole number allowed; 0 for switches. */
    public int max() {
        return max;
    }

    /** The setting named {@code key}, if any. */
    public static Optional<LabSetting> byKey(String key) {
        return Arrays.stream(values()).filter(s -> s.key.equals(key)).findFirst();
    }

    /**
     * Checks a value: {@code true}/{@code false} for a switch, a whole number in range otherwise.
     *
     * @return null when fine, else what is expected
     */
    public String problem(String value) {
        if (isSwitch()) {
            return value.equals("true") || value.equals("false") ? null : "true or false";
        }
        try {
            int n = Integer.parseInt(value);
            return n >= min && n <= max ? null : "a whole number from " + min + " to " + max;
        } catch (NumberFormatException e) {
            return "a whole number from " + min + " to " + max;
        }
    }
}
