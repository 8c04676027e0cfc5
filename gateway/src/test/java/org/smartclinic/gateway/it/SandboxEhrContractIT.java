package org.smartclinic.gateway.it;

import java.nio.file.Path;
import java.time.Duration;

import org.smartclinic.simulator.fhir.FhirSandbox;

/** The EHR contract against the in-process FHIR sandbox (validating everything it receives). */
class SandboxEhrContractIT extends EhrContract {

    private FhirSandbox sandbox;

    @Override
    String startEhr(Path workDir) {
        sandbox = FhirSandbox.start(new FhirSandbox.Settings("127.0.0.1", 0, "/fhir", true));
        sandbox.awaitReady(Duration.ofSeconds(60));
        return sandbox.baseUrl();
    }

    @Override
    void stopEhr() {
        if (sandbox != null) {
            sandbox.close();
        }
    }
}
