package org.smartclinic.drivers.codec.astm.record;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Places records, in order of arrival, into the hierarchy H - (P - O - R | Q) - L, and checks what the standard
 * asks of each: sequence numbers 1, 2, 3... per level, required fields, date/time formats, the test code. Records
 * with no place are kept raw and reported; nothing is dropped.
 */
final class AstmMessageAssembler {

    /** A record with what belongs to it, while the message is being read. */
    private static final class Node {
        final AstmRecord record;
        final List<Node> children = new ArrayList<>();
        final List<AstmComment> comments = new ArrayList<>();
        final List<AstmRecord> extras = new ArrayList<>();

        Node(AstmRecord record) {
            this.record = record;
        }
    }

    private static final int[] HEADER_DATES = {AstmHeader.MESSAGE_TIME};
    private static final int[] PATIENT_DATES = {AstmPatient.BIRTHDATE};
    private static final int[] ORDER_DATES = {AstmOrder.REQUESTED_TIME, AstmOrder.COLLECTION_TIME};
    private static final int[] RESULT_DATES = {AstmResult.STARTED_TIME, AstmResult.COMPLETED_TIME};
    private static final int[] NO_DATES = {};

    private final AstmParseOptions options;
    private final AstmProblemLog log;
    private final AstmHeader header;
    private final Node message;
    private final List<Node> queries = new ArrayList<>();
    private final List<AstmRecord> unexpected = new ArrayList<>();
    private AstmTerminator terminator;
    private Node patient;
    private Node order;
    /** Where a C, M or S record goes: the last H, P, O, R or Q; null after L. */
    private Node annotated;

    AstmMessageAssembler(AstmHeader header, int number, AstmParseOptions options, AstmProblemLog log) {
        this.header = header;
        this.options = options;
        this.log = log;
        this.message = new Node(header.record());
        this.annotated = message;
        checkDates(header.record(), number);
    }

    /** Places the record numbered {@code number}, the header excepted. */
    void accept(AstmRecord record, int number) {
        if (terminator != null) {
            outOfPlace(record, number, AstmProblem.Code.AFTER_TERMINATOR, "after the terminator");
            return;
        }
        checkDates(record, number);
        switch (record.type()) {
            case 'P' -> {
                patient = child(message, record, number);
                order = null;
            }
            case 'O' -> {
                if (patient == null) {
                    outOfPlace(record, number, AstmProblem.Code.OUT_OF_ORDER, "with no patient before it");
                } else {
                    order = child(patient, record, number);
                    requireAny(record, number, AstmOrder.SPECIMEN_ID, AstmOrder.INSTRUMENT_SPECIMEN_ID);
                }
            }
            case 'R' -> {
                if (order == null) {
                    outOfPlace(record, number, AstmProblem.Code.OUT_OF_ORDER, "with no order before it");
                } else {
                    child(order, record, number);
                    checkTestCode(record, number);
                }
            }
            case 'Q' -> {
                Node query = new Node(record);
                queries.add(query);
                checkSequence(record, number, queries.size());
                require(record, number, AstmQuery.STARTING_RANGE);
                patient = null;
                order = null;
                annotated = query;
            }
            case 'C' -> annotate(record, number);
            case 'M', 'S' -> annotateRaw(record, number);
            case 'L' -> {
                checkSequence(record, number, 1);
                terminator = new AstmTerminator(record);
                annotated = null;
            }
            default -> outOfPlace(record, number, AstmProblem.Code.OUT_OF_ORDER, "(a second header)");
        }
    }

    /** The message; reports a missing terminator, fatal unless tolerated. */
    AstmMessage finish() {
        if (terminator == null) {
            log.add(new AstmProblem(0, AstmProblem.Code.MISSING_TERMINATOR, !options.tolerateMissingTerminator(),
                    "the message has no terminator (L) record"));
        }
        List<AstmPatient> patients = message.children.stream().map(this::patient).toList();
        List<AstmQuery> queryList = queries.stream()
                .map(q -> new AstmQuery(q.record, q.comments, q.extras)).toList();
        return new AstmMessage(header, message.comments, message.extras, patients, queryList,
                Optional.ofNullable(terminator), unexpected);
    }

    private AstmPatient patient(Node p) {
        return new AstmPatient(p.record, p.children.stream().map(this::order).toList(), p.comments, p.extras);
    }

    private AstmOrder order(Node o) {
        List<AstmResult> results = o.children.stream()
                .map(r -> new AstmResult(r.record, options.testCodeComponent(), r.comments, r.extras)).toList();
        return new AstmOrder(o.record, results, o.comments, o.extras);
    }

    private Node child(Node parent, AstmRecord record, int number) {
        Node node = new Node(record);
        parent.children.add(node);
        checkSequence(record, number, parent.children.size());
        annotated = node;
        return node;
    }

    private void annotate(AstmRecord record, int number) {
        if (annotated == null) {
            outOfPlace(record, number, AstmProblem.Code.OUT_OF_ORDER, "with no record before it to belong to");
            return;
        }
        annotated.comments.add(new AstmComment(record));
        checkSequence(record, number, annotated.comments.size());
    }

    private void annotateRaw(AstmRecord record, int number) {
        if (annotated == null) {
            outOfPlace(record, number, AstmProblem.Code.OUT_OF_ORDER, "with no record before it to belong to");
            return;
        }
        annotated.extras.add(record);
    }

    private void outOfPlace(AstmRecord record, int number, AstmProblem.Code code, String where) {
        unexpected.add(record);
        log.warn(number, code, record.type() + " record " + where + "; kept raw, out of the hierarchy");
    }

    private void checkSequence(AstmRecord record, int number, int expected) {
        if (record.value(2).isEmpty()) {
            log.warn(number, AstmProblem.Code.MISSING_FIELD, record.type() + ".2 (sequence number) is empty");
            return;
        }
        OptionalInt sequence = record.sequence();
        if (sequence.isEmpty() || sequence.getAsInt() != expected) {
            log.warn(number, AstmProblem.Code.BAD_SEQUENCE, record.type() + ".2 is "
                    + (sequence.isEmpty() ? "not a number" : sequence.getAsInt()) + ", expected " + expected);
        }
    }

    private void require(AstmRecord record, int number, int field) {
        if (record.field(field).isEmpty()) {
            log.warn(number, AstmProblem.Code.MISSING_FIELD, record.type() + "." + field + " is empty");
        }
    }

    private void requireAny(AstmRecord record, int number, int field, int alternative) {
        if (record.field(field).isEmpty() && record.field(alternative).isEmpty()) {
            log.warn(number, AstmProblem.Code.MISSING_FIELD, record.type() + "." + field + " and " + record.type()
                    + "." + alternative + " are both empty");
        }
    }

    private void checkTestCode(AstmRecord record, int number) {
        if (record.field(AstmResult.TEST_ID).isEmpty()) {
            require(record, number, AstmResult.TEST_ID);
        } else if (record.field(AstmResult.TEST_ID).component(options.testCodeComponent()).isEmpty()) {
            log.warn(number, AstmProblem.Code.MISSING_TEST_CODE, "R.3 has nothing in component "
                    + options.testCodeComponent() + " (the configured test code position)");
        }
    }

    private void checkDates(AstmRecord record, int number) {
        for (int field : dateFields(record.type())) {
            if (!AstmDateTime.isEmptyOrValid(record.value(field))) {
                log.warn(number, AstmProblem.Code.BAD_DATE_TIME, record.type() + "." + field
                        + " is not YYYYMMDD[HHMM[SS]]; kept as text");
            }
        }
    }

    private static int[] dateFields(char type) {
        return switch (type) {
            case 'H' -> HEADER_DATES;
            case 'P' -> PATIENT_DATES;
            case 'O' -> ORDER_DATES;
            case 'R' -> RESULT_DATES;
            default -> NO_DATES;
        };
    }
}
