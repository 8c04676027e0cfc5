package org.smartclinic.drivers.codec.astm.record;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Answers to a host query (an instrument's Q record asking what to run on its specimens), as the host sends them
 * back in a message of their own:
 * <pre>
 *   orders:          H | P (the patient ids) | O per specimen (its tests in O.5, action N, report type Q) | L N
 *   no information:  H | L I
 * </pre>
 * <b>Choices where LIS2-A2 leaves room.</b> The standard offers two ways to say "nothing for you": the
 * terminator's code {@code I} ("no information available from last query") and, per order, report type
 * {@code Y} ("no order on record for this test") or {@code Z} ("no record of this patient") in O.26.
 * {@link #noInformation(AstmHeader)} uses the terminator: it needs no patient or specimen to echo, says it for the
 * whole query, and every instrument that sends queries must read the L record. Orders carry action code
 * {@code N} (new order for a specimen) and report type {@code Q} (response to a query); the answer ends with
 * {@code L|1|N}. Peers that want {@code O} in O.26, or {@code F} ("last request processed") in L.3, get it through
 * {@link AstmOrder#of} and {@link AstmMessage#withTerminator(AstmTerminator)}.
 */
public final class AstmQueryAnswers {

    /** O.12 for a host query answer: new order for this specimen. */
    public static final String ACTION_NEW = "N";

    private AstmQueryAnswers() {
    }

    /**
     * A specimen the host has work for.
     *
     * @param specimenId the specimen id as the query gave it (Q.3 component 2), written to O.3
     * @param tests      the tests to run, one O.5 repeat each; not empty
     * @param priority   O.6: {@code R} routine, {@code S} stat, ...
     */
    public record SpecimenOrder(String specimenId, List<AstmTestId> tests, String priority) {
        public SpecimenOrder {
            Objects.requireNonNull(specimenId, "specimenId");
            Objects.requireNonNull(priority, "priority");
            tests = List.copyOf(tests);
            if (tests.isEmpty()) {
                throw new IllegalArgumentException("a specimen order has at least one test");
            }
        }

        /** Routine priority. */
        public static SpecimenOrder routine(String specimenId, List<AstmTestId> tests) {
            return new SpecimenOrder(specimenId, tests, "R");
        }
    }

    /**
     * The orders for a query: one patient with the ids given, one order per specimen.
     *
     * @param header              this side's header (see {@link AstmHeader#of})
     * @param practicePatientId   P.3, e.g. the patient id from the query's Q.3 component 1; may be empty
     * @param laboratoryPatientId P.4; may be empty
     * @param specimens           at least one
     */
    public static AstmMessage orders(AstmHeader header, String practicePatientId, String laboratoryPatientId,
            List<SpecimenOrder> specimens) {
        if (specimens.isEmpty()) {
            throw new IllegalArgumentException("no specimen to order for: answer with noInformation instead");
        }
        List<AstmOrder> orders = new ArrayList<>(specimens.size());
        for (SpecimenOrder specimen : specimens) {
            orders.add(AstmOrder.of(orders.size() + 1, specimen.specimenId(), specimen.tests(), specimen.priority(),
                    ACTION_NEW, AstmReportType.QUERY_RESPONSE, List.of()));
        }
        AstmPatient patient = AstmPatient.of(1, practicePatientId, laboratoryPatientId, orders);
        return AstmMessage.of(header, List.of(patient), List.of(), AstmTerminator.of(AstmTerminationCode.NORMAL));
    }

    /** "No information available from last query": a header and {@code L|1|I}. */
    public static AstmMessage noInformation(AstmHeader header) {
        return AstmMessage.of(header, List.of(), List.of(), AstmTerminator.of(AstmTerminationCode.NO_INFORMATION));
    }
}
