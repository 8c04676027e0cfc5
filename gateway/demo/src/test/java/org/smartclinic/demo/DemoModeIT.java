package org.smartclinic.demo;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.smartclinic.gateway.it.Ehr;
import org.smartclinic.gateway.it.GatewayApi;
import org.smartclinic.gateway.it.GatewayProcess;
import org.smartclinic.gateway.it.Staff;

/**
 * The README's run path: the demo jar on its embedded defaults (only ports, the data folder and the simulated
 * instruments' pace moved so the test is quick and collides with nothing), with its in-process FHIR sandbox, MQTT
 * broker and one simulated instrument per transport shape at room-1. Once an exam is opened there, readings of
 * all of them reach the sandbox: the BPM-200 (serial), the OX-300 (serial, streaming), the IoT device (MQTT), the
 * SP-80's export files (folder), and the LP-100 lab analyzer (ASTM, serial), which runs a sample id issued for the
 * exam after asking the gateway whose it is.
 */
class DemoModeIT {

    private static final Duration WAIT = Duration.ofSeconds(45);

    @TempDir
    Path dir;

    private GatewayProcess gateway;

    @AfterEach
    void stop() {
        if (gateway != null) {
            gateway.close();
        }
    }

    private static boolean coded(Observation o, String code) {
        return o.getCode().getCoding().stream().map(Coding::getCode).anyMatch(code::equals);
    }

    @Test
    void embeddedDefaults_allInstrumentsConnected_andAfterAnExamTheirReadingsReachTheSandbox() {
        int sandboxPort = GatewayProcess.freePort();
        gateway = new GatewayProcess(dir.resolve("data"))
                .property("smartclinic.demo.sandbox-port", String.valueOf(sandboxPort))
                // The demo's accounts get the test kit's password, so Staff.bootstrap can log in as admin.
                .property("smartclinic.demo.password", Staff.PASSWORD)
                .property("smartclinic.demo.mqtt-port", String.valueOf(GatewayProcess.freePort()))
                .property("smartclinic.demo.spirometer.interval", "3s")
                .property("smartclinic.demo.iot.interval", "1s")
                .property("smartclinic.demo.lab.poll", "500ms")
                .start();
        GatewayApi api = new GatewayApi(gateway.baseUrl());
        Ehr ehr = new Ehr("http://localhost:" + sandboxPort + "/fhir");
        for (String device : List.of("bp-1", "ox-1", "iot-1", "spiro-1", "lab-1")) {
            await(device + " connected").atMost(WAIT)
                    .until(() -> "CONNECTED".equals(api.device(device).getString("state")));
        }
        await().atMost(WAIT).until(() -> !api.readings("binding=unassigned").isEmpty());

        String exam = api.openExam("room-1", "demo-patient");
        given().baseUri(gateway.baseUrl()).post("/api/exams/" + exam + "/samples").then().statusCode(201);

        Patient patient = await().atMost(WAIT)
                .until(() -> ehr.patient(GatewayApi.PATIENT_SYSTEM, "demo-patient"), Optional::isPresent).orElseThrow();
        List<Observation> obs = await("readings of all five instruments").atMost(WAIT).until(ehr::observations,
                l -> l.stream().anyMatch(o -> coded(o, "85354-9")) && l.stream().anyMatch(o -> coded(o, "59408-5"))
                        && l.stream().anyMatch(o -> coded(o, "8310-5")) && l.stream().anyMatch(o -> coded(o, "20150-9"))
                        && l.stream().anyMatch(o -> coded(o, "24331-1") && o.hasHasMember()));
        assertThat(obs).allSatisfy(o -> assertThat(o.getSubject().getReference())
                .isEqualTo("Patient/" + patient.getIdElement().getIdPart()));
        assertThat(gateway.dataDir().resolve("journal.db")).exists();
        assertThat(Files.isDirectory(gateway.dataDir().resolve("spirometer-inbox/processed"))).isTrue();
    }
}
