package org.smartclinic.drivers.codec.astm.record;

import java.time.LocalDate;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A patient information record (P), level 1, with what follows it down to the next P, Q or L:
 * <pre>
 *   P|1|PRAC-1|LAB-1|ID3|Doe^Jane^Q||19800101|F
 *   1 2 3      4     5   6          7 8        9
 * </pre>
 * The name (P.6) is {@code last ^ first ^ middle ^ suffix ^ title}.
 *
 * @param record   the raw record
 * @param orders   the O records that followed it, in order
 * @param comments the C records right after it
 * @param extras   manufacturer (M) and scientific (S) records right after it, raw
 */
public record AstmPatient(AstmRecord record, List<AstmOrder> orders, List<AstmComment> comments,
        List<AstmRecord> extras) {

    public static final int PRACTICE_PATIENT_ID = 3;
    public static final int LABORATORY_PATIENT_ID = 4;
    public static final int PATIENT_ID_3 = 5;
    public static final int NAME = 6;
    public static final int BIRTHDATE = 8;
    public static final int SEX = 9;

    public AstmPatient {
        Objects.requireNonNull(record, "record");
        if (record.type() != 'P') {
            throw new IllegalArgumentException("a patient is a P record, not " + record.type());
        }
        orders = List.copyOf(orders);
        comments = List.copyOf(comments);
        extras = AstmRecord.extras(extras);
    }

    /** {@code P|sequence|practiceId|laboratoryId} with these orders. */
    public static AstmPatient of(int sequence, String practicePatientId, String laboratoryPatientId,
            List<AstmOrder> orders) {
        AstmRecord record = AstmRecord.of('P', AstmField.of(Integer.toString(sequence)),
                AstmField.of(practicePatientId), AstmField.of(laboratoryPatientId));
        return new AstmPatient(record, orders, List.of(), List.of());
    }

    /** P.2. */
    public OptionalInt sequence() {
        return record.sequence();
    }

    /** P.3: the patient id the practice (ordering side, LIS) assigned. */
    public String practicePatientId() {
        return record.value(PRACTICE_PATIENT_ID);
    }

    /** P.4: the patient id the laboratory assigned. */
    public String laboratoryPatientId() {
        return record.value(LABORATORY_PATIENT_ID);
    }

    /** P.5: patient id number 3 (e.g. a national id). */
    public String patientId3() {
        return record.value(PATIENT_ID_3);
    }

    /** P.6, all components ({@code last ^ first ^ middle ^ suffix ^ title}). */
    public AstmField name() {
        return record.field(NAME);
    }

    /** P.8 as a date (a time sent with it is dropped); empty when absent or invalid. */
    public Optional<LocalDate> birthdate() {
        return AstmDateTime.parseDate(record.value(BIRTHDATE));
    }

    /** P.9: {@code M}, {@code F} or {@code U} by the standard; as sent. */
    public String sex() {
        return record.value(SEX);
    }
}
