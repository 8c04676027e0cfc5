package org.smartclinic.gateway.uplink;

import java.time.Duration;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import org.smartclinic.fhir.FhirContexts;
import org.smartclinic.simulator.fhir.FhirSandbox;

/** A real FHIR server (the sandbox, validating) on a free port for a {@code @QuarkusTest}, as its EHR. */
public class SandboxResource implements QuarkusTestResourceLifecycleManager {

    private FhirSandbox sandbox;

    @Override
    public Map<String, String> start() {
        sandbox = FhirSandbox.start(new FhirSandbox.Settings("127.0.0.1", 0, "/fhir", true), FhirContexts.r4());
        // Until its validator is warm the sandbox answers in seconds, longer than the exam's patient lookup waits.
        if (!sandbox.awaitReady(Duration.ofSeconds(120))) {
            throw new IllegalStateException("the FHIR sandbox did not warm up within 120 s");
        }
        return Map.of("smartclinic.fhir.base-url", sandbox.baseUrl());
    }

    @Override
    public void stop() {
        if (sandbox != null) {
            sandbox.close();
        }
    }
}
