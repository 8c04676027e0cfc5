package org.smartclinic.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.hl7.fhir.r4.model.Device;
import org.hl7.fhir.r4.model.Observation;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.smartclinic.simulator.device.spiro.Sp80Twin;
import org.smartclinic.simulator.fhir.FhirSandbox;

/**
 * The folder-drop shape end to end on real parts: the SP-80 twin writes export files into a real folder, the
 * gateway (its own process) reads each once it stops changing, journals it, moves it to {@code processed/}, and
 * the FHIR sandbox (validating) receives every result. A bad file goes to {@code failed/} with a reason; a file
 * dropped while the gateway is down, or read again because it was never moved, is stored exactly once.
 */
class SpirometerFolderIT {

    private static final Duration DELIVERY = Duration.ofSeconds(30);

    @TempDir
    static Path dir;

    private static FhirSandbox sandbox;
    private static GatewayProcess gateway;
    private static GatewayApi api;
    private static Ehr ehr;
    private static Path inbox;

    @BeforeAll
    static void start() throws Exception {
        sandbox = FhirSandbox.start(new FhirSandbox.Settings("127.0.0.1", 0, "/fhir", true));
        inbox = Files.createDirectories(dir.resolve("exports"));
        gateway = new GatewayProcess(dir.resolve("gateway"))
                .property("smartclinic.fhir.base-url", sandbox.baseUrl())
                .device("spiro-1", "sp80", "room-1", "folder")
                .deviceProperty("spiro-1", "folder.path", inbox.toString())
                .deviceProperty("spiro-1", "folder.pattern", "*.csv")
                .deviceProperty("spiro-1", "folder.stable-for", "300ms")
                .deviceProperty("spiro-1", "serial-number", "SP80-SIM-0001")
                .start();
        api = new GatewayApi(gateway.baseUrl());
        ehr = new Ehr(sandbox.baseUrl());
        sandbox.awaitReady(Duration.ofSeconds(60));
        await().atMost(DELIVERY).until(() -> "CONNECTED".equals(api.device("spiro-1").getString("state")));
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

    private static Sp80Twin twin() {
        return Sp80Twin.builder(inbox).serial("SP80-SIM-0001").seed(System.nanoTime()).build();
    }


    /** One Observation per result and per % predicted value the file holds. */
    private static int results(Sp80Twin.Exported file) {
        return (int) file.export().results().stream().mapToLong(r -> r.percentPredicted() == null ? 1 : 2).sum();
    }

    private static long filesIn(Path folder, String suffix) throws Exception {
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(p -> p.getFileName().toString().endsWith(suffix)).count();
        }
    }

    @Test
    void exportFile_duringExam_movedToProcessedAndEveryResultReachesTheEhr() throws Exception {
        String examId = api.openExam("room-1", "patient-spiro");
        try (Sp80Twin twin = twin()) {
            Sp80Twin.Exported file = twin.exportNow();

            await().atMost(DELIVERY).until(() -> Files.exists(inbox.resolve("processed").resolve(
                    file.file().getFileName())));
            List<Observation> obs = ehr.awaitObservationsOfExam(examId, results(file));

            assertThat(obs).hasSize(results(file)).hasSizeGreaterThanOrEqualTo(7);
            assertThat(obs).filteredOn(o -> o.getCode().getCoding().stream().anyMatch(c -> "20150-9".equals(c.getCode())))
                    .singleElement().satisfies(o -> {
                        assertThat(o.getValueQuantity().getCode()).isEqualTo("L");
                        assertThat(o.getValueQuantity().getValue()).isEqualByComparingTo(file.export().results()
                                .stream().filter(r -> r.code().equals("FEV1")).findFirst().orElseThrow().value());
                    });
            assertThat(obs).extracting(o -> o.getIdentifierFirstRep().getValue()).allSatisfy(id ->
                    assertThat(id).contains("/spiro-1/").endsWith("/" + file.testId()));
            assertThat(obs).anySatisfy(o -> assertThat(o.getCode().getCodingFirstRep().getCode()).isEqualTo("PEF%PRED"));
        } finally {
            api.closeExam(examId);
        }
        Map<String, Object> identity = api.device("spiro-1").getMap("identity");
        assertThat(identity).containsEntry("serialNumber", "SP80-SIM-0001").containsKey("firmware");
        assertThat(api.device("spiro-1").getBoolean("identityMatches")).isTrue();
        Device device = await().atMost(DELIVERY).until(() -> ehr.device("demo-clinic/spiro-1"),
                d -> d.isPresent() && d.get().hasVersion()).orElseThrow();
        assertThat(device.getVersionFirstRep().getValue()).isEqualTo(identity.get("firmware"));
    }

    @Test
    void badFile_movedToFailedWithItsReason_countedAndTheFolderKeepsWorking() throws Exception {
        double rejectedBefore = api.metric("smartclinic_frames_rejected_total", "device=\"spiro-1\"");
        try (Sp80Twin twin = Sp80Twin.builder(inbox).badEvery(1).seed(3).build()) {
            Sp80Twin.Exported bad = twin.exportNow();

            Path failed = inbox.resolve("failed").resolve(bad.file().getFileName());
            await().atMost(DELIVERY).until(() -> Files.exists(failed));
            Path reason = failed.resolveSibling(bad.file().getFileName() + ".reason.txt");
            assertThat(Files.readString(reason)).contains("malformed");
        }
        assertThat(api.metric("smartclinic_frames_rejected_total", "device=\"spiro-1\"") - rejectedBefore)
                .isEqualTo(1.0);
        assertThat(api.device("spiro-1").getString("state")).isEqualTo("CONNECTED");
    }

    @Test
    void fileDroppedWhileDown_andAFileReadAgain_eachStoredExactlyOnce() throws Exception {
        String examId = api.openExam("room-1", "patient-spiro-restart");
        try (Sp80Twin twin = twin()) {
            gateway.stop();
            Sp80Twin.Exported whileDown = twin.exportNow();
            gateway.start();

            Path processed = inbox.resolve("processed").resolve(whileDown.file().getFileName());
            await().atMost(DELIVERY).until(() -> Files.exists(processed));
            assertThat(ehr.awaitObservationsOfExam(examId, results(whileDown))).hasSize(results(whileDown));

            // As if the gateway had crashed after journaling but before moving the file: it is read again.
            Files.copy(processed, inbox.resolve(whileDown.file().getFileName()), StandardCopyOption.REPLACE_EXISTING);
            await().atMost(DELIVERY).until(() -> filesIn(inbox.resolve("processed"), ".csv") >= 2
                    && !Files.exists(inbox.resolve(whileDown.file().getFileName())));
            await().atMost(DELIVERY).until(() -> api.outbox().getLong("counts.PENDING") == 0);

            assertThat(ehr.awaitObservationsOfExam(examId, results(whileDown))).as("read twice, stored once")
                    .hasSize(results(whileDown));
            assertThat(api.device("spiro-1").getLong("duplicates")).isGreaterThanOrEqualTo(1);
        } finally {
            api.closeExam(examId);
        }
    }
}
