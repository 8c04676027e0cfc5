package org.smartclinic.simulator.device.lab;

import java.util.Objects;

/**
 * A sample on the analyzer: the gateway's sample id (ten digits, Luhn check digit) scanned from the tube, and the
 * patient the host named for it, if any (LP-100 host query), printed in P-3 and P-6.
 */
public record LabSpecimen(String sampleId, String patientId, String patientName) {

    public LabSpecimen {
        Objects.requireNonNull(sampleId, "sampleId");
        Objects.requireNonNull(patientId, "patientId");
        Objects.requireNonNull(patientName, "patientName");
    }

    /** A sample with no patient known. */
    public static LabSpecimen of(String sampleId) {
        return new LabSpecimen(sampleId, "", "");
    }

    /** Whether {@code id} is a gateway sample id: ten digits whose last is the Luhn check digit of the others. */
    public static boolean isSampleId(String id) {
        if (id == null || !id.matches("\\d{10}")) {
            return false;
        }
        int sum = 0;
        for (int i = 0; i < 10; i++) {
            int d = id.charAt(9 - i) - '0';
            if (i % 2 == 1) {
                d = d * 2 > 9 ? d * 2 - 9 : d * 2;
            }
            sum += d;
        }
        return sum % 10 == 0;
    }
}
