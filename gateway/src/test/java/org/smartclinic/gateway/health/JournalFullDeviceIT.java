package org.smartclinic.gateway.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Observation;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.smartclinic.gateway.it.Ehr;
import org.smartclinic.gateway.it.GatewayApi;
import org.smartclinic.gateway.it.GatewayProcess;
import org.smartclinic.gateway.journal.Captures;
import org.smartclinic.gateway.journal.JournalDatabase;
import org.smartclinic.simulator.device.bp.Bpm200Twin;
import org.smartclinic.simulator.fhir.FhirSandbox;

/**
 * Issue 9, 5(e) with real parts: a BPM-200 twin streams over a real pty into the production gateway (its own JVM)
 * whose journal fills up. The device then gets no acknowledgement and keeps its readings (it sends them again),
 * readiness is DOWN and says the journal is full; when retention frees room the gateway recovers by itself and
 * every reading reaches the EHR exactly once.
 *
 * <p>How the disk "fills": SQLite's own size limit ({@code smartclinic.journal.max-size}) on a real journal file,
 * which fails writes exactly as a full disk does (SQLITE_FULL); filling this machine's disk is not something a
 * test may do, and a loop-mounted file system needs privileges CI may not have. The journal starts with old raw
 * captures of rejected input (a past flood, written through the journal's own code before the gateway starts),
 * the limit leaves a little room above them, and the capture retention (first run one interval after start-up)
 * deletes them: that is the space coming back. Its first run comes {@link #RETENTION_RUNS_AFTER} after start-up,
 * well after the device (which starts streaming seconds after start-up) has filled the little room left.
 */
class JournalFullDeviceIT {

    private static final int READINGS = 150;
    private static final Duration RETENTION_RUNS_AFTER = Duration.ofSeconds(90);

    @TempDir
    Path dir;

    private FhirSandbox sandbox;
    private GatewayProcess gateway;
    private Bpm200Twin twin;

    @AfterEach
    void stop() {
        if (twin != null) {
            twin.close();
        }
        if (gateway != null) {
            gateway.close();
        }
        if (sandbox != null) {
            sandbox.close();
        }
    }

    /** A past flood of rejected input, 60 days old: what retention may delete. Returns the journal's size. */
    private static long prefill(Path journal) throws IOException {
        try (JournalDatabase db = JournalDatabase.open(journal)) {
            Captures captures = new Captures(db, Clock.systemUTC());
            Instant old = Instant.now().minus(Duration.ofDays(60));
            for (int i = 0; i < 64; i++) {
                captures.recordRejected("bp-1", old, "flood", new byte[8192]).join();
            }
        }
        return Files.size(journal);
    }

    @Test
    void journalFullWhileADeviceStreams_noAckReadinessDownThenRecoversAndDeliversEachOnce() throws Exception {
        sandbox = FhirSandbox.start(new FhirSandbox.Settings("127.0.0.1", 0, "/fhir", true));
        Path data = dir.resolve("gateway");
        long prefilled = prefill(data.resolve("journal.db"));
        gateway = new GatewayProcess(data).property("smartclinic.fhir.base-url", sandbox.baseUrl())
                .property("smartclinic.journal.max-size", String.valueOf(prefilled + 160 * 1024))
                .property("smartclinic.journal.probe-interval", "200ms")
                .property("smartclinic.capture.prune-interval", RETENTION_RUNS_AFTER.toSeconds() + "s")
                .device("bp-1", "bpm200", "room-1", dir.resolve("dev/bp-1")).start();
        GatewayApi api = new GatewayApi(gateway.baseUrl());
        String examId = api.openExam("room-1", "patient-full-disk");
        twin = Bpm200Twin.builder(dir.resolve("dev/bp-1")).seed(5).count(READINGS).interval(Duration.ofMillis(10))
                .maxRetries(-1).start();

        // Readiness may go down a little before the device is refused: the probe needs room for a large capture.
        await("journal full, device refused").atMost(RETENTION_RUNS_AFTER)
                .until(() -> twin.stats().nakked() + twin.stats().timeouts() > 0);
        String why = await("readiness down").atMost(Duration.ofSeconds(10)).until(() -> ready(gateway),
                r -> r.statusCode() == 503).body();
        Bpm200Twin.Stats whileFull = twin.stats();
        assertThat(why).contains("journal cannot write").contains("full");
        assertThat(whileFull.acked()).as("the device is not acknowledged beyond what fits").isLessThan(READINGS);
        assertThat(whileFull.givenUp()).isZero();

        await("space back").atMost(Duration.ofSeconds(90)).until(() -> ready(gateway).statusCode() == 200);
        assertThat(twin.awaitAcked(READINGS, Duration.ofSeconds(90))).isTrue();
        assertThat(twin.stats().givenUp()).isZero();
        List<Observation> bp = bloodPressures(api, new Ehr(sandbox.baseUrl()), examId);
        assertThat(bp).hasSize(READINGS);
        assertThat(bp).extracting(o -> o.getIdentifierFirstRep().getValue()).doesNotHaveDuplicates();
        assertThat(api.readings("exam=" + examId + "&limit=1000")).hasSize(READINGS);
    }

    private static HttpResponse<String> ready(GatewayProcess gateway) throws IOException, InterruptedException {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(gateway.baseUrl()
                + "/q/health/ready")).timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The exam's blood pressures on the EHR once nothing is pending, so nothing is still on its way. */
    private static List<Observation> bloodPressures(GatewayApi api, Ehr ehr, String examId) {
        Encounter enc = await().atMost(Duration.ofSeconds(90)).until(() -> ehr.encounterOfExam("demo-clinic", examId),
                Optional::isPresent).orElseThrow();
        String ref = "Encounter/" + enc.getIdElement().getIdPart();
        await().atMost(Duration.ofSeconds(120)).until(() -> bp(ehr.observationsOfEncounter(ref)).size() >= READINGS
                && api.outbox().getLong("counts.PENDING") == 0);
        return bp(ehr.observationsOfEncounter(ref));
    }

    private static List<Observation> bp(List<Observation> all) {
        return all.stream().filter(o -> o.getCode().getCoding().stream().anyMatch(c -> "85354-9".equals(c.getCode())))
                .toList();
    }
}
