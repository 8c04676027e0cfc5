package org.smartclinic.gateway.uplink;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.smartclinic.drivers.Code;
import org.smartclinic.drivers.Measurement;
import org.smartclinic.drivers.Reading;
import org.smartclinic.drivers.Value;
import org.smartclinic.gateway.journal.Journal;
import org.smartclinic.gateway.journal.Outbox;
import org.smartclinic.gateway.journal.StoredReading;
import org.junit.jupiter.api.BeforeEach;
import org.smartclinic.gateway.it.Staff;

/**
 * The dead-letter path against a real FHIR server: a reading the mapper cannot code (a unit nobody taught it)
 * is kept as a dead letter with the reason, does not hold up the readings behind it, and can be replayed.
 * The readings enter through the journal, as a device link would put them there; the device side is covered
 * by the end-to-end tests.
 */
@QuarkusTest
@TestProfile(UplinkDeadLetterIT.Profile.class)
@QuarkusTestResource(value = SandboxResource.class, restrictToAnnotatedClass = true)
class UplinkDeadLetterIT {

    /** Every API call needs a staff login: RestAssured's requests run as the all-roles test account. */
    @BeforeEach
    void logIn() {
        Staff.bootstrapQuarkusTest();
    }

    /** One device at room-1 (port absent: the test feeds the journal), fast uplink backoff. */
    public static class Profile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            try {
                Path data = Files.createDirectories(Path.of("target")).resolve("uplink-test-" + System.nanoTime());
                return Map.of("smartclinic.data-dir", data.toString(),
                        "smartclinic.devices.bp-1.driver", "bpm200",
                        "smartclinic.devices.bp-1.station", "room-1",
                        "smartclinic.devices.bp-1.serial.port", data.resolve("absent").toString(),
                        "smartclinic.uplink.initial-backoff", "100ms",
                        "smartclinic.uplink.poll-interval", "200ms");
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }

    @Inject
    Journal journal;

    /** A pulse reading measured {@code t}, a minute into the exam (readings bind by when they were measured). */
    private static Reading pulse(String key, String unit, Instant t) {
        return new Reading("bp-1", key, t, t.plusMillis(300), List.of(Measurement.of(Code.deviceCode("bpm200", "PR", "Pulse"),
                List.of(new Code(Code.LOINC, "8867-4", "Heart rate")), new Value.Quantity(new BigDecimal("72"), unit))),
                null, null, null);
    }

    @Test
    void unmappableReading_becomesDeadLetterWithReason_othersDelivered_replayable() {
        io.restassured.path.json.JsonPath exam = given().contentType(ContentType.JSON).body(Map.of("station",
                "room-1", "patient", Map.of("system", "urn:oid:1.2.643.100.3", "value", "p-dead-letter")))
                .post("/api/exams").then().statusCode(201).body("ehr", equalTo("linked")).extract().jsonPath();
        String examId = exam.getString("id");
        Instant t = Instant.parse(exam.getString("openedAt")).plusSeconds(60);

        journal.append("room-1", List.of(pulse("k1", "furlongs per fortnight", t), pulse("k2", "bpm", t))).join();

        await().atMost(Duration.ofSeconds(30)).until(() -> journal.outboxCounts().get(Outbox.State.SENT) == 1
                && journal.outboxCounts().get(Outbox.State.DEAD) == 1);
        List<StoredReading> readings = journal.readings(new Journal.ReadingQuery(10, null, examId, null));
        StoredReading dead = readings.stream().filter(r -> r.reading().key().equals("k1")).findFirst().orElseThrow();
        StoredReading sent = readings.stream().filter(r -> r.reading().key().equals("k2")).findFirst().orElseThrow();
        assertThat(dead.upload().state()).isEqualTo(Outbox.State.DEAD);
        assertThat(dead.upload().lastError()).contains("furlongs per fortnight");
        assertThat(sent.upload().serverIds()).anyMatch(id -> id.startsWith("Observation/"));

        long id = dead.upload().id();
        given().get("/api/outbox/items?state=DEAD").then().statusCode(200).body("[0].id", equalTo((int) id));
        given().post("/api/outbox/items/" + id + "/replay").then().statusCode(200);
        // A replay starts the item's attempts afresh (its limits count from the fix): the unit still fails once more.
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            Outbox.Item upload = journal.reading(dead.id()).orElseThrow().upload();
            return upload.state() == Outbox.State.DEAD && upload.attempts() == 1;
        });
        given().post("/api/outbox/items/" + sent.upload().id() + "/replay").then().statusCode(400);
    }
}
