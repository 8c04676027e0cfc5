package org.smartclinic.drivers.transport.folder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.smartclinic.drivers.Code;
import org.smartclinic.drivers.Measurement;
import org.smartclinic.drivers.Reading;
import org.smartclinic.drivers.Value;
import org.smartclinic.drivers.instrument.spirometry.sp80.Sp80Driver;
import org.smartclinic.drivers.instrument.spirometry.sp80.Sp80Format;
import org.smartclinic.drivers.link.Connector;
import org.smartclinic.drivers.link.DeviceLink;
import org.smartclinic.drivers.link.LinkListener;
import org.smartclinic.drivers.link.LinkSettings;
import org.smartclinic.drivers.link.LinkState;
import org.smartclinic.drivers.link.ReadingSink;
import org.smartclinic.drivers.spi.DriverContext;
import org.smartclinic.drivers.spi.Outcome;

/** A real {@link DeviceLink} with the SP-80 driver over a real export folder: journal first, then the move. */
class FolderLinkTest {

    private static final String DEVICE = "spiro-1";

    @TempDir
    Path inbox;

    private FolderSettings settings;
    private DeviceLink link;

    @BeforeEach
    void settings() {
        settings = FolderSettings.of(inbox).withPattern("SP80_*.csv").withStableFor(Duration.ofMillis(200))
                .withPollInterval(Duration.ofMillis(50));
    }

    @AfterEach
    void close() {
        if (link != null) {
            link.close();
        }
    }

    @Test
    void droppedFile_storedOnceAndMovedToProcessed() throws IOException {
        Journal journal = new Journal(0);
        link = start(journal);

        drop("T-0001");

        await().atMost(Duration.ofSeconds(5)).until(() -> Files.exists(inbox.resolve("processed/SP80_T-0001.csv")));
        assertThat(inbox.resolve("SP80_T-0001.csv")).doesNotExist();
        assertThat(journal.keys()).containsExactly("T-0001");
        assertThat(journal.calls.get()).isEqualTo(1);
        assertThat(link.state()).isEqualTo(LinkState.CONNECTED);
    }

    @Test
    void sinkFailsTheFirstTime_fileStaysThenStoredOnTheRetry() throws IOException {
        Journal journal = new Journal(1);
        link = start(journal);

        drop("T-0002");

        await().atMost(Duration.ofSeconds(5)).until(() -> journal.calls.get() == 1);
        assertThat(inbox.resolve("SP80_T-0002.csv")).as("left in the inbox after the failed store").exists();
        assertThat(journal.keys()).isEmpty();
        await().atMost(Duration.ofSeconds(5)).until(() -> Files.exists(inbox.resolve("processed/SP80_T-0002.csv")));
        assertThat(journal.keys()).containsExactly("T-0002");
        assertThat(journal.calls.get()).isEqualTo(2);
    }

    @Test
    void badFile_endsInFailedWithReasonFile() throws IOException {
        Journal journal = new Journal(0);
        link = start(journal);
        List<String> lines = Sp80Format.lines(export("T-0003"), Sp80Format.Style.WINDOWS);

        Files.write(inbox.resolve("SP80_T-0003.csv"), Sp80Format.encode(lines.subList(0, lines.size() - 1),
                Sp80Format.Style.WINDOWS));

        Path reason = inbox.resolve("failed/SP80_T-0003.csv.reason.txt");
        await().atMost(Duration.ofSeconds(5)).until(() -> Files.exists(reason));
        assertThat(Files.readString(reason)).contains("reason: malformed: no END line: the file is cut short");
        assertThat(inbox.resolve("failed/SP80_T-0003.csv")).exists();
        assertThat(journal.calls.get()).isZero();
    }

    @Test
    void restart_fileJournaledButNotMovedBeforeACrash_processedAndStoredOnce() throws Exception {
        Journal journal = new Journal(0);
        link = start(journal);
        drop("T-0004");
        await().atMost(Duration.ofSeconds(5)).until(() -> Files.exists(inbox.resolve("processed/SP80_T-0004.csv")));
        link.close();

        // The crash: T-0005 reached the journal, then the gateway died before moving the file.
        Path file = drop("T-0005");
        journal.store(new Outcome.Accepted(List.of(Reading.of(DEVICE, "T-0005", null, Instant.now(),
                List.of(Measurement.of(Code.deviceCode("sp80", "FVC", ""), List.of(),
                        new Value.Quantity(BigDecimal.ONE, "L"))))), new byte[0], new byte[0], new byte[0]));
        int callsBefore = journal.calls.get();
        link = start(journal);

        await().atMost(Duration.ofSeconds(5)).until(() -> Files.exists(inbox.resolve("processed/SP80_T-0005.csv")));
        assertThat(file).doesNotExist();
        assertThat(journal.keys()).containsExactlyInAnyOrder("T-0004", "T-0005");
        assertThat(journal.calls.get()).isEqualTo(callsBefore + 1);
    }

    private DeviceLink start(Journal journal) {
        DeviceLink started = new DeviceLink(DEVICE, Connector.messages(() -> new FolderTransport(settings)),
                new Sp80Driver(DriverContext.of(DEVICE, ZoneOffset.UTC)), journal, new LinkListener() { },
                LinkSettings.withQuietTime(Duration.ZERO));
        started.start();
        await().atMost(Duration.ofSeconds(5)).until(() -> started.state() == LinkState.CONNECTED);
        return started;
    }

    private Path drop(String testId) throws IOException {
        return Files.write(inbox.resolve("SP80_" + testId + ".csv"),
                Sp80Format.write(export(testId), Sp80Format.Style.WINDOWS));
    }

    private static Sp80Format.Export export(String testId) {
        return new Sp80Format.Export(Sp80Format.MODEL, "SP80-004512", "3.2.1", testId,
                OffsetDateTime.of(2026, 11, 23, 10, 15, 0, 0, ZoneOffset.ofHours(3)), null, null,
                List.of(Sp80Format.ResultLine.of(Sp80Format.FVC, new BigDecimal("3.85"), new BigDecimal("96"))));
    }

    /** An in-memory journal with the sink's contract: a key stored already is a success that changes nothing. */
    private static final class Journal implements ReadingSink {
        private final Map<String, Reading> stored = new ConcurrentHashMap<>();
        private final AtomicInteger failuresLeft;
        final AtomicInteger calls = new AtomicInteger();

        Journal(int failFirst) {
            failuresLeft = new AtomicInteger(failFirst);
        }

        @Override
        public void store(Outcome.Accepted accepted) throws IOException {
            calls.incrementAndGet();
            if (failuresLeft.getAndDecrement() > 0) {
                throw new IOException("journal full (test)");
            }
            accepted.readings().forEach(r -> stored.putIfAbsent(r.key(), r));
        }

        List<String> keys() {
            return List.copyOf(stored.keySet());
        }
    }
}
