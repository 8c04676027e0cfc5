package org.smartclinic.drivers.codec.astm.record;

import java.util.Objects;

/**
 * Something the parser found wrong with a message, as data. The detail names positions, lengths and codes only,
 * never a value, so a problem may be logged without exposing patient data (an unknown record type shows its
 * first two characters: they are the type).
 *
 * @param record the 1-based number of the record as the link layer delivered it (a record joined from several
 *               lines has the number of its first); 0 for the message as a whole
 * @param code   what is wrong; a stable code
 * @param fatal  true when this problem makes the parser refuse the message; whether a condition is fatal can
 *               depend on the {@link AstmParseOptions} (a missing terminator is fatal unless tolerated)
 * @param detail one line for a technician, e.g. "R.3 has no component 4 (the configured test code position)"
 */
public record AstmProblem(int record, Code code, boolean fatal, String detail) {

    public AstmProblem {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(detail, "detail");
    }

    /** Kinds of problem. {@link #code()} is stable: a metric label and part of the API. */
    public enum Code {
        /** No record at all. Always fatal. */
        EMPTY_MESSAGE("empty_message"),
        /** The first record is not a header. Always fatal: without it the delimiters are unknown. */
        NO_HEADER("no_header"),
        /** The header's delimiter definition is not four distinct characters other than CR/LF. Always fatal. */
        BAD_DELIMITERS("bad_delimiters"),
        /** A record whose first character is not a record type followed by the field delimiter. Fatal. */
        UNKNOWN_RECORD_TYPE("unknown_record_type"),
        /** No terminator (L) record. Fatal unless {@link AstmParseOptions#tolerateMissingTerminator()}. */
        MISSING_TERMINATOR("missing_terminator"),
        /** More records than {@link AstmLimits#maxRecords()}. Fatal; parsing stops. */
        TOO_MANY_RECORDS("too_many_records"),
        /** A record with more fields than {@link AstmLimits#maxFields()}. Fatal; parsing stops. */
        TOO_MANY_FIELDS("too_many_fields"),
        /** A field with more repeats than {@link AstmLimits#maxRepeats()}. Fatal; parsing stops. */
        TOO_MANY_REPEATS("too_many_repeats"),
        /** A repeat with more components than {@link AstmLimits#maxComponents()}. Fatal; parsing stops. */
        TOO_MANY_COMPONENTS("too_many_components"),
        /** A value longer than {@link AstmLimits#maxValueLength()}. Fatal; parsing stops. */
        VALUE_TOO_LONG("value_too_long"),
        /** Empty line between records; skipped. */
        EMPTY_RECORD("empty_record"),
        /** A line appended to the record before it ({@link AstmParseOptions#joinSplitRecords()}). */
        JOINED_RECORD("joined_record"),
        /** A record where the hierarchy H-P-O-R / H-Q-L has no place for it; kept raw in the message. */
        OUT_OF_ORDER("out_of_order"),
        /** A record after the terminator; kept raw in the message. */
        AFTER_TERMINATOR("after_terminator"),
        /** An escape sequence other than F, S, R, E, X, H, N, or one never closed; kept literally. */
        UNKNOWN_ESCAPE("unknown_escape"),
        /** An {@code X} escape that is not pairs of hex digits, or bytes the hex charset cannot decode; kept. */
        BAD_HEX_ESCAPE("bad_hex_escape"),
        /** A control character sent as is inside a value (not as an {@code X} escape); kept. */
        CONTROL_CHARACTER("control_character"),
        /** A record with more fields than the standard defines for its type; the extra fields are kept raw. */
        EXTRA_FIELDS("extra_fields"),
        /** A field the standard requires (a sequence number, R.3, Q.3) is empty; read as empty. */
        MISSING_FIELD("missing_field"),
        /** A sequence number that is not the expected 1, 2, 3... at its level. */
        BAD_SEQUENCE("bad_sequence"),
        /** A date/time field that is not YYYYMMDD[HHMM[SS]]; the text is kept, the typed accessor is empty. */
        BAD_DATE_TIME("bad_date_time"),
        /** R.3 has nothing in the configured test code component ({@link AstmParseOptions#testCodeComponent()}). */
        MISSING_TEST_CODE("missing_test_code"),
        /** More problems than {@link AstmLimits#maxProblems()}; the rest were counted, not listed. */
        TOO_MANY_PROBLEMS("too_many_problems"),
        /** A fault in the parser itself; the message is refused rather than the port failing. Fatal. */
        INTERNAL_ERROR("internal_error");

        private final String code;

        Code(String code) {
            this.code = code;
        }

        /** Stable lower-case code for metrics, logs and the API. */
        public String code() {
            return code;
        }
    }
}
