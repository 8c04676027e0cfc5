package org.smartclinic.gateway.it;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

import io.restassured.path.json.JsonPath;

import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Quantity;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.smartclinic.simulator.device.bp.Bpm200Twin;
import org.smartclinic.simulator.fhir.FhirSandbox;

/**
 * The walking skeleton end to end on real parts: the BPM-200 twin on a real pseudo-terminal, the gateway as
 * its own process (the built jar) reading it through jSerialComm, the FHIR sandbox over real HTTP validating
 * everything it receives.
 */
class BpMonitorEndToEndIT {

    private static final Duration DELIVERY = Duration.ofSeconds(30);

    @TempDir
    static Path dir;

    private static FhirSandbox sandbox;
    private static GatewayProcess gateway;
    private static GatewayApi api;
    private static Ehr ehr;

    @BeforeAll
    static void start() {
        sandbox = FhirSandbox.start(new FhirSandbox.Settings("127.0.0.1", 0, "/fhir", true));
        gateway = new GatewayProcess(dir.resolve("gateway"))
                .property("smartclinic.fhir.base-url", sandbox.baseUrl())
                .device("bp-1", "bpm200", "room-1", dir.resolve("dev/bp-1"))
                .device("bp-2", "bpm200", "room-2", dir.resolve("dev/bp-2"))
                .start();
        api = new GatewayApi(gateway.baseUrl());
        ehr = new Ehr(sandbox.baseUrl());
        sandbox.awaitReady(Duration.ofSeconds(60));
    }

    @AfterAll
    static void stop() {
        if (gateway != null) {
            gateway.close();
        }
        if (sandbox != null) {
            sandbox.close();
        }
    }

    private static Bpm200Twin.Builder twin(String device) {
        return Bpm200Twin.builder(dir.resolve("dev").resolve(device)).interval(Duration.ofMillis(100));
    }


    private static List<Observation> withCode(List<Observation> all, String loinc) {
        return all.stream().filter(o -> o.getCode().getCoding().stream().anyMatch(c -> loinc.equals(c.getCode())))
                .toList();
    }

    @Test
    void scriptedReadings_duringExam_arriveBoundToPatientWithExactCodesValuesAndUnits() throws Exception {
        String examId = api.openExam("room-1", "patient-scripted");
        List<Bpm200Twin.BpValues> script = List.of(new Bpm200Twin.BpValues(128, 82, 97, 71),
                new Bpm200Twin.BpValues(141, 90, 107, 88), new Bpm200Twin.BpValues(118, 76, null, null));

        try (Bpm200Twin twin = twin("bp-1").script(script).count(3).start()) {
            assertThat(twin.awaitAcked(3, DELIVERY)).isTrue();
            List<Observation> obs = ehr.awaitObservationsOfExam(examId, 5);

            Patient patient = ehr.patient(GatewayApi.PATIENT_SYSTEM, "patient-scripted").orElseThrow();
            String patientRef = "Patient/" + patient.getIdElement().getIdPart();
            assertThat(obs).hasSize(5).allSatisfy(o -> {
                assertThat(o.getSubject().getReference()).isEqualTo(patientRef);
                assertThat(o.getDevice().getReference()).startsWith("Device/");
                assertThat(o.getStatus()).isEqualTo(Observation.ObservationStatus.FINAL);
            });
            List<Observation> bp = withCode(obs, "85354-9");
            assertThat(bp).hasSize(3).allSatisfy(o -> {
                assertThat(codes(o.getCode().getCoding())).contains("http://loinc.org|85354-9",
                        "urn:iso:std:iso:11073:10101|150020");
                assertThat(o.hasValue()).isFalse();
            });
            assertThat(bp).extracting(o -> component(o, "8480-6")).extracting(Quantity::getValue)
                    .extracting(BigDecimal::intValue).containsExactlyInAnyOrder(128, 141, 118);
            assertThat(bp).extracting(o -> component(o, "8462-4").getValue().intValue())
                    .containsExactlyInAnyOrder(82, 90, 76);
            assertThat(bp).allSatisfy(o -> o.getComponent().forEach(c -> {
                assertThat(c.getValueQuantity().getSystem()).isEqualTo("http://unitsofmeasure.org");
                assertThat(c.getValueQuantity().getCode()).isEqualTo("mm[Hg]");
            }));
            assertThat(bp).filteredOn(o -> o.getComponent().size() == 3).extracting(o -> component(o, "8478-0")
                    .getValue().intValue()).containsExactlyInAnyOrder(97, 107);
            assertThat(bp).filteredOn(o -> component(o, "8480-6").getValue().intValue() == 118).singleElement()
                    .satisfies(o -> assertThat(o.getComponent()).hasSize(2));
            List<Observation> hr = withCode(obs, "8867-4");
            assertThat(hr).hasSize(2).allSatisfy(o -> {
                assertThat(codes(o.getCode().getCoding())).contains("urn:iso:std:iso:11073:10101|149546");
                assertThat(o.getValueQuantity().getCode()).isEqualTo("/min");
                assertThat(o.getValueQuantity().getSystem()).isEqualTo("http://unitsofmeasure.org");
            });
            assertThat(hr).extracting(o -> o.getValueQuantity().getValue().intValue()).containsExactlyInAnyOrder(71, 88);
            assertThat(bp).extracting(o -> o.getEffectiveDateTimeType().getValue().toInstant())
                    .containsExactlyInAnyOrderElementsOf(twin.sent().stream()
                            .map(s -> s.deviceTime().atZone(ZoneId.systemDefault()).toInstant()).toList());
            await().atMost(DELIVERY).until(() -> api.readings("exam=" + examId).stream()
                    .allMatch(r -> "SENT".equals(((Map<?, ?>) r.get("upload")).get("state"))));
            assertThat(api.readings("exam=" + examId)).hasSize(3).allSatisfy(r ->
                    assertThat(((Map<?, ?>) r.get("binding")).get("state")).isEqualTo("BOUND"));
        } finally {
            api.closeExam(examId);
        }
    }

    @Test
    void faultyFrame_fiveOfTen_isNakedCountedAndItsRetransmissionStoredOnce() throws Exception {
        String examId = api.openExam("room-1", "patient-faulty");
        double rejectedBefore = rejects("bad_checksum");

        try (Bpm200Twin twin = twin("bp-1").scenario(Bpm200Twin.Scenario.NORMAL).seed(5).count(10)
                .badChecksumOn(5).start()) {
            assertThat(twin.awaitAcked(10, DELIVERY)).isTrue();
            List<Observation> bp = withCode(ehr.awaitObservationsOfExam(examId, 20), "85354-9");

            assertThat(bp).hasSize(10);
            assertThat(twin.stats().nakked()).isEqualTo(1);
            assertThat(rejects("bad_checksum") - rejectedBefore).isEqualTo(1.0);
            assertThat(api.device("bp-1").getString("state")).isEqualTo("CONNECTED");
            assertRawCapturesKept();
        } finally {
            api.closeExam(examId);
        }
    }

    @Test
    void garbageBetweenFrames_isSkippedAndCounted_allReadingsStored() throws Exception {
        String examId = api.openExam("room-1", "patient-noise");
        double noiseBefore = rejects("noise");

        try (Bpm200Twin twin = twin("bp-1").seed(7).count(6).garbageEvery(3).start()) {
            assertThat(twin.awaitAcked(6, DELIVERY)).isTrue();

            assertThat(withCode(ehr.awaitObservationsOfExam(examId, 12), "85354-9")).hasSize(6);
            assertThat(rejects("noise") - noiseBefore).isEqualTo(2.0);
            assertThat(api.device("bp-1").getString("state")).isEqualTo("CONNECTED");
        } finally {
            api.closeExam(examId);
        }
    }

    @Test
    void unplugAndReplug_reconnectsWithinTwoSeconds_andLaterReadingsArrive() throws Exception {
        String examId = api.openExam("room-1", "patient-unplug");
        try (Bpm200Twin twin = twin("bp-1").seed(11).count(6).start()) {
            assertThat(twin.awaitAcked(3, DELIVERY)).isTrue();
            twin.unplug();
            await("gateway notices the unplug").atMost(Duration.ofSeconds(5))
                    .until(() -> !"CONNECTED".equals(api.device("bp-1").getString("state")));

            twin.replug();
            await("reconnect after replug").atMost(Duration.ofSeconds(2)).pollInterval(Duration.ofMillis(50))
                    .until(() -> "CONNECTED".equals(api.device("bp-1").getString("state")));

            assertThat(twin.awaitAcked(6, DELIVERY)).isTrue();
            assertThat(withCode(ehr.awaitObservationsOfExam(examId, 12), "85354-9")).hasSize(6);
        } finally {
            api.closeExam(examId);
        }
    }

    @Test
    void readingsAtStationWithoutOpenExam_neverReachServer_andShowAsUnassigned() throws Exception {
        int observationsBefore = ehr.count("Observation");

        try (Bpm200Twin twin = twin("bp-2").seed(3).count(3).start()) {
            assertThat(twin.awaitAcked(3, DELIVERY)).isTrue();
        }

        List<Map<String, Object>> unassigned = api.readings("device=bp-2");
        assertThat(unassigned).hasSize(3).allSatisfy(r -> {
            assertThat(((Map<?, ?>) r.get("binding")).get("state")).isEqualTo("UNASSIGNED");
            assertThat(((Map<?, ?>) r.get("upload")).get("state")).isEqualTo("NOT_UPLOADED");
        });
        await().atMost(DELIVERY).until(() -> api.outbox().getLong("counts.PENDING") == 0);
        assertThat(ehr.count("Observation")).isEqualTo(observationsBefore);
        assertThat(ehr.observations()).noneMatch(o -> o.getIdentifierFirstRep().getValue().contains("/bp-2/"));
    }

    /**
     * The raw capture of a stored reading holds its frame exactly and decodes again to the same reading; the
     * rejected first transmission of the faulty frame is captured too, with its reason.
     */
    private static void assertRawCapturesKept() {
        Map<String, Object> reading = api.readings("device=bp-1&limit=1").getFirst();
        JsonPath capture = given().baseUri(gateway.baseUrl()).get("/api/captures/" + reading.get("captureId"))
                .then().statusCode(200).extract().jsonPath();
        assertThat(capture.getString("printable")).startsWith("$M,").endsWith("<CR><LF>");
        assertThat(capture.getString("capture.kind")).isEqualTo("reading");
        JsonPath decoded = given().baseUri(gateway.baseUrl()).post("/api/captures/" + reading.get("captureId")
                + "/decode").then().statusCode(200).extract().jsonPath();
        assertThat(decoded.getString("outcomes[0].kind")).isEqualTo("accepted");
        assertThat(decoded.getString("outcomes[0].readings[0].key")).isEqualTo(reading.get("key"));
        List<Map<String, Object>> captures = given().baseUri(gateway.baseUrl()).get("/api/devices/bp-1/captures?limit=50")
                .then().statusCode(200).extract().jsonPath().getList("$");
        assertThat(captures).anySatisfy(c -> {
            assertThat(c.get("kind")).isEqualTo("rejected");
            assertThat(c.get("note").toString()).startsWith("bad_checksum");
        });
    }

    /** bp-1's rejections so far with this reason code, from /q/metrics. */
    private static double rejects(String reason) {
        return api.metric("smartclinic_frames_rejected_total", "device=\"bp-1\"", "reason=\"" + reason + "\"");
    }

    private static Quantity component(Observation o, String loinc) {
        return o.getComponent().stream().filter(c -> c.getCode().getCoding().stream()
                .anyMatch(x -> loinc.equals(x.getCode()))).findFirst().orElseThrow().getValueQuantity();
    }

    private static List<String> codes(List<Coding> codings) {
        return codings.stream().map(c -> c.getSystem() + "|" + c.getCode()).toList();
    }
}
