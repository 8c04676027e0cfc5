package org.smartclinic.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Observation;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.smartclinic.simulator.device.bp.Bpm200Twin;
import org.smartclinic.simulator.fhir.FhirSandbox;

/**
 * Nothing lost, nothing duplicated when the gateway dies mid-stream (SIGKILL: no shutdown hook, no flush) and
 * when the EHR is away for a while: the device retransmits what was never acknowledged, the journal keeps what
 * was, and the outbox delivers each reading exactly once when the gateway and the EHR are back.
 */
class GatewayRestartIT {

    private static final Duration DELIVERY = Duration.ofSeconds(60);

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

    @Test
    void killedMidStreamAndRestarted_losesNothingAndDuplicatesNothing() throws Exception {
        sandbox = FhirSandbox.start(new FhirSandbox.Settings("127.0.0.1", 0, "/fhir", true));
        gateway = new GatewayProcess(dir.resolve("gateway")).property("smartclinic.fhir.base-url", sandbox.baseUrl())
                .device("bp-1", "bpm200", "room-1", dir.resolve("dev/bp-1")).start();
        GatewayApi api = new GatewayApi(gateway.baseUrl());
        String examId = api.openExam("room-1", "patient-restart");
        twin = Bpm200Twin.builder(dir.resolve("dev/bp-1")).seed(42).count(30).interval(Duration.ofMillis(50))
                .maxRetries(-1).start();

        assertThat(twin.awaitAcked(8, DELIVERY)).isTrue();
        gateway.kill();
        gateway.start();

        assertThat(twin.awaitAcked(30, DELIVERY)).isTrue();
        // The device did speak into the void while the gateway was dead, and gave nothing up.
        assertThat(twin.stats().timeouts()).isPositive();
        assertThat(twin.stats().givenUp()).isZero();
        api = new GatewayApi(gateway.baseUrl());
        List<Observation> bp = bloodPressures(api, new Ehr(sandbox.baseUrl()), examId, 30);
        assertThat(bp).hasSize(30);
        assertThat(bp).extracting(o -> o.getIdentifierFirstRep().getValue()).doesNotHaveDuplicates();
        assertThat(bp).extracting(o -> o.getEffectiveDateTimeType().getValue().toInstant())
                .containsExactlyInAnyOrderElementsOf(sentTimes(twin));
        assertThat(api.readings("exam=" + examId + "&limit=100")).hasSize(30);
    }

    @Test
    void ehrDownWhileReadingsArrive_deliversEachExactlyOnceWhenItIsBack() throws Exception {
        int ehrPort = GatewayProcess.freePort();
        String ehrUrl = "http://127.0.0.1:" + ehrPort + "/fhir";
        gateway = new GatewayProcess(dir.resolve("gateway")).property("smartclinic.fhir.base-url", ehrUrl)
                .device("bp-1", "bpm200", "room-1", dir.resolve("dev/bp-1")).start();
        GatewayApi api = new GatewayApi(gateway.baseUrl());
        String examId = api.openExam("room-1", "patient-outage");
        twin = Bpm200Twin.builder(dir.resolve("dev/bp-1")).seed(9).count(5).interval(Duration.ofMillis(50)).start();

        assertThat(twin.awaitAcked(5, DELIVERY)).isTrue();
        await().atMost(DELIVERY).until(() -> api.outbox().getString("ehr").startsWith("failing"));
        assertThat(api.outbox().getLong("counts.PENDING")).isEqualTo(5);

        sandbox = FhirSandbox.start(new FhirSandbox.Settings("127.0.0.1", ehrPort, "/fhir", true));
        List<Observation> bp = bloodPressures(api, new Ehr(ehrUrl), examId, 5);

        assertThat(bp).hasSize(5);
        assertThat(new Ehr(ehrUrl).count("Patient")).isEqualTo(1);
        assertThat(api.outbox().getString("ehr")).isEqualTo("ok");
    }

    /** The exam's blood pressures on the EHR once the outbox is empty, so nothing is still on its way. */
    private static List<Observation> bloodPressures(GatewayApi api, Ehr ehr, String examId, int expected) {
        Encounter enc = await().atMost(DELIVERY).until(() -> ehr.encounterOfExam("demo-clinic", examId),
                java.util.Optional::isPresent).orElseThrow();
        String ref = "Encounter/" + enc.getIdElement().getIdPart();
        await().atMost(DELIVERY).until(() -> bp(ehr.observationsOfEncounter(ref)).size() >= expected
                && api.outbox().getLong("counts.PENDING") == 0);
        return bp(ehr.observationsOfEncounter(ref));
    }

    private static List<Observation> bp(List<Observation> all) {
        return all.stream().filter(o -> o.getCode().getCoding().stream().anyMatch(c -> "85354-9".equals(c.getCode())))
                .toList();
    }

    private static List<Instant> sentTimes(Bpm200Twin twin) {
        Map<Integer, Instant> bySeq = twin.sent().stream().collect(Collectors.toMap(Bpm200Twin.SentMeasurement::seq,
                s -> s.deviceTime().atZone(ZoneId.systemDefault()).toInstant(), (a, b) -> a));
        return List.copyOf(bySeq.values());
    }
}
