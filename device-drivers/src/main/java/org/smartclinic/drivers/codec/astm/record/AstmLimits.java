package org.smartclinic.drivers.codec.astm.record;

/**
 * Bounds on what one message may hold, so that no input makes the parser's output or time grow beyond them.
 * Exceeding one is a fatal {@link AstmProblem} (the message is refused, parsing stops there), never an exception
 * or a silently shortened value.
 *
 * @param maxRecords     records per message (lines joined into one record count once)
 * @param maxFields      fields per record, the type counting as field 1
 * @param maxRepeats     repeats per field
 * @param maxComponents  components per repeat
 * @param maxValueLength characters per component as sent, escape sequences included
 * @param maxProblems    problems listed per message; more are summarised by one {@code TOO_MANY_PROBLEMS}
 */
public record AstmLimits(
        int maxRecords, int maxFields, int maxRepeats, int maxComponents, int maxValueLength, int maxProblems) {

    /** 10,000 records, 100 fields, 1,000 repeats, 1,000 components, 64 KiB per value, 100 problems. */
    public static final AstmLimits DEFAULT = new AstmLimits(10_000, 100, 1_000, 1_000, 64 * 1024, 100);

    public AstmLimits {
        if (maxRecords < 1 || maxFields < 2 || maxRepeats < 1 || maxComponents < 1 || maxValueLength < 1
                || maxProblems < 1) {
            throw new IllegalArgumentException("limits must be positive (maxFields >= 2, for the H delimiters)");
        }
    }
}
