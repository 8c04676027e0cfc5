package org.smartclinic.drivers.codec.astm.record;

import java.util.ArrayList;
import java.util.List;

/**
 * Writes an {@link AstmMessage} as record text, with the message's own delimiters, in the standard's order:
 * <pre>
 *   H, its C, its M/S
 *   for each patient: P, C, M/S; for each order: O, C, M/S; for each result: R, C, M/S
 *   for each query: Q, C, M/S
 *   L
 * </pre>
 * Values are escaped: a delimiter inside a value becomes {@code &F&}, {@code &S&}, {@code &R&} or {@code &E&};
 * a control character (CR, LF, ...) becomes {@code &Xhh&}, so a value can never end a record. Records are written
 * exactly as they are in the model, trailing empty fields included, so {@code parse(write(m))} equals {@code m}
 * (strict parse) for any message whose delimiters are {@link AstmDelimiters#isEscapeSafe() escape-safe} and whose
 * {@link AstmMessage#unexpected()} is empty: those records have no place in the hierarchy and are not written.
 * The sequence numbers are the model's; the writer does not renumber.
 */
public final class AstmMessageWriter {

    private AstmMessageWriter() {
    }

    /** The message, each record followed by CR. */
    public static String write(AstmMessage message) {
        StringBuilder out = new StringBuilder(256);
        for (String record : records(message)) {
            out.append(record).append('\r');
        }
        return out.toString();
    }

    /** The message's records, without separators: for a link layer that frames record by record. */
    public static List<String> records(AstmMessage message) {
        AstmDelimiters d = message.delimiters();
        List<String> out = new ArrayList<>();
        out.add(write(message.header().record(), d));
        annotations(message.comments(), message.extras(), d, out);
        for (AstmPatient patient : message.patients()) {
            out.add(write(patient.record(), d));
            annotations(patient.comments(), patient.extras(), d, out);
            for (AstmOrder order : patient.orders()) {
                out.add(write(order.record(), d));
                annotations(order.comments(), order.extras(), d, out);
                for (AstmResult result : order.results()) {
                    out.add(write(result.record(), d));
                    annotations(result.comments(), result.extras(), d, out);
                }
            }
        }
        for (AstmQuery query : message.queries()) {
            out.add(write(query.record(), d));
            annotations(query.comments(), query.extras(), d, out);
        }
        message.terminator().ifPresent(l -> out.add(write(l.record(), d)));
        return List.copyOf(out);
    }

    /**
     * One record's text. For the header, field 2 is written from the delimiters, unescaped.
     *
     * @throws IllegalArgumentException if a header record's field 2 disagrees with {@code delimiters}
     */
    public static String write(AstmRecord record, AstmDelimiters delimiters) {
        StringBuilder out = new StringBuilder(64).append(record.type());
        List<AstmField> fields = record.fields();
        int first = 0;
        if (record.type() == 'H') {
            if (!record.value(2).equals(delimiters.definition().substring(1))) {
                throw new IllegalArgumentException("H.2 must be the repeat, component and escape delimiters");
            }
            out.append(delimiters.definition());
            first = 1;
        }
        for (int i = first; i < fields.size(); i++) {
            out.append(delimiters.field());
            field(fields.get(i), delimiters, out);
        }
        return out.toString();
    }

    private static void field(AstmField field, AstmDelimiters d, StringBuilder out) {
        List<List<String>> repeats = field.repeats();
        for (int r = 0; r < repeats.size(); r++) {
            if (r > 0) {
                out.append(d.repeat());
            }
            List<String> components = repeats.get(r);
            for (int c = 0; c < components.size(); c++) {
                if (c > 0) {
                    out.append(d.component());
                }
                AstmEscapes.encode(components.get(c), d, out);
            }
        }
    }

    private static void annotations(List<AstmComment> comments, List<AstmRecord> extras, AstmDelimiters d,
            List<String> out) {
        for (AstmComment comment : comments) {
            out.add(write(comment.record(), d));
        }
        for (AstmRecord extra : extras) {
            out.add(write(extra, d));
        }
    }
}
