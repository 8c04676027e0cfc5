package org.smartclinic.simulator.device.lab;

import java.util.List;
import java.util.Optional;

import org.smartclinic.simulator.device.lab.astm.AstmDelivery;

/**
 * What one run of an analyzer twin did: the host queries it sent (LP-100) with the patients the host named, and the
 * result messages with how each was delivered.
 *
 * @param model    the model
 * @param queries  the host queries, in order; empty for models (or runs) without
 * @param patients the patients the host named, one per answered query
 * @param results  the result messages, in order
 */
public record LabReport(LabModel model, List<AstmDelivery> queries, List<HostPatient> patients,
        List<AstmDelivery> results) {

    public LabReport {
        queries = List.copyOf(queries);
        patients = List.copyOf(patients);
        results = List.copyOf(results);
    }

    /** Whether every result message was delivered. */
    public boolean delivered() {
        return !results.isEmpty() && results.stream().allMatch(AstmDelivery::delivered);
    }

    /** The patient the host named for {@code sampleId}, if it did. */
    public Optional<HostPatient> patient(String sampleId) {
        return patients.stream().filter(p -> p.sampleId().equals(sampleId)).findFirst();
    }
}
