package org.smartclinic.gateway.health;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.smartclinic.drivers.Code;
import org.smartclinic.drivers.Measurement;
import org.smartclinic.drivers.Reading;
import org.smartclinic.drivers.Value;
import org.smartclinic.gateway.journal.Journal;
import org.junit.jupiter.api.BeforeEach;
import org.smartclinic.gateway.it.Staff;

/**
 * When the journal cannot write, the gateway is not ready and says why, while liveness (no database query) stays
 * up; when space comes back, so does readiness. The full disk is SQLite's own size limit on a real journal file
 * ({@code smartclinic.journal.max-size}), which fails writes exactly as a full disk does: filling this machine's
 * disk is not something a test may do.
 */
@QuarkusTest
@TestProfile(JournalFullReadinessIT.Profile.class)
class JournalFullReadinessIT {

    /** Every API call needs a staff login: RestAssured's requests run as the all-roles test account. */
    @BeforeEach
    void logIn() {
        Staff.bootstrapQuarkusTest();
    }

    /** A journal of at most 256 KiB, probed every 200 ms. */
    public static class Profile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            try {
                Path data = Files.createDirectories(Path.of("target")).resolve("full-test-" + System.nanoTime());
                return Map.of("smartclinic.data-dir", data.toString(),
                        "smartclinic.journal.max-size", "256K",
                        "smartclinic.journal.probe-interval", "200ms",
                        "smartclinic.capture.prune-interval", "1h");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    @Inject
    Journal journal;

    private Reading reading(int n) {
        Instant t = Instant.now();
        return new Reading("bp-1", "fill-" + n, t, t, List.of(Measurement.of(Code.deviceCode("bpm200", "PR", "Pulse"),
                List.of(new Code(Code.LOINC, "8867-4", "Heart rate")), new Value.Quantity(BigDecimal.TEN,
                        "bpm"))), null, null, null);
    }

    @Test
    void journalFull_notReadyWithTheReason_liveStillUp() {
        given().get("/q/health/ready").then().statusCode(200);
        int n = 0;
        try {
            while (n < 10_000) {
                journal.append("room-1", List.of(reading(n++)), new Journal.RawInput("bp-1", Instant.now(),
                        new byte[2048])).join();
            }
        } catch (CompletionException expected) {
            assertThat(expected).hasMessageContaining("full");
        }
        assertThat(n).as("the journal filled up").isLessThan(10_000);

        given().get("/q/health/ready").then().statusCode(503)
                .body("checks.find { it.name == 'journal' }.status", equalTo("DOWN"))
                .body("checks.find { it.name == 'journal' }.data.reason", containsString("full"));
        given().get("/q/health/live").then().statusCode(200);

        journal.database().write(c -> {
            try (var s = c.createStatement()) {
                s.execute("DELETE FROM raw_capture");
                return s.executeUpdate("DELETE FROM reading");
            }
        }).join();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                given().get("/q/health/ready").then().statusCode(200));
    }
}
