package org.smartclinic.gateway.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

import org.junit.jupiter.api.Test;
import org.smartclinic.drivers.Code;
import org.smartclinic.drivers.Measurement;
import org.smartclinic.drivers.Reading;
import org.smartclinic.drivers.Value;
import org.smartclinic.gateway.journal.Journal;
import org.junit.jupiter.api.BeforeEach;
import org.smartclinic.gateway.it.Staff;

/**
 * The binding rules and the people's API around them, on the running app with its real journal: patients
 * (offline: the EHR address refuses connections), exams, sample ids, each rule a-d, review, the queue and
 * corrections, device moves, clock drift, and input limits. Readings are written through the journal as a
 * driver's would be, with measurement times chosen relative to the exam's opening.
 */
@QuarkusTest
@TestProfile(ApiTestProfile.class)
class BindingApiIT {

    /** Every API call needs a staff login: RestAssured's requests run as the all-roles test account. */
    @BeforeEach
    void logIn() {
        Staff.bootstrapQuarkusTest();
    }

    @Inject
    Journal journal;

    static int seq;

    static Reading reading(String device, Instant measured, String sample, String patientId) {
        return new Reading(device, "k" + (++seq), measured, measured.plusMillis(300), List.of(Measurement.of(
                Code.deviceCode("t", "PR", "Pulse"), List.of(new Code(Code.LOINC, "8867-4", "Heart rate")),
                new Value.Quantity(BigDecimal.valueOf(70), "/min"))), null, sample, patientId);
    }

    long append(String station, Reading r) {
        journal.append(station, List.of(r)).join();
        return journal.readings(new Journal.ReadingQuery(1, r.deviceId(), null, null)).getFirst().id();
    }

    static JsonPath exam(String station, String snils) {
        return given().contentType(ContentType.JSON).body(Map.of("station", station, "patient",
                Map.of("system", "snils", "value", snils))).post("/api/exams").then().statusCode(201).extract()
                .jsonPath();
    }

    static void close(String examId) {
        given().post("/api/exams/" + examId + "/close").then().statusCode(200);
    }

    static JsonPath readingView(long id) {
        return given().get("/api/readings/" + id).then().statusCode(200).extract().jsonPath();
    }

    @Test
    void patients_systemsAreNamed_andRegisteringOfflineKeepsThePatientForLater() {
        given().get("/api/patients/systems").then().statusCode(200).body("snils", equalTo("urn:oid:1.2.643.100.3"));

        JsonPath r = given().contentType(ContentType.JSON).body(Map.of("identifiers", List.of(Map.of("system", "snils",
                "value", "321-654-987 12")), "family", "Кузнецова", "given", "Ольга", "birthDate", "1985-04-03"))
                .post("/api/patients").then().statusCode(201).extract().jsonPath();

        assertThat(r.getString("source")).isEqualTo("local-cache");
        assertThat(r.getString("patient.ehr")).isEqualTo("pending");
        assertThat(r.getString("note")).contains("created on the EHR when it is reachable").doesNotContain("321-654")
                .doesNotContain("Кузнецова");
        given().get("/api/outbox/items?state=PENDING&limit=1000").then().body("kind", hasItem("PATIENT"));
        given().queryParam("family", "кузн").queryParam("birthDate", "1985-04-03").get("/api/patients").then()
                .statusCode(200).body("source", equalTo("local-cache"))
                .body("patients.family", hasItem("Кузнецова"));
        given().contentType(ContentType.JSON).body(Map.of("identifiers", List.of(Map.of("system", "snils",
                "value", "321-654-987 12")), "family", "Кузнецова")).post("/api/patients").then().statusCode(200)
                .body("created", equalTo(false));
    }

    @Test
    void requests_unknownFieldsAndValuesBeyondTheLimits_areRefusedWithoutEchoingThem() {
        given().contentType(ContentType.JSON).body(Map.of("identifiers", List.of(Map.of("system", "snils",
                "value", "1")), "family", "X", "nickname", "y")).post("/api/patients").then().statusCode(400)
                .body("error", equalTo("unknown field 'nickname'")).body("hint", containsString("family"));
        given().contentType(ContentType.JSON).body(Map.of("identifiers", List.of(Map.of("system", "snils",
                "value", "9".repeat(65))), "family", "X")).post("/api/patients").then().statusCode(400)
                .body("error", not(containsString("9".repeat(65))));
        given().contentType(ContentType.JSON).body(Map.of("identifiers", List.of(Map.of("system", "snils",
                "value", "123")), "family", "R2D2")).post("/api/patients").then().statusCode(400)
                .body("error", equalTo("family is not valid"));
        given().contentType(ContentType.JSON).body(Map.of("identifiers", List.of(Map.of("system", "snils",
                "value", "123")), "family", "X", "birthDate", "2999-01-01")).post("/api/patients").then()
                .statusCode(400).body("error", containsString("birthDate"));
        given().contentType(ContentType.JSON).body(Map.of("identifiers", List.of(Map.of("system", "passport",
                "value", "123")), "family", "X")).post("/api/patients").then().statusCode(400)
                .body("error", equalTo("unknown identifier system"));
        given().get("/api/patients?family=Ivanov").then().statusCode(400);
        given().contentType(ContentType.JSON).body(Map.of("exam", "e", "reason", "x".repeat(501)))
                .post("/api/readings/1/assign").then().statusCode(400).body("error", containsString("500"));
        given().contentType(ContentType.JSON).body("{\"station\": 7, \"patient\": []}").post("/api/exams").then()
                .statusCode(400);
    }

    @Test
    void rules_stationTimeSampleIdPatientIdAndNone_eachRecordedWithEvidence() {
        JsonPath exam = exam("room-2", "111-222-333 44");
        String examId = exam.getString("id");
        Instant opened = Instant.parse(exam.getString("openedAt"));
        try {
            long inside = append("room-2", reading("d-a", opened.plusSeconds(60), null, null));
            long atOpening = append("room-2", reading("d-b", opened.plusSeconds(1), null, null));
            long elsewhere = append("room-9", reading("d-c", opened.plusSeconds(60), null, null));
            long rightId = append("room-2", reading("d-d", opened.plusSeconds(60), null, "11122233344"));
            long wrongId = append("room-2", reading("d-e", opened.plusSeconds(60), null, "999-222-333 44"));

            assertThat(readingView(inside).getString("binding.state")).isEqualTo("BOUND");
            assertThat(readingView(inside).getString("binding.rule")).isEqualTo("STATION_TIME");
            assertThat(readingView(inside).getString("binding.evidence")).contains(examId).contains("room-2");
            assertThat(readingView(atOpening).getString("binding.state")).isEqualTo("HELD");
            assertThat(readingView(atOpening).getString("binding.heldExam")).isEqualTo(examId);
            assertThat(readingView(elsewhere).getString("binding.state")).isEqualTo("UNASSIGNED");
            assertThat(readingView(rightId).getString("binding.state")).isEqualTo("BOUND");
            assertThat(readingView(wrongId).getString("binding.state")).isEqualTo("HELD");
            assertThat(readingView(wrongId).getString("binding.evidence")).contains("matches none")
                    .doesNotContain("999-222-333").doesNotContain("99922233344").doesNotContain("111-222-333");

            List<String> samples = given().contentType(ContentType.JSON).body(Map.of("count", 3))
                    .post("/api/exams/" + examId + "/samples").then().statusCode(201).body("samples", hasSize(3))
                    .extract().jsonPath().getList("samples.id");
            assertThat(samples).allSatisfy(s -> assertThat(s).matches("[1-9][0-9]{9}"));
            given().contentType(ContentType.JSON).body(Map.of("count", 21)).post("/api/exams/" + examId
                    + "/samples").then().statusCode(400);
            close(examId);
            long late = append("room-1", reading("lab-1", opened.plus(Duration.ofHours(3)), samples.getFirst(), null));
            long unknown = append("room-2", reading("lab-2", opened.plusSeconds(60), "1234567897", null));
            assertThat(readingView(late).getString("binding.rule")).isEqualTo("SAMPLE_ID");
            assertThat(readingView(late).getString("binding.examId")).isEqualTo(examId);
            assertThat(readingView(unknown).getString("binding.state")).isEqualTo("UNASSIGNED");
            assertThat(readingView(unknown).getString("binding.evidence")).contains("not issued");
        } finally {
            given().post("/api/exams/" + examId + "/close");
        }
    }

    @Test
    void queueAndCorrections_assignRejectConfirm_recordWhoWhenWhy() {
        Staff.Session gp = Staff.login("http://localhost:" + RestAssured.port, Staff.GP, Staff.PASSWORD);
        JsonPath exam = exam("room-3", "444-555-666 77");
        String examId = exam.getString("id");
        Instant opened = Instant.parse(exam.getString("openedAt"));
        try {
            long review = append("room-3", reading("r-a", opened.plusSeconds(60), null, null));
            long held = append("room-3", reading("r-b", opened.plusSeconds(1), null, null));
            assertThat(readingView(review).getString("binding.state")).isEqualTo("REVIEW");
            given().get("/api/readings/queue").then().statusCode(200).body("id", hasItem((int) review))
                    .body("id", hasItem((int) held));

            given().spec(gp.spec()).contentType(ContentType.JSON).body(Map.of()).post("/api/readings/" + review
                    + "/confirm").then().statusCode(200).body("binding.state", equalTo("BOUND"));
            given().spec(gp.spec()).contentType(ContentType.JSON).body(Map.of()).post("/api/readings/" + review
                    + "/confirm").then().statusCode(409);
            given().spec(gp.spec()).contentType(ContentType.JSON).body(Map.of("exam", examId))
                    .post("/api/readings/" + held + "/assign").then().statusCode(400)
                    .body("error", equalTo("reason is required"));
            given().spec(gp.spec()).contentType(ContentType.JSON)
                    .body(Map.of("exam", examId, "reason", "measured right after opening"))
                    .post("/api/readings/" + held + "/assign").then().statusCode(200)
                    .body("binding.state", equalTo("BOUND")).body("binding.rule", equalTo("MANUAL"));
            given().spec(gp.spec()).contentType(ContentType.JSON).body(Map.of("reason", "artefact: patient moved"))
                    .post("/api/readings/" + review + "/reject").then().statusCode(200)
                    .body("binding.state", equalTo("REJECTED"));
            given().get("/api/readings/" + review + "/history").then().statusCode(200)
                    .body("action", equalTo(List.of("confirm", "reject")))
                    .body("actor", equalTo(List.of("gp", "gp")))
                    .body("[1].reason", equalTo("artefact: patient moved"));
            given().get("/api/outbox/items?state=PENDING&limit=1000").then()
                    .body("findAll { it.readingId == " + review + " }.kind", hasItem("RETRACT"))
                    .body("findAll { it.readingId == " + review + " }.kind", hasItem("AUDIT"));
        } finally {
            close(examId);
        }
    }

    @Test
    void devices_moveIsRecorded_andClockDriftIsShownAndMetered() {
        Staff.Session technician = Staff.login("http://localhost:" + RestAssured.port, Staff.TECHNICIAN,
                Staff.PASSWORD);
        given().spec(technician.spec()).contentType(ContentType.JSON)
                .body(Map.of("station", "room-2", "reason", "moved to room 2")).put("/api/devices/bp-1/station")
                .then().statusCode(200)
                .body("station", equalTo("room-2")).body("actor", equalTo("technician"));
        given().get("/api/devices/bp-1").then().body("station", equalTo("room-2"));
        given().spec(technician.spec()).contentType(ContentType.JSON)
                .body(Map.of("station", "room-2", "reason", "again"))
                .put("/api/devices/bp-1/station").then().statusCode(409);
        given().spec(technician.spec()).contentType(ContentType.JSON)
                .body(Map.of("station", "room-7", "reason", "x"))
                .put("/api/devices/bp-1/station").then().statusCode(400).body("hint", containsString("room-3"));
        given().get("/api/devices/bp-1/placements").then().statusCode(200).body("station",
                equalTo(List.of("room-1", "room-2")));
        given().spec(technician.spec()).contentType(ContentType.JSON)
                .body(Map.of("station", "room-1", "reason", "back"))
                .put("/api/devices/bp-1/station").then().statusCode(200);

        Instant t = Instant.now().minus(Duration.ofHours(2));
        for (int i = 0; i < 3; i++) {
            Instant received = t.plus(Duration.ofMinutes(11L * i));
            journal.append("room-1", List.of(new Reading("bp-1", "drift-" + i, received.minus(Duration.ofMinutes(45)),
                    received, reading("bp-1", received, null, null).measurements(), null, null, null))).join();
        }
        given().get("/api/devices/bp-1").then().statusCode(200).body("clock.offsetSeconds", equalTo(2700.0f))
                .body("clock.confirmed", equalTo(true)).body("clock.trusted", equalTo(false));
        given().get("/q/metrics").then().body(containsString("smartclinic_device_clock_trusted{device=\"bp-1\"} 0.0"))
                .body(containsString("smartclinic_device_clock_offset_seconds{device=\"bp-1\"} 2700.0"));
        assertThat(journal.readings(new Journal.ReadingQuery(1, "bp-1", null, null)).getFirst().binding().timeNote())
                .contains("45 min behind");
    }
}
