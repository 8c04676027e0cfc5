package org.smartclinic.simulator.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.smartclinic.drivers.Measurement;
import org.smartclinic.drivers.Reading;
import org.smartclinic.drivers.Value;
import org.smartclinic.drivers.instrument.spirometry.sp80.Sp80Driver;
import org.smartclinic.drivers.instrument.spirometry.sp80.Sp80Format;
import org.smartclinic.drivers.link.Connector;
import org.smartclinic.drivers.link.DeviceLink;
import org.smartclinic.drivers.link.LinkListener;
import org.smartclinic.drivers.link.LinkSettings;
import org.smartclinic.drivers.spi.DriverContext;
import org.smartclinic.drivers.spi.InboundMessage;
import org.smartclinic.drivers.spi.Outcome;
import org.smartclinic.drivers.spi.RejectReason;
import org.smartclinic.drivers.transport.folder.FolderSettings;
import org.smartclinic.drivers.transport.folder.FolderTransport;
import org.smartclinic.simulator.device.spiro.Sp80Twin;

/** The SP-80 twin writing real files, read back by the real driver, and through a real folder link. */
class Sp80TwinIT {

    @TempDir
    Path inbox;

    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : open.reversed()) {
            c.close();
        }
    }

    @Test
    void exportNow_writtenFile_decodesWithTheDriverToWhatTheTwinReports() throws IOException {
        Sp80Twin twin = twin(Sp80Twin.builder(inbox).seed(7).patientId("123-456-789 00").sampleId("S-000123")
                .deviceZone(ZoneId.of("Europe/Moscow")));

        Sp80Twin.Exported exported = twin.exportNow();

        assertThat(exported.file()).isEqualTo(inbox.resolve("SP80_" + exported.testId() + ".csv"));
        assertThat(exported.testId()).matches("T\\d{8}-\\d{6}-0001");
        Reading reading = decode(exported.file());
        assertThat(reading.key()).isEqualTo(exported.testId());
        assertThat(reading.deviceTime()).isEqualTo(exported.export().testTime().toInstant());
        assertThat(exported.export().testTime().getOffset().getTotalSeconds()).isEqualTo(3 * 3600);
        assertThat(reading.devicePatientId()).isEqualTo("123-456-789 00");
        assertThat(reading.sampleId()).isEqualTo("S-000123");
        List<String> expected = new ArrayList<>();
        for (Sp80Format.ResultLine r : exported.export().results()) {
            expected.add(r.code() + "=" + r.value().toPlainString() + " " + r.unit());
            if (r.percentPredicted() != null) {
                expected.add(r.code() + "%PRED=" + r.percentPredicted().toPlainString() + " %");
            }
        }
        assertThat(reading.measurements()).extracting(Sp80TwinIT::text).containsExactlyElementsOf(expected);
    }

    @Test
    void start_countThree_writesThreePlausibleFilesThatAllDecode() throws IOException {
        Sp80Twin twin = twin(Sp80Twin.builder(inbox).interval(Duration.ofMillis(50)).count(3).seed(11));
        twin.start();

        await().atMost(Duration.ofSeconds(5)).until(() -> twin.exported().size() == 3);

        assertThat(files()).hasSize(3);
        assertThat(twin.exported()).extracting(Sp80Twin.Exported::testId).doesNotHaveDuplicates();
        for (Sp80Twin.Exported e : twin.exported()) {
            Map<String, BigDecimal> v = new ConcurrentHashMap<>();
            e.export().results().forEach(r -> v.put(r.code(), r.value()));
            assertThat(v.get("FEV1")).isLessThan(v.get("FVC"));
            assertThat(v.get("FEV1/FVC")).isEqualByComparingTo(v.get("FEV1").multiply(BigDecimal.valueOf(100))
                    .divide(v.get("FVC"), 1, RoundingMode.HALF_UP));
            assertThat(decode(e.file()).key()).isEqualTo(e.testId());
        }
    }

    @Test
    void exportNow_slowWrite_fileGrowsUnderItsFinalNameOverAboutASecond() throws Exception {
        Sp80Twin twin = twin(Sp80Twin.builder(inbox).slowWrite(true));
        long start = System.nanoTime();

        CompletableFuture<Sp80Twin.Exported> writing = CompletableFuture.supplyAsync(() -> {
            try {
                return twin.exportNow();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        await().atMost(Duration.ofSeconds(2)).pollInterval(Duration.ofMillis(20)).until(() -> files().size() == 1
                && Files.size(files().getFirst()) > 0);
        long partial = Files.size(files().getFirst());
        Sp80Twin.Exported exported = writing.get(5, TimeUnit.SECONDS);

        long full = Files.size(exported.file());
        assertThat(partial).as("seen while growing").isLessThan(full);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(900));
        assertThat(decode(exported.file()).key()).isEqualTo(exported.testId());
    }

    @Test
    void badEvery_everySecondFile_malformedAndRejectedByTheDriver() throws IOException {
        Sp80Twin twin = twin(Sp80Twin.builder(inbox).badEvery(2));

        List<Sp80Twin.Exported> exported = List.of(twin.exportNow(), twin.exportNow(), twin.exportNow(),
                twin.exportNow());

        assertThat(exported).extracting(Sp80Twin.Exported::malformed).containsExactly(false, true, false, true);
        for (Sp80Twin.Exported e : exported) {
            Outcome last = driverOutcomes(e.file()).getLast();
            if (e.malformed()) {
                assertThat(last).isInstanceOfSatisfying(Outcome.Rejected.class, r -> {
                    assertThat(r.reason()).isEqualTo(RejectReason.MALFORMED);
                    assertThat(r.detail()).startsWith("no END line");
                });
            } else {
                assertThat(last).isInstanceOf(Outcome.Accepted.class);
            }
        }
    }

    @Test
    void close_whileWaitingForTheNextExport_stopsItsThreadPromptly() {
        Sp80Twin twin = twin(Sp80Twin.builder(inbox).interval(Duration.ofSeconds(30)));
        twin.start();
        await().atMost(Duration.ofSeconds(5)).until(() -> twin.exported().size() == 1);
        String thread = "sp80-twin-" + inbox.getFileName();
        long start = System.nanoTime();

        twin.close();

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
        assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().equals(thread) && t.isAlive());
    }

    @Test
    void twinThroughAFolderLink_slowWritesAndABadFile_goodOnesStoredOnceBadOneInFailed() throws IOException {
        Map<String, Reading> journal = new ConcurrentHashMap<>();
        DeviceLink link = new DeviceLink("spiro-1", Connector.messages(() -> new FolderTransport(
                FolderSettings.of(inbox).withPattern("SP80_*.csv").withStableFor(Duration.ofMillis(300))
                        .withPollInterval(Duration.ofMillis(50)))),
                new Sp80Driver(DriverContext.of("spiro-1", ZoneId.of("UTC"))),
                accepted -> accepted.readings().forEach(r -> journal.putIfAbsent(r.key(), r)),
                new LinkListener() { }, LinkSettings.withQuietTime(Duration.ZERO));
        open.add(link);
        link.start();
        Sp80Twin twin = twin(Sp80Twin.builder(inbox).interval(Duration.ofMillis(100)).count(3).badEvery(3)
                .slowWrite(true));

        twin.start();

        await().atMost(Duration.ofSeconds(15)).until(() -> journal.size() == 2
                && Files.exists(inbox.resolve("failed").resolve(twin.exported().getLast().file().getFileName())));
        List<Sp80Twin.Exported> exported = twin.exported();
        assertThat(journal.keySet()).containsExactlyInAnyOrder(exported.get(0).testId(), exported.get(1).testId());
        await().atMost(Duration.ofSeconds(5)).until(() -> Files.exists(
                inbox.resolve("processed").resolve(exported.get(1).file().getFileName())));
        assertThat(files()).as("nothing left in the inbox").isEmpty();
    }

    private Sp80Twin twin(Sp80Twin.Builder builder) {
        Sp80Twin twin = builder.build();
        open.add(twin);
        return twin;
    }

    private List<Path> files() throws IOException {
        try (Stream<Path> files = Files.list(inbox)) {
            return files.filter(Files::isRegularFile).toList();
        }
    }

    private static List<Outcome> driverOutcomes(Path file) throws IOException {
        return new Sp80Driver(DriverContext.of("spiro-1", ZoneId.of("UTC"))).onMessage(new InboundMessage(
                file.getFileName().toString(), Files.readAllBytes(file), Instant.now(), Map.of()));
    }

    private static Reading decode(Path file) throws IOException {
        Outcome last = driverOutcomes(file).getLast();
        assertThat(last).isInstanceOf(Outcome.Accepted.class);
        return ((Outcome.Accepted) last).readings().getFirst();
    }

    private static String text(Measurement m) {
        Value.Quantity q = (Value.Quantity) m.value();
        return m.deviceCode().code() + "=" + q.value().toPlainString() + " " + q.unit();
    }
}
