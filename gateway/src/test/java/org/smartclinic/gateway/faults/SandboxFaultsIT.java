package org.smartclinic.gateway.faults;

import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.smartclinic.simulator.fhir.FhirSandbox;

/**
 * The fault suites against the in-process FHIR sandbox (validation off: the contract suites validate every
 * resource the gateway emits; here it would only slow the drain).
 */
class SandboxFaultsIT extends FaultSuite {

    private static FhirSandbox sandbox;

    @BeforeAll
    static void startSandbox() {
        sandbox = FhirSandbox.start(new FhirSandbox.Settings("127.0.0.1", 0, "/fhir", false));
        sandbox.awaitReady(Duration.ofSeconds(60));
    }

    @AfterAll
    static void stopSandbox() {
        if (sandbox != null) {
            sandbox.close();
        }
    }

    @Override
    String ehrBaseUrl() {
        return sandbox.baseUrl();
    }
}
