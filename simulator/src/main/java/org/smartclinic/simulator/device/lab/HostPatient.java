package org.smartclinic.simulator.device.lab;

import java.util.List;
import java.util.Optional;

import org.smartclinic.drivers.codec.astm.record.AstmMessage;
import org.smartclinic.drivers.codec.astm.record.AstmMessageParser;
import org.smartclinic.drivers.codec.astm.record.AstmParseResult;
import org.smartclinic.drivers.codec.astm.record.AstmPatient;

/**
 * What the host's answer to an LP-100 query said about the sample's patient, as the analyzer prints it on its slip.
 *
 * @param sampleId  the sample asked about
 * @param patientId P-3 of the answer (P-4 if P-3 is empty)
 * @param name      P-6 as sent, {@code last^first^...}; empty if none
 */
public record HostPatient(String sampleId, String patientId, String name) {

    /** The name as people write it: {@code Doe, Jane}. */
    public String displayName() {
        String[] parts = name.split("\\^", -1);
        return parts.length < 2 || parts[1].isEmpty() ? parts[0] : parts[0] + ", " + parts[1];
    }

    /** The patient of the first P record of {@code answer}; empty for no answer, a refusal or no P (L|1|I). */
    static Optional<HostPatient> from(String sampleId, List<String> answer) {
        if (answer.isEmpty()) {
            return Optional.empty();
        }
        AstmParseResult parsed = new AstmMessageParser().parse(String.join("\r", answer) + "\r");
        if (!(parsed instanceof AstmParseResult.Accepted accepted)) {
            return Optional.empty();
        }
        AstmMessage message = accepted.message();
        if (message.patients().isEmpty()) {
            return Optional.empty();
        }
        AstmPatient p = message.patients().get(0);
        String id = p.practicePatientId().isEmpty() ? p.laboratoryPatientId() : p.practicePatientId();
        // Delimiters a host escaped into a name must not become structure in the analyzer's own records.
        List<String> name = p.name().repeats().get(0).stream().map(c -> c.replaceAll("[|\\\\^&]", " ")).toList();
        return Optional.of(new HostPatient(sampleId, id.replaceAll("[|\\\\^&]", " "), String.join("^", name)));
    }
}
