package org.smartclinic.gateway.it;

import static io.restassured.RestAssured.given;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

import org.awaitility.Awaitility;

/** The gateway's REST API and metrics, as a GP's client and a technician's tools use them. */
public final class GatewayApi {

    public static final String PATIENT_SYSTEM = "urn:oid:1.2.643.100.3";

    private final String base;

    public GatewayApi(String base) {
        this.base = base;
    }

    /**
     * Opens an exam and returns its id once readings can bind to it: a reading measured within the binding
     * tolerance of the opening is held for a person (it may belong to the exam before), see docs/binding.md.
     */
    public String openExam(String station, String patientValue) {
        String id = given().baseUri(base).contentType(ContentType.JSON)
                .body(Map.of("station", station, "patient", Map.of("system", PATIENT_SYSTEM, "value", patientValue)))
                .post("/api/exams").then().statusCode(201).extract().path("id");
        awaitBindable();
        return id;
    }

    /** Lets the binding tolerance the tests' gateways use (1 s, and 1 s of device time resolution) pass. */
    public static void awaitBindable() {
        Awaitility.await().pollDelay(Duration.ofMillis(2_500)).atMost(Duration.ofSeconds(5)).until(() -> true);
    }

    public void closeExam(String examId) {
        given().baseUri(base).post("/api/exams/" + examId + "/close").then().statusCode(200);
    }

    public JsonPath device(String id) {
        return given().baseUri(base).get("/api/devices/" + id).then().statusCode(200).extract().jsonPath();
    }

    public List<Map<String, Object>> readings(String query) {
        return given().baseUri(base).get("/api/readings?" + query).then().statusCode(200).extract().jsonPath()
                .getList("$");
    }

    public JsonPath outbox() {
        return given().baseUri(base).get("/api/outbox").then().statusCode(200).extract().jsonPath();
    }

    /** {@code GET /api/outbox/dead-letters}: each item with the EHR's answer. */
    public JsonPath deadLetters() {
        return given().baseUri(base).get("/api/outbox/dead-letters").then().statusCode(200).extract().jsonPath();
    }

    /** A counter's value from /q/metrics; 0 if it was never incremented. */
    public double metric(String name, String... labels) {
        return metricIn(metrics(), name, labels);
    }

    /** The whole of /q/metrics once, to read several counters of the same moment with {@link #metricIn}. */
    public String metrics() {
        return given().baseUri(base).get("/q/metrics").then().statusCode(200).extract().asString();
    }

    /** A counter's value in a /q/metrics text, summed over the series whose labels contain all of {@code labels}. */
    public static double metricIn(String text, String name, String... labels) {
        double sum = 0;
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name) + "(?:\\{([^}]*)\\})?\\s+(\\S+)$").matcher(text);
        while (m.find()) {
            boolean match = true;
            for (String label : labels) {
                match &= m.group(1) != null && m.group(1).contains(label);
            }
            if (match) {
                sum += Double.parseDouble(m.group(2));
            }
        }
        return sum;
    }
}
