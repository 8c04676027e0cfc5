package org.smartclinic.drivers.lab.astm;

import java.text.Normalizer;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

import org.smartclinic.drivers.codec.astm.record.AstmDateTime;
import org.smartclinic.drivers.codec.astm.record.AstmDelimiters;
import org.smartclinic.drivers.codec.astm.record.AstmField;
import org.smartclinic.drivers.codec.astm.record.AstmHeader;
import org.smartclinic.drivers.codec.astm.record.AstmMessage;
import org.smartclinic.drivers.codec.astm.record.AstmMessageWriter;
import org.smartclinic.drivers.codec.astm.record.AstmOrder;
import org.smartclinic.drivers.codec.astm.record.AstmPatient;
import org.smartclinic.drivers.codec.astm.record.AstmQuery;
import org.smartclinic.drivers.codec.astm.record.AstmQueryAnswers;
import org.smartclinic.drivers.codec.astm.record.AstmRecord;
import org.smartclinic.drivers.codec.astm.record.AstmReportType;
import org.smartclinic.drivers.codec.astm.record.AstmTerminator;
import org.smartclinic.drivers.codec.astm.record.AstmTerminationCode;
import org.smartclinic.drivers.codec.astm.record.AstmTestId;
import org.smartclinic.drivers.spi.HostOrder;
import org.smartclinic.drivers.spi.HostQueries;

/**
 * The answer to an analyzer's host query (a Q record asking which patient and tests a sample is for), as records
 * for the {@link org.smartclinic.drivers.codec.astm.link.AstmSender}:
 * <pre>
 *   known sample(s): H|\^&amp;|||SmartClinic^Gateway|||||&lt;analyzer's H-5&gt;||P|LIS2-A2|&lt;now&gt;
 *                    P|1|&lt;patient id&gt;|||family^given||&lt;birth date&gt;|&lt;sex&gt;
 *                    O|1|&lt;sample id&gt;||^^^T1\^^^T2|R||||||N||||||||||||||Q      (one P and O per sample)
 *                    L|1|N
 *   none known:      H|...   L|1|I   ("no information available from last query")
 * </pre>
 * Tests: the clinic's tests for the sample, in the analyzer's test code component; none listed: the query's own
 * Q-5 (e.g. {@code ^^^ALL}). Text outside ISO-8859-1 (the frames' character set) is approximated
 * ({@link #latin1}). The patient data goes to the analyzer only: this class logs nothing.
 */
final class AstmHostAnswer {

    private static final int MAX_SAMPLES = 16;

    private AstmHostAnswer() {
    }

    /** The records answering {@code query}, asking {@code hosts} for each specimen id (at most 16). */
    static List<String> answer(AstmQuery query, AstmField analyzer, HostQueries hosts, int testCodeComponent,
            LocalDateTime now) {
        AstmHeader header = AstmHeader.of(AstmDelimiters.STANDARD, AstmField.ofComponents("SmartClinic", "Gateway"),
                analyzer, "P", now);
        List<AstmPatient> patients = new ArrayList<>();
        List<String> samples = query.specimenIds();
        for (String sample : samples.subList(0, Math.min(samples.size(), MAX_SAMPLES))) {
            Optional<HostOrder> order = hosts.find(sample);
            if (order.isPresent()) {
                patients.add(patient(patients.size() + 1, order.get(), query, testCodeComponent));
            }
        }
        AstmMessage message = patients.isEmpty() ? AstmQueryAnswers.noInformation(header)
                : AstmMessage.of(header, patients, List.of(), AstmTerminator.of(AstmTerminationCode.NORMAL));
        return AstmMessageWriter.records(message);
    }

    private static AstmPatient patient(int sequence, HostOrder order, AstmQuery query, int component) {
        AstmOrder o = AstmOrder.of(1, latin1(order.sampleId()), tests(order, query, component), "R",
                AstmQueryAnswers.ACTION_NEW, AstmReportType.QUERY_RESPONSE, List.of());
        AstmRecord record = AstmRecord.of('P', AstmField.of(Integer.toString(sequence)),
                        AstmField.of(latin1(order.patientId())))
                .with(AstmPatient.NAME, AstmField.ofComponents(orEmpty(order.family()), orEmpty(order.given())))
                .with(AstmPatient.BIRTHDATE, order.birthDate() == null ? "" : AstmDateTime.format(order.birthDate()))
                .with(AstmPatient.SEX, order.sex());
        return new AstmPatient(record, List.of(o), List.of(), List.of());
    }

    private static List<AstmTestId> tests(HostOrder order, AstmQuery query, int component) {
        if (order.tests().isEmpty()) {
            List<AstmTestId> asked = query.testIds();
            return asked.isEmpty() ? List.of(at(component, "ALL")) : asked;
        }
        List<AstmTestId> out = new ArrayList<>(order.tests().size());
        for (String test : order.tests()) {
            out.add(at(component, latin1(test)));
        }
        return out;
    }

    /** A test id with {@code code} in component {@code component}, the ones before it empty. */
    private static AstmTestId at(int component, String code) {
        List<String> parts = new ArrayList<>(Collections.nCopies(component - 1, ""));
        parts.add(code);
        return new AstmTestId(parts);
    }

    private static String orEmpty(String s) {
        return s == null ? "" : latin1(s);
    }

    /**
     * {@code text} in ISO-8859-1, the character set of ASTM frames: accents outside it dropped from their letters
     * where Unicode decomposes them ({@code Ő} to {@code O}), other characters as {@code ?}.
     */
    static String latin1(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c <= 0xFF) {
                out.append(c);
                continue;
            }
            String base = Normalizer.normalize(String.valueOf(c), Normalizer.Form.NFD);
            out.append(!base.isEmpty() && base.charAt(0) <= 0xFF ? base.charAt(0) : '?');
        }
        return out.toString();
    }
}
