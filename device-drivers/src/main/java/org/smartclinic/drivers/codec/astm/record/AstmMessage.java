package org.smartclinic.drivers.codec.astm.record;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One ASTM E1394-97 / CLSI LIS2-A2 message, in the standard's hierarchy:
 * <pre>
 *   H                       header (level 0)            C, M, S after it: {@link #comments()}, {@link #extras()}
 *   ├─ P                    patient (level 1)
 *   │  └─ O                 order (level 2)
 *   │     └─ R              result (level 3)
 *   ├─ Q                    request information (level 1)
 *   L                       terminator (level 0)
 * </pre>
 * C (comment), M (manufacturer) and S (scientific) records belong to the record before them. Records the
 * hierarchy has no place for (an R before any O, a second H, anything after L) are kept raw in
 * {@link #unexpected()}, each reported by the parser; the writer leaves them out.
 *
 * @param header     the H record
 * @param comments   C records right after the header
 * @param extras     M and S records right after the header, raw
 * @param patients   the P records with their orders and results, in order
 * @param queries    the Q records, in order
 * @param terminator the L record; empty only when the parser tolerated its absence
 * @param unexpected records out of the hierarchy's order, raw, in order of arrival
 */
public record AstmMessage(AstmHeader header, List<AstmComment> comments, List<AstmRecord> extras,
        List<AstmPatient> patients, List<AstmQuery> queries, Optional<AstmTerminator> terminator,
        List<AstmRecord> unexpected) {

    public AstmMessage {
        Objects.requireNonNull(header, "header");
        Objects.requireNonNull(terminator, "terminator");
        comments = List.copyOf(comments);
        extras = AstmRecord.extras(extras);
        patients = List.copyOf(patients);
        queries = List.copyOf(queries);
        unexpected = List.copyOf(unexpected);
    }

    /** A message of patients and queries, with no comments, extras or unexpected records. */
    public static AstmMessage of(AstmHeader header, List<AstmPatient> patients, List<AstmQuery> queries,
            AstmTerminator terminator) {
        return new AstmMessage(header, List.of(), List.of(), patients, queries, Optional.of(terminator), List.of());
    }

    /** The delimiters of this message (from its header). */
    public AstmDelimiters delimiters() {
        return header.delimiters();
    }

    /** Every result of every order of every patient, in message order. */
    public List<AstmResult> results() {
        List<AstmResult> results = new ArrayList<>();
        for (AstmPatient patient : patients) {
            for (AstmOrder order : patient.orders()) {
                results.addAll(order.results());
            }
        }
        return List.copyOf(results);
    }

    /** This message with another terminator (e.g. {@code F} instead of {@code N} for a peer that wants it). */
    public AstmMessage withTerminator(AstmTerminator replacement) {
        return new AstmMessage(header, comments, extras, patients, queries, Optional.of(replacement), unexpected);
    }
}
