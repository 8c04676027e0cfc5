package org.smartclinic.drivers.codec.astm.record;

import java.time.LocalDateTime;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A test order record (O), level 2, with the results that follow it:
 * <pre>
 *   O|1|SAMPLE-7|42^3^1|^^^GLU\^^^NA|R|20240611080000|20240611075500||||N||||SERUM^BLOOD|...|F
 *   1 2 3        4      5            6 7              8               12    16           26
 * </pre>
 * O.3 is the specimen id the host knows (the sample's barcode); O.4 the instrument's own (often
 * {@code sample ^ rack ^ position}). O.5 repeats, one test id per repeat.
 *
 * @param record   the raw record
 * @param results  the R records that followed it, in order
 * @param comments the C records right after it
 * @param extras   manufacturer (M) and scientific (S) records right after it, raw
 */
public record AstmOrder(AstmRecord record, List<AstmResult> results, List<AstmComment> comments,
        List<AstmRecord> extras) {

    public static final int SPECIMEN_ID = 3;
    public static final int INSTRUMENT_SPECIMEN_ID = 4;
    public static final int TEST_ID = 5;
    public static final int PRIORITY = 6;
    public static final int REQUESTED_TIME = 7;
    public static final int COLLECTION_TIME = 8;
    public static final int ACTION_CODE = 12;
    public static final int SPECIMEN_DESCRIPTOR = 16;
    public static final int REPORT_TYPE = 26;

    public AstmOrder {
        Objects.requireNonNull(record, "record");
        if (record.type() != 'O') {
            throw new IllegalArgumentException("an order is an O record, not " + record.type());
        }
        results = List.copyOf(results);
        comments = List.copyOf(comments);
        extras = AstmRecord.extras(extras);
    }

    /**
     * {@code O|sequence|specimenId||tests|priority|...|actionCode|...|reportType} with these results.
     *
     * @param actionCode O.12, e.g. {@code N} for a new order
     * @param reportType O.26, or null to leave it empty
     */
    public static AstmOrder of(int sequence, String specimenId, List<AstmTestId> tests, String priority,
            String actionCode, AstmReportType reportType, List<AstmResult> results) {
        AstmRecord record = AstmRecord.of('O', AstmField.of(Integer.toString(sequence)), AstmField.of(specimenId),
                        AstmField.EMPTY, AstmTestId.toField(tests), AstmField.of(priority))
                .with(ACTION_CODE, actionCode);
        if (reportType != null) {
            record = record.with(REPORT_TYPE, reportType.code());
        }
        return new AstmOrder(record, results, List.of(), List.of());
    }

    /** O.2. */
    public OptionalInt sequence() {
        return record.sequence();
    }

    /** O.3 component 1: the specimen (sample) id. */
    public String specimenId() {
        return record.value(SPECIMEN_ID);
    }

    /** O.4, all components (vendors put sample ^ rack ^ position here). */
    public AstmField instrumentSpecimenId() {
        return record.field(INSTRUMENT_SPECIMEN_ID);
    }

    /** O.5, one test id per non-empty repeat. */
    public List<AstmTestId> testIds() {
        return AstmTestId.fromField(record.field(TEST_ID));
    }

    /** O.6: {@code S} stat, {@code A} ASAP, {@code R} routine, {@code C} callback, {@code P} pre-op. */
    public String priority() {
        return record.value(PRIORITY);
    }

    /** O.7, device time; empty when absent or invalid. */
    public Optional<LocalDateTime> requestedTime() {
        return AstmDateTime.parse(record.value(REQUESTED_TIME));
    }

    /** O.8, device time; empty when absent or invalid. */
    public Optional<LocalDateTime> collectionTime() {
        return AstmDateTime.parse(record.value(COLLECTION_TIME));
    }

    /**
     * O.12: {@code C} cancel, {@code A} add, {@code N} new, {@code P} pending, {@code L} reserved, {@code X}
     * in process, {@code Q} quality control.
     */
    public String actionCode() {
        return record.value(ACTION_CODE);
    }

    /** O.16, {@code specimen type ^ specimen source}. */
    public AstmField specimenDescriptor() {
        return record.field(SPECIMEN_DESCRIPTOR);
    }

    /** O.26 as sent. */
    public String reportTypeText() {
        return record.value(REPORT_TYPE);
    }

    /** O.26 read; empty when absent or a code the standard lacks. */
    public Optional<AstmReportType> reportType() {
        return AstmReportType.fromCode(reportTypeText());
    }
}
