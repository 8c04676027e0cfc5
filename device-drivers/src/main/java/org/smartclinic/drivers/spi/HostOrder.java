package org.smartclinic.drivers.spi;

import java.time.LocalDate;
import java.util.List;
import java.util.Objects;

/**
 * What the clinic knows about a sample an analyzer asked for: patient data (to be sent to that analyzer only, never
 * logged) and the tests requested.
 *
 * @param sampleId  the sample id the analyzer asked for
 * @param patientId the patient's identifier value as the clinic registers it (the practice-assigned id), never null
 * @param family    family name, or null when unknown
 * @param given     given name(s), or null when unknown
 * @param birthDate birth date, or null when unknown
 * @param sex       {@code M}, {@code F}, {@code U} (unknown); never null
 * @param tests     analyzer test codes requested; empty means "whatever the analyzer runs for this sample"
 */
public record HostOrder(String sampleId, String patientId, String family, String given, LocalDate birthDate,
        String sex, List<String> tests) {

    public HostOrder {
        Objects.requireNonNull(sampleId, "sampleId");
        Objects.requireNonNull(patientId, "patientId");
        Objects.requireNonNull(sex, "sex");
        if (!sex.equals("M") && !sex.equals("F") && !sex.equals("U")) {
            throw new IllegalArgumentException("sex must be M, F or U, was " + sex);
        }
        tests = List.copyOf(tests);
    }

    /** No patient data in logs: the sample id and the number of tests only. */
    @Override
    public String toString() {
        return "HostOrder[sample " + sampleId + ", " + tests.size() + " test(s)]";
    }
}
