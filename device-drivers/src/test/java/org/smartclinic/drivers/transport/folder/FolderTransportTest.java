package org.smartclinic.drivers.transport.folder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;
import org.smartclinic.drivers.spi.InboundMessage;
import org.smartclinic.drivers.transport.Delivery;
import org.smartclinic.drivers.transport.MessageListener;

/** The folder transport on real temporary folders, with short stability and poll times. */
class FolderTransportTest {

    private static final Duration STABLE_FOR = Duration.ofMillis(300);
    private static final Duration POLL = Duration.ofMillis(50);
    private static final byte[] NONE = new byte[0];

    @TempDir
    Path dir;

    private Path inbox;
    private final Recorder recorder = new Recorder();
    private final List<FolderTransport> transports = new CopyOnWriteArrayList<>();

    @BeforeEach
    void inbox(TestInfo test) throws IOException {
        inbox = Files.createDirectory(dir.resolve("in-" + test.getTestMethod().orElseThrow().getName()));
    }

    @AfterEach
    void closeAll() {
        transports.forEach(FolderTransport::close);
    }

    @Test
    void open_folderMissingOrAFile_failsSayingWhatToFix() throws IOException {
        Path missing = dir.resolve("nope");
        assertThatThrownBy(() -> transport(settings(missing)).open(recorder)).isInstanceOf(IOException.class)
                .hasMessage("export folder " + missing + " missing: create it, or fix the folder path in the device's"
                        + " configuration (smartclinic.devices.<id>.folder.path)");

        Path file = Files.writeString(dir.resolve("file"), "x");
        assertThatThrownBy(() -> transport(settings(file)).open(recorder)).isInstanceOf(IOException.class)
                .hasMessageContaining("is a file, not a folder");
    }

    @Test
    void open_goodFolder_createsProcessedAndFailedAndDescribesItself() throws IOException {
        FolderTransport transport = open(settings(inbox).withPattern("*.csv"));

        assertThat(inbox.resolve("processed")).isDirectory();
        assertThat(inbox.resolve("failed")).isDirectory();
        assertThat(transport.describe()).isEqualTo("folder:" + inbox.toAbsolutePath() + " (*.csv)");
        assertThatThrownBy(() -> transport.open(recorder)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void poll_fileAppendedInStepsOverASecond_handedOverOnlyOnceItStopsGrowing() throws Exception {
        Path file = inbox.resolve("growing.csv");
        StringBuilder written = new StringBuilder();
        ScheduledExecutorService writer = Executors.newSingleThreadScheduledExecutor();
        try {
            // A step every 100 ms keeps the file changing well within stableFor, even on a busy machine.
            Duration stableFor = Duration.ofMillis(400);
            open(settings(inbox).withStableFor(stableFor));
            ScheduledFuture<?> last = null;
            for (int i = 0; i < 11; i++) {
                String chunk = "line " + i + "\n";
                written.append(chunk);
                last = writer.schedule(() -> append(file, chunk), i * 100L, TimeUnit.MILLISECONDS);
            }
            last.get(5, TimeUnit.SECONDS);
            long stoppedGrowing = System.nanoTime();

            assertThat(recorder.messages).as("nothing handed over while the file grew").isEmpty();
            Handed handed = recorder.next();
            assertThat(Duration.ofNanos(System.nanoTime() - stoppedGrowing)).isGreaterThanOrEqualTo(
                    stableFor.minusMillis(60));
            assertThat(new String(handed.message().payload(), StandardCharsets.UTF_8)).isEqualTo(written.toString());
            assertThat(handed.message().source()).isEqualTo("growing.csv");
            assertThat(handed.message().attributes()).containsEntry("file.name", "growing.csv")
                    .containsEntry("file.size", Integer.toString(written.length()))
                    .containsEntry("file.modified", Files.getLastModifiedTime(file).toInstant().toString());
        } finally {
            writer.shutdownNow();
        }
    }

    @Test
    void poll_patternHiddenTemporaryAndFolders_onlyMatchingRegularFilesHandedOver() throws IOException {
        for (String name : List.of("b.txt", ".hidden.csv", "c.csv.tmp", "d.csv.part", "e.csv.PARTIAL", "a.csv")) {
            Files.writeString(inbox.resolve(name), name);
        }
        Files.createDirectory(inbox.resolve("folder.csv"));
        open(settings(inbox).withPattern("*.csv"));

        Handed handed = recorder.next();
        handed.delivery().accept(NONE);

        assertThat(handed.message().source()).isEqualTo("a.csv");
        assertNothingHandedOverFor(STABLE_FOR.multipliedBy(2));
        assertThat(names(inbox)).containsExactlyInAnyOrder("b.txt", ".hidden.csv", "c.csv.tmp", "d.csv.part",
                "e.csv.PARTIAL", "folder.csv", "processed", "failed");
    }

    @Test
    void accept_handedOverFile_movedToProcessedOnceAndNotOfferedAgain() throws IOException {
        Files.writeString(inbox.resolve("a.csv"), "content");
        FolderTransport transport = open(settings(inbox));

        recorder.next().delivery().accept(NONE);

        await().atMost(Duration.ofSeconds(2)).until(() -> Files.exists(inbox.resolve("processed/a.csv")));
        assertThat(inbox.resolve("a.csv")).doesNotExist();
        assertThat(Files.readString(inbox.resolve("processed/a.csv"))).isEqualTo("content");
        assertNothingHandedOverFor(STABLE_FOR.multipliedBy(2));
        assertThat(transport.stats().processed()).isEqualTo(1);
        assertThat(transport.stats().handedOver()).isEqualTo(1);
    }

    @Test
    void reject_handedOverFile_movedToFailedWithReasonFile() throws IOException {
        Files.writeString(inbox.resolve("bad.csv"), "garbage");
        FolderTransport transport = open(settings(inbox));
        Instant before = Instant.now();

        recorder.next().delivery().reject("malformed: line 3: no TEST line", NONE);

        assertThat(inbox.resolve("bad.csv")).doesNotExist();
        assertThat(Files.readString(inbox.resolve("failed/bad.csv"))).isEqualTo("garbage");
        String reason = Files.readString(inbox.resolve("failed/bad.csv.reason.txt"), StandardCharsets.UTF_8);
        assertThat(reason).contains("file: bad.csv\n", "moved to: bad.csv\n",
                "reason: malformed: line 3: no TEST line\n");
        Instant at = Instant.parse(reason.lines().filter(l -> l.startsWith("failed at: ")).findFirst()
                .orElseThrow().substring("failed at: ".length()));
        assertThat(at).isBetween(before, Instant.now());
        assertThat(transport.stats().failed()).isEqualTo(1);
    }

    @Test
    void retry_handedOverFile_leftInPlaceAndOfferedAgainAfterABackoff() throws IOException {
        Files.writeString(inbox.resolve("a.csv"), "content");
        FolderTransport transport = open(settings(inbox));

        recorder.next().delivery().retry("journal full", NONE);
        long retried = System.nanoTime();
        Handed again = recorder.next();

        assertThat(Duration.ofNanos(System.nanoTime() - retried)).isGreaterThanOrEqualTo(StableFiles.FIRST_RETRY);
        assertThat(inbox.resolve("a.csv")).exists();
        assertThat(again.message().source()).isEqualTo("a.csv");
        again.delivery().accept(NONE);
        assertThat(inbox.resolve("processed/a.csv")).exists();
        assertThat(transport.stats().retried()).isEqualTo(1);
        assertThat(transport.stats().handedOver()).isEqualTo(2);
    }

    @Test
    void accept_nameTakenInProcessed_movedWithSuffixNeverOverwriting() throws IOException {
        open(settings(inbox));
        Files.writeString(inbox.resolve("processed/a.csv"), "first");
        Files.writeString(inbox.resolve("processed/a-1.csv"), "second");
        Files.writeString(inbox.resolve("a.csv"), "third");

        recorder.next().delivery().accept(NONE);

        assertThat(Files.readString(inbox.resolve("processed/a.csv"))).isEqualTo("first");
        assertThat(Files.readString(inbox.resolve("processed/a-1.csv"))).isEqualTo("second");
        assertThat(Files.readString(inbox.resolve("processed/a-2.csv"))).isEqualTo("third");
        assertThat(FolderMoves.suffixed("README", 3)).isEqualTo("README-3");
        assertThat(FolderMoves.suffixed("a.b.csv", 1)).isEqualTo("a.b-1.csv");
    }

    @Test
    void poll_fileOverTheSizeLimit_movedToFailedUnreadAndCounted() throws IOException {
        Files.write(inbox.resolve("big.csv"), new byte[101]);
        Files.write(inbox.resolve("small.csv"), new byte[100]);
        FolderTransport transport = open(settings(inbox).withMaxFileSize(100));

        Handed handed = recorder.next();

        assertThat(handed.message().source()).isEqualTo("small.csv");
        await().atMost(Duration.ofSeconds(2)).until(() -> Files.exists(inbox.resolve("failed/big.csv.reason.txt")));
        assertThat(Files.readString(inbox.resolve("failed/big.csv.reason.txt")))
                .contains("reason: file has 101 bytes, more than the limit of 100 bytes (maxFileSize): not read");
        assertThat(transport.stats().oversized()).isEqualTo(1);
        assertThat(transport.stats().handedOver()).isEqualTo(1);
    }

    @Test
    void poll_folderRemoved_onClosedOnceAndPollerStops() throws IOException {
        open(settings(inbox));
        String thread = "folder-" + inbox.getFileName();
        await().atMost(Duration.ofSeconds(2)).until(() -> threadAlive(thread));

        deleteTree(inbox);

        await().atMost(Duration.ofSeconds(2)).until(() -> !recorder.closed.isEmpty());
        // The tree goes in steps (processed/ and failed/ first): the poller may see either stage.
        assertThat(recorder.closed).singleElement().asString()
                .startsWith("export folder " + inbox.toAbsolutePath() + " is gone: ")
                .containsAnyOf("USB stick pulled, share unmounted or folder removed?",
                        "its processed/ or failed/ folder disappeared");
        await().atMost(Duration.ofSeconds(2)).until(() -> !threadAlive(thread));
        assertThat(recorder.closed).hasSize(1);
    }

    @Test
    void close_whileWaitingForFiles_stopsThePollerPromptlyAndIsIdempotent() throws IOException {
        FolderTransport transport = open(settings(inbox).withPollInterval(Duration.ofSeconds(30)));
        String thread = "folder-" + inbox.getFileName();
        assertThat(threadAlive(thread)).isTrue();
        long start = System.nanoTime();

        transport.close();
        transport.close();

        assertThat(threadAlive(thread)).isFalse();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
        assertThat(recorder.closed).as("close is not the folder ending by itself").isEmpty();
    }

    @Test
    void close_fileUnsettled_leftInPlaceAndALateAcceptStillMovesIt() throws IOException {
        Files.writeString(inbox.resolve("a.csv"), "content");
        FolderTransport transport = open(settings(inbox));
        Handed handed = recorder.next();

        transport.close();
        assertThat(inbox.resolve("a.csv")).exists();
        handed.delivery().accept(NONE);
        handed.delivery().reject("second settlement", NONE);

        assertThat(inbox.resolve("processed/a.csv")).exists();
        assertThat(inbox.resolve("failed")).isEmptyDirectory();
    }

    @Test
    void poll_severalFiles_oneAtATimeOldestModifiedFirst() throws IOException {
        Instant now = Instant.now().minusSeconds(60);
        for (String name : List.of("b.csv", "a.csv", "c.csv")) {
            Files.writeString(inbox.resolve(name), name);
        }
        Files.setLastModifiedTime(inbox.resolve("c.csv"), FileTime.from(now));
        Files.setLastModifiedTime(inbox.resolve("a.csv"), FileTime.from(now.plusSeconds(1)));
        Files.setLastModifiedTime(inbox.resolve("b.csv"), FileTime.from(now.plusSeconds(2)));
        open(settings(inbox));

        StringBuilder order = new StringBuilder();
        for (int i = 0; i < 3; i++) {
            Handed handed = recorder.next();
            order.append(handed.message().source()).append(' ');
            assertNothingHandedOverFor(POLL.multipliedBy(4));
            handed.delivery().accept(NONE);
        }

        assertThat(order.toString()).isEqualTo("c.csv a.csv b.csv ");
        assertThat(names(inbox.resolve("processed"))).containsExactlyInAnyOrder("a.csv", "b.csv", "c.csv");
    }

    @Test
    void settings_invalidValues_refusedWithTheReason() {
        assertThatThrownBy(() -> settings(inbox).withPattern("[")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("file pattern '[' is not a valid glob");
        assertThatThrownBy(() -> settings(inbox).withPollInterval(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> settings(inbox).withMaxFileSize(0)).isInstanceOf(IllegalArgumentException.class);
        assertThat(FolderSettings.of(inbox)).isEqualTo(new FolderSettings(inbox, "*", Duration.ofSeconds(2),
                Duration.ofMillis(500), 10L * 1024 * 1024));
        assertThat(StableFiles.backoff(1)).isEqualTo(Duration.ofSeconds(1));
        assertThat(StableFiles.backoff(5)).isEqualTo(Duration.ofSeconds(16));
        assertThat(StableFiles.backoff(6)).isEqualTo(Duration.ofSeconds(30));
        assertThat(StableFiles.backoff(40)).isEqualTo(Duration.ofSeconds(30));
    }

    private FolderSettings settings(Path folder) {
        return FolderSettings.of(folder).withStableFor(STABLE_FOR).withPollInterval(POLL);
    }

    private FolderTransport transport(FolderSettings settings) {
        FolderTransport transport = new FolderTransport(settings);
        transports.add(transport);
        return transport;
    }

    private FolderTransport open(FolderSettings settings) throws IOException {
        FolderTransport transport = transport(settings);
        transport.open(recorder);
        return transport;
    }

    private void assertNothingHandedOverFor(Duration duration) {
        await().during(duration).atMost(duration.plusSeconds(1)).until(recorder.messages::isEmpty);
    }

    private static void append(Path file, String text) {
        try {
            Files.writeString(file, text, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean threadAlive(String name) {
        return Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.getName().equals(name) && t.isAlive());
    }

    private static List<String> names(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(p -> p.getFileName().toString()).toList();
        }
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    /** A message handed over with its delivery. */
    private record Handed(InboundMessage message, Delivery delivery) {
    }

    /** Queues what the transport hands over, as the link's inbox would. */
    private static final class Recorder implements MessageListener {
        final BlockingQueue<Handed> messages = new LinkedBlockingQueue<>();
        final List<String> closed = new CopyOnWriteArrayList<>();

        @Override
        public void onMessage(InboundMessage message, Delivery delivery) {
            messages.add(new Handed(message, delivery));
        }

        @Override
        public void onClosed(String reason) {
            closed.add(reason);
        }

        Handed next() {
            try {
                Handed handed = messages.poll(5, TimeUnit.SECONDS);
                assertThat(handed).as("a file handed over within 5 s").isNotNull();
                return handed;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
