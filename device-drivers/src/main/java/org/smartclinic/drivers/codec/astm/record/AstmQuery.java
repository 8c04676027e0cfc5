package org.smartclinic.drivers.codec.astm.record;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * A request information record (Q), level 1: an instrument asking the host what to run (a host query):
 * <pre>
 *   Q|1|^SAMPLE-7\^SAMPLE-8||^^^ALL||||||||O
 *   1 2 3                  4 5             13
 * </pre>
 * Q.3 and Q.4 are the starting and ending range ids, each repeat {@code patient id ^ specimen id ^ ...}
 * (vendors add rack and position after). Q.13 is the request information status code: {@code O} orders and
 * demographics only, {@code A} abort the last request, {@code F} final results, and others.
 *
 * @param record   the raw record
 * @param comments the C records right after it
 * @param extras   manufacturer (M) and scientific (S) records right after it, raw
 */
public record AstmQuery(AstmRecord record, List<AstmComment> comments, List<AstmRecord> extras) {

    public static final int STARTING_RANGE = 3;
    public static final int ENDING_RANGE = 4;
    public static final int TEST_ID = 5;
    public static final int STATUS_CODE = 13;

    public AstmQuery {
        Objects.requireNonNull(record, "record");
        if (record.type() != 'Q') {
            throw new IllegalArgumentException("a query is a Q record, not " + record.type());
        }
        comments = List.copyOf(comments);
        extras = AstmRecord.extras(extras);
    }

    /** Q.2. */
    public OptionalInt sequence() {
        return record.sequence();
    }

    /** Q.3, all repeats and components. */
    public AstmField startingRange() {
        return record.field(STARTING_RANGE);
    }

    /** Q.4, all repeats and components. */
    public AstmField endingRange() {
        return record.field(ENDING_RANGE);
    }

    /** Q.3 component 1 of every repeat, the non-empty ones. */
    public List<String> patientIds() {
        return nonEmpty(startingRange().componentOfEachRepeat(1));
    }

    /** Q.3 component 2 of every repeat, the non-empty ones: the specimens asked about. */
    public List<String> specimenIds() {
        return nonEmpty(startingRange().componentOfEachRepeat(2));
    }

    /** Q.5, one test id per non-empty repeat ({@code ^^^ALL} from most instruments). */
    public List<AstmTestId> testIds() {
        return AstmTestId.fromField(record.field(TEST_ID));
    }

    /** Q.13 as sent. */
    public String statusCode() {
        return record.value(STATUS_CODE);
    }

    private static List<String> nonEmpty(List<String> values) {
        List<String> out = new ArrayList<>(values.size());
        for (String value : values) {
            if (!value.isEmpty()) {
                out.add(value);
            }
        }
        return List.copyOf(out);
    }
}
