package org.smartclinic.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.smartclinic.gateway.it.Ehr;
import org.smartclinic.gateway.it.GatewayApi;
import org.smartclinic.gateway.it.GatewayProcess;

/**
 * The README's run path: the jar on its embedded defaults (only ports and data folder moved so tests don't
 * collide), with its in-process FHIR sandbox and simulated BP monitor. Opening an exam is all it takes for
 * readings to reach the sandbox; before that they stay unassigned.
 */
class DemoModeIT {

    @TempDir
    Path dir;

    private GatewayProcess gateway;

    @AfterEach
    void stop() {
        if (gateway != null) {
            gateway.close();
        }
    }

    @Test
    void embeddedDefaults_openExam_readingsOfSimulatedMonitorReachSandbox() {
        int sandboxPort = GatewayProcess.freePort();
        gateway = new GatewayProcess(dir.resolve("data"))
                .property("smartclinic.demo.sandbox-port", String.valueOf(sandboxPort))
                .start();
        GatewayApi api = new GatewayApi(gateway.baseUrl());
        Ehr ehr = new Ehr("http://localhost:" + sandboxPort + "/fhir");
        await().atMost(Duration.ofSeconds(30)).until(() -> "CONNECTED".equals(api.device("bp-1").getString("state")));
        await().atMost(Duration.ofSeconds(30)).until(() -> !api.readings("binding=unassigned").isEmpty());

        api.openExam("room-1", "demo-patient");

        Patient patient = await().atMost(Duration.ofSeconds(10))
                .until(() -> ehr.patient(GatewayApi.PATIENT_SYSTEM, "demo-patient"), java.util.Optional::isPresent)
                .orElseThrow();
        List<Observation> obs = await().atMost(Duration.ofSeconds(10)).until(ehr::observations, l -> !l.isEmpty());
        assertThat(obs).allSatisfy(o -> assertThat(o.getSubject().getReference())
                .isEqualTo("Patient/" + patient.getIdElement().getIdPart()));
        assertThat(obs).anySatisfy(o -> assertThat(o.getCode().getCodingFirstRep().getCode()).isEqualTo("85354-9"));
        assertThat(gateway.dataDir().resolve("journal.db")).exists();
    }
}
