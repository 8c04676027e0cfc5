package org.smartclinic.drivers.codec.astm.record;

import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A result record (R), level 3:
 * <pre>
 *   R|1|^^^K^Potassium|5.9|mmol/L|3.5 to 5.1|H||F||op1|20240611081000|20240611081500|XN-01
 *   1 2 3              4   5      6          7 8 9 10 11  12             13             14
 * </pre>
 * The value (R.4) stays text: ordinal and qualitative results ({@code neg}, {@code +}, {@code trace},
 * {@code 1.020}, {@code >500}) are never forced to numbers here; the driver decides what a value means.
 *
 * @param record            the raw record
 * @param testCodeComponent the component of R.3 that holds the test code for this sender (4 in the standard's
 *                          layout; see {@link AstmParseOptions#testCodeComponent()})
 * @param comments          the C records right after it
 * @param extras            manufacturer (M) and scientific (S) records right after it, raw
 */
public record AstmResult(AstmRecord record, int testCodeComponent, List<AstmComment> comments,
        List<AstmRecord> extras) {

    public static final int TEST_ID = 3;
    public static final int VALUE = 4;
    public static final int UNITS = 5;
    public static final int REFERENCE_RANGE = 6;
    public static final int ABNORMAL_FLAGS = 7;
    public static final int ABNORMALITY_NATURE = 8;
    public static final int STATUS = 9;
    public static final int OPERATOR = 11;
    public static final int STARTED_TIME = 12;
    public static final int COMPLETED_TIME = 13;
    public static final int INSTRUMENT = 14;

    public AstmResult {
        Objects.requireNonNull(record, "record");
        if (record.type() != 'R') {
            throw new IllegalArgumentException("a result is an R record, not " + record.type());
        }
        if (testCodeComponent < 1) {
            throw new IllegalArgumentException("testCodeComponent must be >= 1: " + testCodeComponent);
        }
        comments = List.copyOf(comments);
        extras = AstmRecord.extras(extras);
    }

    /** A result with the test code in the standard's component 4 and no comments. */
    public static AstmResult of(AstmRecord record) {
        return new AstmResult(record, AstmTestId.LOCAL_CODE, List.of(), List.of());
    }

    /** R.2. */
    public OptionalInt sequence() {
        return record.sequence();
    }

    /** R.3, first repeat. */
    public AstmTestId testId() {
        return new AstmTestId(record.field(TEST_ID).repeats().get(0));
    }

    /** The test code: component {@link #testCodeComponent()} of R.3; {@code ""} when absent. */
    public String testCode() {
        return testId().component(testCodeComponent);
    }

    /** R.4 component 1, as sent; other components (some instruments send two units' values) via the record. */
    public String value() {
        return record.value(VALUE);
    }

    /** R.5. */
    public String units() {
        return record.value(UNITS);
    }

    /** R.6 component 1 as sent. */
    public String referenceRangeText() {
        return record.value(REFERENCE_RANGE);
    }

    /** R.6 read; empty when R.6 is empty. */
    public Optional<AstmReferenceRange> referenceRange() {
        return AstmReferenceRange.parse(referenceRangeText());
    }

    /** R.7, every non-empty flag as sent (some instruments repeat the field). */
    public List<String> abnormalFlagCodes() {
        List<String> codes = new ArrayList<>();
        for (String code : record.field(ABNORMAL_FLAGS).componentOfEachRepeat(1)) {
            if (!code.isEmpty()) {
                codes.add(code);
            }
        }
        return List.copyOf(codes);
    }

    /** R.7, the flags the standard defines; codes it lacks are in {@link #abnormalFlagCodes()} only. */
    public List<AstmAbnormalFlag> abnormalFlags() {
        return abnormalFlagCodes().stream().flatMap(code -> AstmAbnormalFlag.fromCode(code).stream()).toList();
    }

    /** R.8: nature of abnormality testing ({@code A} age, {@code S} sex, {@code R} race, {@code N} none). */
    public String abnormalityNature() {
        return record.value(ABNORMALITY_NATURE);
    }

    /** R.9 as sent. */
    public String statusText() {
        return record.value(STATUS);
    }

    /** R.9 read; empty when absent or a code the standard lacks. */
    public Optional<AstmResultStatus> status() {
        return AstmResultStatus.fromCode(statusText());
    }

    /** R.11. */
    public String operator() {
        return record.value(OPERATOR);
    }

    /** R.12, device time; empty when absent or invalid. */
    public Optional<LocalDateTime> startedTime() {
        return AstmDateTime.parse(record.value(STARTED_TIME));
    }

    /** R.13, device time; empty when absent or invalid. */
    public Optional<LocalDateTime> completedTime() {
        return AstmDateTime.parse(record.value(COMPLETED_TIME));
    }

    /** R.14, all components. */
    public AstmField instrument() {
        return record.field(INSTRUMENT);
    }
}
