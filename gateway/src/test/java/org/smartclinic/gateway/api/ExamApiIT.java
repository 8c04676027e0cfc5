package org.smartclinic.gateway.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import java.util.Map;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.BeforeEach;
import org.smartclinic.gateway.it.Staff;

/** The REST API's contract: validation with hints, conflicts, idempotent close, the technician's views. */
@QuarkusTest
@TestProfile(ApiTestProfile.class)
class ExamApiIT {

    /** Every API call needs a staff login: RestAssured's requests run as the all-roles test account. */
    @BeforeEach
    void logIn() {
        Staff.bootstrapQuarkusTest();
    }

    private static Map<String, Object> exam(String station, String value) {
        return Map.of("station", station, "patient", Map.of("system", "urn:oid:1.2.643.100.3", "value", value));
    }

    @Test
    void openExam_withoutStation_isRefusedWithAnExample() {
        given().contentType(ContentType.JSON).body(Map.of("patient", Map.of("system", "s", "value", "v")))
                .post("/api/exams")
                .then().statusCode(400).body("error", equalTo("station is missing"))
                .body("hint", containsString("\"station\": \"room-1\""));
    }

    @Test
    void openExam_atUnknownStation_isRefusedListingKnownStations() {
        given().contentType(ContentType.JSON).body(exam("room-9", "p-1")).post("/api/exams")
                .then().statusCode(400).body("error", containsString("room-9")).body("hint", containsString("room-1"));
    }

    @Test
    void openExam_withoutPatientValue_isRefused() {
        given().contentType(ContentType.JSON)
                .body(Map.of("station", "room-1", "patient", Map.of("system", "urn:oid:1.2.643.100.3")))
                .post("/api/exams")
                .then().statusCode(400).body("error", containsString("patient.value"));
    }

    @Test
    void openExam_withPatientSystemNotAUri_isRefusedWithExamples() {
        given().contentType(ContentType.JSON)
                .body(Map.of("station", "room-1", "patient", Map.of("system", "national id", "value", "7701")))
                .post("/api/exams")
                .then().statusCode(400).body("error", containsString("unknown identifier system"))
                .body("hint", containsString("snils"));
    }

    @Test
    void openExam_whileEhrUnreachable_opensPendingThenConflictsThenClosesIdempotently() {
        String id = given().contentType(ContentType.JSON).body(exam("room-1", "p-offline")).post("/api/exams")
                .then().statusCode(201).header("Location", containsString("/api/exams/"))
                .body("status", equalTo("OPEN")).body("ehr", startsWith("pending"))
                .body("patient.value", equalTo("p-offline")).extract().path("id");

        given().contentType(ContentType.JSON).body(exam("room-1", "p-other")).post("/api/exams")
                .then().statusCode(409).body("error", containsString(id)).body("hint", containsString("/close"));
        given().get("/api/exams?open=true").then().statusCode(200).body("id", hasItem(id));

        given().post("/api/exams/" + id + "/close").then().statusCode(200).body("status", equalTo("CLOSED"))
                .body("closedAt", notNullValue());
        given().post("/api/exams/" + id + "/close").then().statusCode(200).body("status", equalTo("CLOSED"));
        // The Encounter's end and the exam's DiagnosticReport wait for the EHR, once each.
        given().get("/api/outbox/items?state=PENDING&limit=1000").then().statusCode(200)
                .body("findAll { it.examId == '" + id + "' }.kind", containsInAnyOrder("EXAM_CLOSE", "REPORT"));
    }

    @Test
    void getExam_unknownId_is404() {
        given().get("/api/exams/no-such-exam").then().statusCode(404).body("error", containsString("no-such-exam"));
    }

    @Test
    void readings_withUnknownBindingFilter_isRefused() {
        given().get("/api/readings?binding=maybe").then().statusCode(400).body("error", containsString("state"));
        given().get("/api/readings?binding=unassigned").then().statusCode(200);
    }

    @Test
    void devices_withMissingPort_showBackoffWithReasonInTheDevicesGroupWhileTheGatewayStaysReady() {
        given().get("/api/devices/bp-1").then().statusCode(200).body("driver", equalTo("bpm200"))
                .body("model", containsString("BPM-200")).body("station", equalTo("room-1"))
                .body("transport", equalTo("serial"))
                .body("state", equalTo("BACKOFF")).body("stateReason", containsString("no-such-port"));
        given().get("/q/health/group/devices").then().statusCode(503)
                .body("checks.find { it.name == 'device:bp-1' }.status", equalTo("DOWN"))
                .body("checks.find { it.name == 'device:bp-1' }.data.reason", containsString("no-such-port"));
        given().get("/q/health/ready").then().statusCode(200)
                .body("checks.find { it.name == 'journal' }.status", equalTo("UP"))
                .body("checks.find { it.name == 'device:bp-1' }", nullValue());
        given().get("/q/health/live").then().statusCode(200);
        given().get("/api/devices/bp-9").then().statusCode(404);
    }

    @Test
    void drivers_listTheBpm200() {
        given().get("/api/drivers").then().statusCode(200).body("id", hasItem("bpm200"));
    }

    @Test
    void metrics_exposeOutboxAndDeviceGauges() {
        given().get("/q/metrics").then().statusCode(200)
                .body(containsString("smartclinic_outbox_depth"))
                .body(containsString("smartclinic_device_connected{device=\"bp-1\",transport=\"serial\"} 0.0"))
                .body(containsString("smartclinic_transport_connect_failures_total{device=\"bp-1\",transport=\"serial\"}"));
    }
}
