package org.smartclinic.gateway.it;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.DiagnosticReport;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Specimen;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.smartclinic.fhir.PatientIdentifier;
import org.smartclinic.gateway.journal.Outbox;
import org.smartclinic.gateway.uplink.BatchSender;
import org.smartclinic.simulator.device.bp.Bpm200Twin;
import org.smartclinic.simulator.device.spiro.Sp80Twin;

/**
 * Every interaction the gateway has with the EHR, run against one EHR per subclass - the in-process sandbox and
 * the full HAPI FHIR JPA server - with the gateway as its own process and instruments as twins on real ptys and a
 * real folder: patient search by identifier (a SNILS with a space) and by Cyrillic name and birth date;
 * registration, twice; two exams at two stations at once; uploads; a sample id issued, the exam closed with a
 * conclusion (Encounter finished, DiagnosticReport), then a result by that sample id after the close (the report
 * amended); a re-assignment after upload (the old Observation entered-in-error, a new one on the right patient,
 * an AuditEvent); a lab panel by sample id (one Specimen, members, interpretation; built by the gateway's mapping
 * and sent as the uplink sends it: no lab analyzer driver is wired into the gateway yet); and two gateways
 * registering the same person while the EHR is unreachable, with exactly one
 * Patient after it is back. Whatever differs between the two EHRs is a bug in the sandbox or the gateway.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class EhrContract {

    static final String SNILS = "urn:oid:1.2.643.100.3";
    static final Duration DELIVERY = Duration.ofSeconds(60);

    @TempDir
    static Path dir;

    String ehrBase;
    Ehr ehr;
    GatewayProcess gateway;
    String api;

    /** Starts the EHR; returns its base URL. */
    abstract String startEhr(Path workDir) throws Exception;

    abstract void stopEhr();

    @BeforeAll
    void start() throws Exception {
        ehrBase = startEhr(dir.resolve("ehr"));
        ehr = new Ehr(ehrBase);
        java.nio.file.Files.createDirectories(dir.resolve("spiro"));
        gateway = new GatewayProcess(dir.resolve("gateway"))
                .property("smartclinic.fhir.base-url", ehrBase)
                .property("smartclinic.binding.tolerance", "1s")
                .device("bp-1", "bpm200", "room-1", dir.resolve("dev/bp-1"))
                .device("bp-2", "bpm200", "room-2", dir.resolve("dev/bp-2"))
                .device("spiro-1", "sp80", "room-1", "folder")
                .deviceProperty("spiro-1", "folder.path", dir.resolve("spiro").toString())
                .deviceProperty("spiro-1", "folder.pattern", "*.csv")
                .deviceProperty("spiro-1", "folder.stable-for", "300ms")
                .start();
        api = gateway.baseUrl();
    }

    @AfterAll
    void stop() {
        if (gateway != null) {
            gateway.close();
        }
        stopEhr();
    }

    @Test
    void patients_registerFindByIdentifierWithSpaceAndByCyrillicName_onePatientUpstream() {
        JsonPath first = register("123-456-789 01", "Иванова", "Мария", "1980-05-17").statusCode(201).extract()
                .jsonPath();
        assertThat(first.getString("source")).isEqualTo("ehr");
        String ref = first.getString("patient.ehrRef");
        assertThat(ref).startsWith("Patient/");

        JsonPath again = register("123-456-789 01", "Иванова", "Мария", "1980-05-17").statusCode(200).extract()
                .jsonPath();
        assertThat(again.getBoolean("created")).isFalse();
        assertThat(again.getString("patient.ehrRef")).isEqualTo(ref);

        JsonPath byId = given().baseUri(api).queryParam("system", "snils").queryParam("value", "123-456-789 01")
                .get("/api/patients").then().statusCode(200).extract().jsonPath();
        assertThat(byId.getString("source")).isEqualTo("ehr");
        assertThat(byId.getList("patients.ehrRef")).containsExactly(ref);

        JsonPath byName = given().baseUri(api).queryParam("family", "иван").queryParam("given", "мар")
                .queryParam("birthDate", "1980-05-17").get("/api/patients").then().statusCode(200).extract()
                .jsonPath();
        assertThat(byName.getList("patients.ehrRef")).contains(ref);
        assertThat(ehr.patients(SNILS, "123-456-789 01")).hasSize(1);
        assertThat(ehr.patients(SNILS, "123-456-789 0")).isEmpty();
    }

    @Test
    void twoExamsInParallel_lateResultBySample_reassignAfterUpload_allOnTheEhr() throws Exception {
        String patientA = register("222-333-444 55", "Петров", "Пётр", "1975-02-03").statusCode(201).extract()
                .path("patient.id");
        String examA = openExam(Map.of("station", "room-1", "patientId", patientA));
        String examB = openExam(Map.of("station", "room-2", "patient", Map.of("system", "snils",
                "value", "555-666-777 88")));
        GatewayApi.awaitBindable();

        try (Bpm200Twin a = Bpm200Twin.builder(dir.resolve("dev/bp-1")).interval(Duration.ofMillis(200)).count(2)
                .start(); Bpm200Twin b = Bpm200Twin.builder(dir.resolve("dev/bp-2")).interval(Duration.ofMillis(200))
                .count(2).start()) {
            assertThat(a.awaitAcked(2, DELIVERY)).isTrue();
            assertThat(b.awaitAcked(2, DELIVERY)).isTrue();
        }
        List<Observation> obsA = ehr.awaitObservationsOfExam(examA, 2);
        List<Observation> obsB = ehr.awaitObservationsOfExam(examB, 2);
        String refA = "Patient/" + ehr.patient(SNILS, "222-333-444 55").orElseThrow().getIdElement().getIdPart();
        String refB = "Patient/" + ehr.patient(SNILS, "555-666-777 88").orElseThrow().getIdElement().getIdPart();
        assertThat(obsA).allSatisfy(o -> assertThat(o.getSubject().getReference()).isEqualTo(refA));
        assertThat(obsB).allSatisfy(o -> assertThat(o.getSubject().getReference()).isEqualTo(refB));

        String sample = given().baseUri(api).contentType(ContentType.JSON).body(Map.of("count", 1))
                .post("/api/exams/" + examA + "/samples").then().statusCode(201).extract().path("samples[0].id");
        given().baseUri(api).contentType(ContentType.JSON).body(Map.of("conclusion", "Норма. Normal findings."))
                .post("/api/exams/" + examA + "/close").then().statusCode(200).body("status", org.hamcrest.Matchers
                        .equalTo("CLOSED"));
        DiagnosticReport report = await("report of exam A").atMost(DELIVERY)
                .until(() -> ehr.reportOfExam(examA), Optional::isPresent).orElseThrow();
        assertThat(report.getConclusion()).isEqualTo("Норма. Normal findings.");
        assertThat(report.getSubject().getReference()).isEqualTo(refA);
        int resultsAtClose = report.getResult().size();
        assertThat(resultsAtClose).isGreaterThanOrEqualTo(obsA.size());
        assertThat(ehr.encounterOfExam("demo-clinic", examA).orElseThrow().getStatus().toCode()).isEqualTo("finished");

        Sp80Twin spiro = Sp80Twin.builder(dir.resolve("spiro")).serial("SP80-C-1").seed(7).build();
        spiro.exportNow(null, sample);
        DiagnosticReport amended = await("report amended with the late result").atMost(DELIVERY)
                .until(() -> ehr.reportOfExam(examA).orElseThrow(), r -> r.getResult().size() > resultsAtClose);
        assertThat(amended.getStatus().toCode()).isEqualTo("amended");
        List<Map<String, Object>> bySample = given().baseUri(api).get("/api/readings?device=spiro-1").then()
                .statusCode(200).extract().jsonPath().getList("$");
        assertThat(bySample).singleElement().satisfies(r -> {
            assertThat(((Map<?, ?>) r.get("binding")).get("rule")).isEqualTo("SAMPLE_ID");
            assertThat(((Map<?, ?>) r.get("binding")).get("examId")).isEqualTo(examA);
        });

        long wrong = given().baseUri(api).get("/api/readings?exam=" + examB).then().statusCode(200).extract()
                .jsonPath().getLong("[0].id");
        await().atMost(DELIVERY).until(() -> "SENT".equals(given().baseUri(api).get("/api/readings/" + wrong)
                .then().extract().path("upload.state")));
        // The correction is made by the GP logged in: the AuditEvent names that account.
        given().spec(Staff.login(api, Staff.GP, Staff.PASSWORD).spec()).contentType(ContentType.JSON)
                .body(Map.of("exam", examA, "reason", "cuff was on patient A"))
                .post("/api/readings/" + wrong + "/assign").then()
                .statusCode(200).body("binding.examId", org.hamcrest.Matchers.equalTo(examA))
                .body("binding.version", org.hamcrest.Matchers.equalTo(2));
        await("the wrong upload entered-in-error").atMost(DELIVERY).until(() -> ehr.observations().stream()
                .filter(o -> o.getSubject().getReference().equals(refB))
                .anyMatch(o -> o.getStatus() == Observation.ObservationStatus.ENTEREDINERROR));
        await("the reading uploaded again for patient A").atMost(DELIVERY).until(() -> ehr.observations().stream()
                .filter(o -> o.getSubject().getReference().equals(refA))
                .anyMatch(o -> o.getIdentifierFirstRep().getValue().endsWith("~2")));
        // The binding change's AuditEvent (an update); invite accesses, audited as reads, may be there too.
        AuditEvent audit = await("audit event").atMost(DELIVERY).until(() -> ehr.auditEvents().stream()
                .filter(a -> a.getAction() == AuditEvent.AuditEventAction.U).toList(), l -> !l.isEmpty()).getFirst();
        assertThat(audit.getAgentFirstRep().getWho().getDisplay()).isEqualTo(Staff.GP);
        DiagnosticReport withMoved = await("report of A lists the moved result").atMost(DELIVERY)
                .until(() -> ehr.reportOfExam(examA).orElseThrow(), r -> r.getResult().size() > amended.getResult()
                        .size());
        assertThat(withMoved.getStatus().toCode()).isEqualTo("amended");
        given().baseUri(api).post("/api/exams/" + examB + "/close").then().statusCode(200);
        assertThat(ehr.patients(SNILS, "555-666-777 88")).hasSize(1);
    }

    @Test
    void labPanelBySample_sentTwiceAsTheUplinkBuildsIt_oneSpecimenMembersAndInterpretationOnTheEhr()
            throws Exception {
        String patientId = register("333-444-555 66", "Сидорова", "Анна", "1985-04-04").statusCode(201).extract()
                .path("patient.id");
        JsonPath exam = given().baseUri(api).contentType(ContentType.JSON).body(Map.of("station", "room-2",
                "patientId", patientId)).post("/api/exams").then().statusCode(201).extract().jsonPath();
        String examId = exam.getString("id");
        String sample = given().baseUri(api).contentType(ContentType.JSON).body(Map.of("count", 1))
                .post("/api/exams/" + examId + "/samples").then().statusCode(201).extract().path("samples[0].id");
        Bundle upload = LabUpload.transaction(LabUpload.lipidPanel("lab-" + examId, sample, Instant.now()), examId,
                "room-2", new PatientIdentifier(exam.getString("patient.system"), exam.getString("patient.value")),
                exam.getString("ehrPatient"), Instant.parse(exam.getString("openedAt")));

        assertThat(ehr.transaction(upload).getEntry()).extracting(e -> e.getResponse().getStatus())
                .contains("201 Created");
        assertThat(ehr.transaction(upload).getEntry()).extracting(e -> e.getResponse().getStatus().substring(0, 3))
                .containsOnly("200");
        String patient = "Patient/" + ehr.patient(SNILS, "333-444-555 66").orElseThrow().getIdElement().getIdPart();
        List<Specimen> specimens = ehr.specimens("demo-clinic/" + sample);
        assertThat(specimens).as("one Specimen after two uploads").hasSize(1);
        Specimen specimen = specimens.getFirst();
        assertThat(specimen.getAccessionIdentifier().getValue()).isEqualTo("demo-clinic/" + sample);
        assertThat(specimen.getSubject().getReference()).isEqualTo(patient);
        List<Observation> ofSpecimen = ehr.observationsOfSpecimen("Specimen/" + specimen.getIdPart());
        assertThat(ofSpecimen).hasSize(3).allSatisfy(o -> assertThat(o.getSubject().getReference()).isEqualTo(patient));
        String key = "/" + LabUpload.DEVICE_ID + "/%s/lab-" + examId;
        Observation panel = ehr.observation("demo-clinic" + key.formatted("24331-1")).orElseThrow();
        Observation chol = ehr.observation("demo-clinic" + key.formatted("2093-3")).orElseThrow();
        Observation hdl = ehr.observation("demo-clinic" + key.formatted("2085-9")).orElseThrow();
        assertThat(panel.hasValue()).isFalse();
        assertThat(panel.getHasMember()).extracting(r -> r.getReference()).containsExactly(
                "Observation/" + chol.getIdPart(), "Observation/" + hdl.getIdPart());
        assertThat(chol.getInterpretationFirstRep().getCodingFirstRep().getCode()).isEqualTo("H");
        assertThat(chol.getInterpretationFirstRep().getCodingFirstRep().getSystem())
                .isEqualTo(LabUpload.INTERPRETATION);
        assertThat(chol.getReferenceRangeFirstRep().getHigh().getValue()).isEqualByComparingTo("5.2");
        given().baseUri(api).post("/api/exams/" + examId + "/close").then().statusCode(200);
    }

    @Test
    void twoGatewaysRegisterTheSamePersonWhileTheEhrIsDown_oneUpstreamPatientAfterwards() throws Exception {
        try (TcpGate gate = TcpGate.to(ehrBase); GatewayProcess a = offlineGateway("a", gate);
                GatewayProcess b = offlineGateway("b", gate)) {
            gate.refuse();
            a.start();
            b.start();
            for (GatewayProcess g : List.of(a, b)) {
                JsonPath r = given().baseUri(g.baseUrl()).contentType(ContentType.JSON).body(Map.of(
                        "identifiers", List.of(Map.of("system", "snils", "value", "999-888-777 66")),
                        "family", "Смирнова", "given", "Анна", "birthDate", "1990-09-09", "gender", "female"))
                        .post("/api/patients").then().statusCode(201).extract().jsonPath();
                assertThat(r.getString("source")).isEqualTo("local-cache");
                assertThat(r.getString("patient.ehr")).isEqualTo("pending");
                assertThat(r.getString("note")).doesNotContain("999-888-777");
            }
            assertThat(ehr.patients(SNILS, "999-888-777 66")).isEmpty();

            gate.pass();
            for (GatewayProcess g : List.of(a, b)) {
                await("patient linked by gateway " + g.baseUrl()).atMost(DELIVERY).until(() -> given()
                        .baseUri(g.baseUrl()).queryParam("system", "snils").queryParam("value", "999-888-777 66")
                        .get("/api/patients").then().extract().jsonPath().getString("patients[0].ehr"),
                        "linked"::equals);
            }
            List<String> warnings = new java.util.ArrayList<>();
            for (GatewayProcess g : List.of(a, b)) {
                try (var logs = java.nio.file.Files.list(g.dataDir())) {
                    for (Path log : logs.filter(p -> p.getFileName().toString().endsWith(".log")).toList()) {
                        java.nio.file.Files.readAllLines(log).stream().filter(l -> l.contains("WARN")
                                || l.contains("ERROR")).forEach(warnings::add);
                    }
                }
            }
            assertThat(warnings).as("the outage was logged").isNotEmpty()
                    .noneMatch(l -> l.contains("999-888-777") || l.contains("Смирнова"));
            List<Patient> upstream = ehr.patients(SNILS, "999-888-777 66");
            assertThat(upstream).singleElement().satisfies(p -> {
                assertThat(p.getNameFirstRep().getFamily()).isEqualTo("Смирнова");
                assertThat(p.getBirthDateElement().getValueAsString()).isEqualTo("1990-09-09");
            });
        }
    }

    @Test
    void readingsOfThreeDevicesInOneTransaction_sentTwice_poisonSplitOff_eachOnceOnTheEhr() throws Exception {
        List<BatchSender.Prepared> batch = BatchUploads.readings("contract-batch", "101-202-303 44", 24, 3,
                Instant.parse("2026-12-02T08:00:00Z"), 17);
        BatchSender sender = BatchUploads.sender(ehr);

        BatchSender.Result first = sender.send(batch);
        BatchSender.Result again = sender.send(batch.stream().filter(p -> p.item().id() != 18L).toList());

        assertThat(first.sent).hasSize(23).doesNotContainKey(18L);
        assertThat(first.dead.keySet()).extracting(Outbox.Item::id).containsExactly(18L);
        assertThat(first.dead.values().iterator().next().outcome()).contains("OperationOutcome");
        assertThat(again.transactions).isEqualTo(1);
        assertThat(again.sent).isEqualTo(first.sent);
        String encounter = ehr.encounterOfExam(BatchUploads.GATEWAY_ID, "contract-batch").orElseThrow()
                .getIdElement().toUnqualifiedVersionless().getValue();
        List<Observation> stored = ehr.observationsOfEncounter(encounter);
        assertThat(stored).hasSize(23);
        assertThat(stored.stream().map(o -> o.getIdentifierFirstRep().getValue()).distinct()).hasSize(23);
        assertThat(ehr.patients(BatchUploads.PATIENT_SYSTEM, "101-202-303 44")).hasSize(1);
    }

    @Test
    void answerSlowerThanTheClientTimeoutAfterTheEhrStored_retried_eachObservationOnceOnTheEhr() throws Exception {
        try (FaultyEhr relay = FaultyEhr.inFrontOf(ehrBase).stall(Duration.ofSeconds(5));
                GatewayProcess slow = relayedGateway("slow", relay, "room-9")) {
            relay.set(FaultyEhr.Fault.STORE_THEN_STALL);
            slow.start();
            String exam = given().baseUri(slow.baseUrl()).contentType(ContentType.JSON).body(Map.of("station",
                    "room-9", "patient", Map.of("system", "snils", "value", "707-808-909 10"))).post("/api/exams")
                    .then().statusCode(201).extract().path("id");
            GatewayApi.awaitBindable();
            try (Bpm200Twin twin = Bpm200Twin.builder(dir.resolve("dev/bp-slow")).interval(Duration.ofMillis(200))
                    .count(3).start()) {
                assertThat(twin.awaitAcked(3, DELIVERY)).isTrue();
            }
            await("the EHR stored readings whose answers were held back").atMost(DELIVERY)
                    .until(() -> relay.seen(FaultyEhr.Fault.STORE_THEN_STALL) > 0
                            && ehr.encounterOfExam("clinic-slow", exam).isPresent());
            await("the gateway timed out and kept them pending").atMost(DELIVERY).until(() -> given()
                    .baseUri(slow.baseUrl()).get("/api/outbox").then().extract().jsonPath()
                    .getString("ehr").contains("failing"));

            relay.set(FaultyEhr.Fault.PASS);

            await("all delivered").atMost(DELIVERY).until(() -> given().baseUri(slow.baseUrl()).get("/api/outbox")
                    .then().extract().jsonPath().getInt("counts.PENDING") == 0);
            String encounter = ehr.encounterOfExam("clinic-slow", exam).orElseThrow().getIdElement()
                    .toUnqualifiedVersionless().getValue();
            List<Observation> stored = ehr.observationsOfEncounter(encounter);
            assertThat(stored).isNotEmpty();
            assertThat(stored.stream().map(o -> o.getIdentifierFirstRep().getValue()).distinct())
                    .as("no identifier twice").hasSize(stored.size());
            assertThat(ehr.patients(SNILS, "707-808-909 10")).hasSize(1);
        }
    }

    @Test
    void batchTooBigToStoreWithinTheReadTimeout_smallerBatchesGetThrough_eachObservationOnceOnTheEhr()
            throws Exception {
        int readings = 6;
        try (FaultyEhr relay = FaultyEhr.inFrontOf(ehrBase).stall(Duration.ofSeconds(5)).bigAbove(2);
                GatewayProcess gw = relayedGateway("big", relay, "room-8")
                        .property("smartclinic.fhir.connect-timeout", "1s")
                        .property("smartclinic.patients.search-timeout", "2s")) {
            // The EHR away while the readings arrive, so that they wait as one batch.
            relay.set(FaultyEhr.Fault.REFUSE);
            gw.start();
            String exam = given().baseUri(gw.baseUrl()).contentType(ContentType.JSON).body(Map.of("station",
                    "room-8", "patient", Map.of("system", "snils", "value", "818-919-020 31"))).post("/api/exams")
                    .then().statusCode(201).extract().path("id");
            GatewayApi.awaitBindable();
            try (Bpm200Twin twin = Bpm200Twin.builder(dir.resolve("dev/bp-big")).interval(Duration.ofMillis(200))
                    .count(readings).start()) {
                assertThat(twin.awaitAcked(readings, DELIVERY)).isTrue();
            }
            GatewayApi api = new GatewayApi(gw.baseUrl());
            await("the readings wait in the outbox").atMost(DELIVERY)
                    .until(() -> api.outbox().getInt("counts.PENDING") >= readings);

            // Back, but a request with more than two Observations gets its answer after the gateway's read
            // timeout (the EHR stores it, as a loaded server would): the full batch can never be answered in time.
            relay.set(FaultyEhr.Fault.STALL_BIG);

            await("all delivered").atMost(DELIVERY).until(() -> api.outbox().getInt("counts.PENDING") == 0);
            assertThat(relay.seen(FaultyEhr.Fault.STALL_BIG))
                    .as("the big batch was tried and timed out; the relay saw %s", relay.requests())
                    .isPositive();
            assertThat(api.metric("smartclinic_uplink_batch_limit")).as("readings per transaction now")
                    .isBetween(1.0, 2.0);
            String encounter = ehr.encounterOfExam("clinic-big", exam).orElseThrow().getIdElement()
                    .toUnqualifiedVersionless().getValue();
            List<Observation> stored = ehr.observationsOfEncounter(encounter);
            assertThat(stored.stream().map(o -> o.getIdentifierFirstRep().getValue()).distinct())
                    .as("no identifier twice").hasSize(stored.size());
            assertThat(stored).as("every reading's Observations").hasSizeGreaterThanOrEqualTo(readings);
            assertThat(api.deadLetters().getList("$")).as("a slow EHR makes no dead letter").isEmpty();
        }
    }

    /**
     * A gateway behind {@code relay} with one BPM-200 at {@code station}: it gives up reading an answer after 2 s and
     * tries again within a second.
     */
    private GatewayProcess relayedGateway(String id, FaultyEhr relay, String station) {
        return new GatewayProcess(dir.resolve("gw-" + id)).property("smartclinic.gateway-id", "clinic-" + id)
                .property("smartclinic.fhir.base-url", relay.baseUrl())
                .property("smartclinic.fhir.read-timeout", "2s")
                .property("smartclinic.uplink.initial-backoff", "300ms")
                .property("smartclinic.uplink.max-backoff", "1s")
                .property("smartclinic.binding.tolerance", "1s")
                .device("bp-" + id, "bpm200", station, dir.resolve("dev/bp-" + id));
    }

    GatewayProcess offlineGateway(String id, TcpGate gate) {
        return new GatewayProcess(dir.resolve("gw-" + id)).property("smartclinic.gateway-id", "clinic-" + id)
                .property("smartclinic.fhir.base-url", gate.baseUrl())
                .property("smartclinic.patients.search-timeout", "2s")
                .property("smartclinic.fhir.connect-timeout", "1s");
    }

    @Test
    void specialistInvite_pageViewAndDamagedLink_eachOneAuditEventOnTheEhr_grantedAndRefused() {
        String patientId = register("444-555-666 77", "Кузнецов", "Олег", "1966-06-06").statusCode(201).extract()
                .path("patient.id");
        String examId = openExam(Map.of("station", "room-1", "patientId", patientId));
        try {
            JsonPath invite = given().baseUri(api).contentType(ContentType.JSON).body(Map.of("label",
                    "Dr. Orlova, cardiology", "validityMinutes", 30)).post("/api/exams/" + examId + "/invites").then()
                    .statusCode(201).extract().jsonPath();
            String path = invite.getString("url").substring(invite.getString("url").indexOf("/s/"));
            given().baseUri(api).get(path).then().statusCode(200);
            given().baseUri(api).get(path.substring(0, path.length() - 2) + "zz").then().statusCode(404);
            long accessId = given().baseUri(api).get("/api/exams/" + examId + "/invites/" + invite.getString("id")
                    + "/accesses").then().statusCode(200).extract().jsonPath().getLong("[0].id");

            AuditEvent granted = await("the page view's AuditEvent").atMost(DELIVERY).until(() -> ehr.auditEvents()
                    .stream().filter(a -> a.getIdElement().getIdPart().equals("demo-clinic-access-" + accessId))
                    .findFirst(), Optional::isPresent).orElseThrow();
            assertThat(granted.getAction()).isEqualTo(AuditEvent.AuditEventAction.R);
            assertThat(granted.getOutcome()).isEqualTo(AuditEvent.AuditEventOutcome._0);
            assertThat(granted.getAgentFirstRep().getWho().getDisplay()).isEqualTo("Dr. Orlova, cardiology");
            assertThat(granted.getEntity()).extracting(e -> e.getWhat().getIdentifier().getValue())
                    .contains("demo-clinic/" + examId);
            AuditEvent refused = await("the damaged link's AuditEvent").atMost(DELIVERY).until(() -> ehr.auditEvents()
                    .stream().filter(a -> a.getIdElement().getIdPart().equals("demo-clinic-access-" + (accessId + 1)))
                    .findFirst(), Optional::isPresent).orElseThrow();
            assertThat(refused.getOutcome()).isEqualTo(AuditEvent.AuditEventOutcome._4);
            assertThat(refused.getEntity()).isEmpty();
        } finally {
            given().baseUri(api).post("/api/exams/" + examId + "/close").then().statusCode(200);
        }
    }

    io.restassured.response.ValidatableResponse register(String snils, String family, String given, String born) {
        return given().baseUri(api).contentType(ContentType.JSON).body(Map.of("identifiers",
                List.of(Map.of("system", "snils", "value", snils)), "family", family, "given", given, "birthDate",
                born)).post("/api/patients").then();
    }

    String openExam(Map<String, Object> body) {
        return given().baseUri(api).contentType(ContentType.JSON).body(body).post("/api/exams").then()
                .statusCode(201).extract().path("id");
    }
}
