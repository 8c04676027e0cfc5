package org.smartclinic.gateway.journal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.smartclinic.drivers.Reading;
import org.smartclinic.fhir.PatientIdentifier;
import org.smartclinic.gateway.binding.BindingPolicy;
import org.smartclinic.gateway.binding.MutableClock;

/**
 * On a real SQLite file: several inputs of one device in one transaction, the bounded write queue, and retention
 * of delivered outbox rows and raw captures in small batches that never touches what is not delivered.
 */
class JournalBatchAndRetentionTest {

    private static final PatientIdentifier PATIENT = new PatientIdentifier("urn:oid:1.2.643.100.3", "123-456-789 00");

    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-23T10:00:00Z"));
    private final List<JournalDatabase> open = new ArrayList<>();

    @AfterEach
    void close() {
        open.forEach(JournalDatabase::close);
    }

    private JournalDatabase open(JournalDatabase.Limits limits) {
        JournalDatabase db = JournalDatabase.open(dir.resolve("journal.db"), limits);
        open.add(db);
        return db;
    }

    private static Journal.Input input(int seq) {
        return new Journal.Input(List.of(JournalTest.reading("bp-1", seq)),
                new Journal.RawInput("bp-1", Instant.parse("2026-11-23T10:15:00Z"), new byte[] {(byte) seq}));
    }

    private static long count(JournalDatabase db, String sql) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    @Test
    void appendAll_threeInputsOneAlreadyStored_oneTransactionStoresTheNewOnesWithTheirCaptures() {
        JournalDatabase db = open(JournalDatabase.Limits.DEFAULT);
        Journal journal = new Journal(db, clock, BindingPolicy.defaults());
        journal.appendAll("room-1", List.of(input(1))).join();

        Journal.AppendResult r = journal.appendAll("room-1", List.of(input(1), input(2), input(3))).join();

        assertThat(r.stored()).isEqualTo(2);
        assertThat(r.duplicates()).isEqualTo(1);
        assertThat(count(db, "SELECT COUNT(*) FROM reading")).isEqualTo(3);
        assertThat(count(db, "SELECT COUNT(*) FROM raw_capture")).as("the duplicate's bytes are not kept")
                .isEqualTo(3);
        assertThat(count(db, "SELECT COUNT(DISTINCT capture_id) FROM reading")).isEqualTo(3);
    }

    @Test
    void appendAll_oneInputOf150WithAKeyTwice_storedOnceEach_freshInJournalOrder() {
        JournalDatabase db = open(JournalDatabase.Limits.DEFAULT);
        Journal journal = new Journal(db, clock, BindingPolicy.defaults());
        List<Reading> batch = new ArrayList<>();
        List<String> keys = new ArrayList<>();
        for (int seq = 1; seq <= 150; seq++) {
            batch.add(JournalTest.reading("bp-1", seq));
            keys.add(batch.getLast().key());
        }
        batch.add(JournalTest.reading("bp-1", 7));

        Journal.AppendResult r = journal.appendAll("room-1", List.of(new Journal.Input(batch,
                new Journal.RawInput("bp-1", Instant.parse("2026-11-23T10:15:00Z"), new byte[] {1})))).join();

        assertThat(r.stored()).isEqualTo(150);
        assertThat(r.duplicates()).as("the key sent twice in the batch").isEqualTo(1);
        assertThat(r.unassigned()).as("no exam open").isEqualTo(150);
        assertThat(count(db, "SELECT COUNT(DISTINCT capture_id) FROM reading")).as("one message, one capture")
                .isEqualTo(1);
        assertThat(r.fresh()).extracting(s -> s.reading().key()).as("the new ones, in journal order")
                .containsExactlyElementsOf(keys);
        assertThat(r.fresh()).extracting(StoredReading::id).isSorted().doesNotHaveDuplicates();
    }

    @Test
    void write_queueFullLongerThanTheWait_failsWithTheReasonAndLaterWritesSucceed() throws Exception {
        JournalDatabase db = open(new JournalDatabase.Limits(0, 2, Duration.ofMillis(100)));
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<Integer> blocking = holdWriter(db, release, 1);
        CompletableFuture<Integer> queued = db.write(c -> 2);

        CompletableFuture<Integer> refused = db.write(c -> 3);

        assertThat(refused).failsWithin(Duration.ofSeconds(5)).withThrowableThat()
                .withMessageContaining("not keeping up");
        release.countDown();
        assertThat(blocking.join() + queued.join()).isEqualTo(3);
        assertThat(db.write(c -> 4).join()).isEqualTo(4);
        // The writer gives the room back just after it completes the batch's futures.
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> db.queued() == 0);
    }

    @Test
    void append_oneOfABatchFails_itFailsAloneTheOthersCommitOnceInOneTransaction() throws Exception {
        JournalDatabase db = open(JournalDatabase.Limits.DEFAULT);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<Integer> blocking = holdWriter(db, release, 0);
        List<Integer> told = new CopyOnWriteArrayList<>();
        CompletableFuture<Integer> first = db.append(c -> insertProbe(c, "first"), told::add);
        CompletableFuture<Integer> failing = db.append(c -> {
            insertProbe(c, "failing");
            throw new IllegalStateException("a bug in one append");
        }, told::add);
        CompletableFuture<Integer> third = db.append(c -> insertProbe(c, "third"), told::add);
        long commitsBefore = db.activity().commits();

        release.countDown();

        assertThat(blocking.join()).isZero();
        assertThat(first.join() + third.join()).isEqualTo(2);
        assertThat(failing).failsWithin(Duration.ofSeconds(5)).withThrowableThat()
                .withMessageContaining("a bug in one append");
        assertThat(count(db, "SELECT COUNT(*) FROM probe WHERE written_at IN ('first', 'third')")).isEqualTo(2);
        assertThat(count(db, "SELECT COUNT(*) FROM probe WHERE written_at = 'failing'")).isZero();
        assertThat(told).as("each stored append told once, after its commit").containsExactly(1, 1);
        assertThat(db.activity().commits() - commitsBefore)
                .as("the blocking write's, then one for the three appends")
                .isEqualTo(2);
    }

    @Test
    void append_probeQueuedWithAppendsOneFailing_probeAndTheOtherAppendsCommitInOneTransaction() throws Exception {
        // A probe used to send the appends queued with it through a savepoint each; now they commit without, and
        // a failing append still fails alone when the batch runs again with savepoints.
        JournalDatabase db = open(JournalDatabase.Limits.DEFAULT);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<Integer> blocking = holdWriter(db, release, 0);
        List<Integer> told = new CopyOnWriteArrayList<>();
        CompletableFuture<Integer> first = db.append(c -> insertProbe(c, "first"), told::add);
        CompletableFuture<Integer> probe = db.probe();
        CompletableFuture<Integer> failing = db.append(c -> {
            insertProbe(c, "failing");
            throw new IllegalStateException("a bug in one append");
        }, told::add);
        CompletableFuture<Integer> last = db.append(c -> insertProbe(c, "last"), told::add);
        long commitsBefore = db.activity().commits();

        release.countDown();

        assertThat(blocking.join()).isZero();
        assertThat(first.join() + last.join()).isEqualTo(2);
        assertThat(probe).as("the probe deletes its own row and the appends' rows: they share the probe table")
                .succeedsWithin(Duration.ofSeconds(5)).isEqualTo(2);
        assertThat(failing).failsWithin(Duration.ofSeconds(5)).withThrowableThat()
                .withMessageContaining("a bug in one append");
        assertThat(count(db, "SELECT COUNT(*) FROM probe WHERE written_at = 'last'")).isEqualTo(1);
        assertThat(count(db, "SELECT COUNT(*) FROM probe")).as("'first' went with the probe's delete").isEqualTo(1);
        assertThat(told).containsExactly(1, 1);
        assertThat(db.activity().commits() - commitsBefore)
                .as("the blocking write's, then one for the probe and the appends")
                .isEqualTo(2);
        assertThat(db.writeHealth().ok()).isTrue();
    }

    /** A write that keeps the writer thread busy until {@code release}, then returns {@code value}; once running. */
    private static CompletableFuture<Integer> holdWriter(JournalDatabase db, CountDownLatch release, int value)
            throws InterruptedException {
        CountDownLatch running = new CountDownLatch(1);
        CompletableFuture<Integer> blocking = db.write(c -> {
            running.countDown();
            awaitQuietly(release);
            return value;
        });
        assertThat(running.await(5, TimeUnit.SECONDS)).isTrue();
        return blocking;
    }

    private static int insertProbe(Connection c, String tag) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO probe (written_at) VALUES (?)")) {
            ps.setString(1, tag);
            return ps.executeUpdate();
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void deleteDelivered_sentAndCancelledOlderThanTheCutoff_deletedInBatchesPendingAndDeadKept() {
        JournalDatabase db = open(JournalDatabase.Limits.DEFAULT);
        Journal journal = new Journal(db, clock, BindingPolicy.defaults());
        new ExamRecords(db, clock).open("room-1", null, PATIENT, null, Duration.ofHours(4)).join();
        clock.set(Instant.parse("2026-11-23T10:15:00Z"));
        for (int i = 1; i <= 7; i++) {
            journal.append("room-1", List.of(JournalTest.reading("bp-1", i))).join();
        }
        List<Outbox.Item> items = journal.dueOutbox(Instant.now(), 100).stream()
                .filter(i -> i.kind() == Outbox.Kind.READING).toList();
        assertThat(items).hasSize(7);
        for (int i = 0; i < 5; i++) {
            journal.markSent(items.get(i).id(), List.of("Observation/" + i)).join();
        }
        journal.markDead(items.get(5).id(), "refused (test)").join();
        long pendingBefore = count(db, "SELECT COUNT(*) FROM outbox WHERE state = 'PENDING'");
        OutboxRetention retention = new OutboxRetention(db);

        assertThat(retention.deleteDelivered(Instant.parse("2026-11-23T10:00:00Z"), 2).join())
                .as("nothing was delivered before the cut-off").isZero();
        List<Integer> batches = new ArrayList<>();
        int n;
        do {
            n = retention.deleteDelivered(Instant.parse("2026-11-24T00:00:00Z"), 2).join();
            batches.add(n);
        } while (n == 2);

        assertThat(batches).containsExactly(2, 2, 1);
        assertThat(count(db, "SELECT COUNT(*) FROM outbox WHERE state = 'SENT'")).isZero();
        assertThat(count(db, "SELECT COUNT(*) FROM outbox WHERE state = 'DEAD'")).isEqualTo(1);
        assertThat(count(db, "SELECT COUNT(*) FROM outbox WHERE state = 'PENDING'")).isEqualTo(pendingBefore);
        assertThat(count(db, "SELECT COUNT(*) FROM reading")).as("readings are kept").isEqualTo(7);
    }

    @Test
    void pruneCaptures_inBatches_removesOnlyTheOldOnesABatchAtATime() {
        JournalDatabase db = open(JournalDatabase.Limits.DEFAULT);
        Captures captures = new Captures(db, clock);
        for (int i = 0; i < 5; i++) {
            captures.recordRejected("bp-1", Instant.parse("2026-10-01T00:00:00Z"), "old", new byte[10]).join();
        }
        captures.recordRejected("bp-1", clock.instant(), "new", new byte[10]).join();

        Captures.Pruned first = captures.prune(1_000_000, Duration.ofDays(30), 3).join();
        Captures.Pruned second = captures.prune(1_000_000, Duration.ofDays(30), 3).join();

        assertThat(first.captures()).isEqualTo(3);
        assertThat(second.captures()).isEqualTo(2);
        assertThat(captures.list("bp-1", 10)).singleElement()
                .satisfies(c -> assertThat(c.note()).isEqualTo("new"));
    }

    @Test
    void fullJournal_retentionFreesRoom_writesSucceedAgain() {
        JournalDatabase db = open(new JournalDatabase.Limits(256 * 1024, 100, Duration.ofSeconds(1)));
        Captures captures = new Captures(db, clock);
        int stored = 0;
        try {
            while (stored < 1000) {
                captures.recordRejected("bp-1", Instant.parse("2026-10-01T00:00:00Z"), "flood", new byte[4096]).join();
                stored++;
            }
        } catch (CompletionException full) {
            assertThat(full).hasMessageContaining("full");
        }
        assertThat(stored).as("the journal filled up").isLessThan(1000);
        assertThat(db.writeHealth().ok()).isFalse();

        int removed;
        do {
            removed = captures.prune(Long.MAX_VALUE, Duration.ofDays(30), 10).join().captures();
        } while (removed == 10);

        assertThat(db.probe()).succeedsWithin(Duration.ofSeconds(5));
        assertThat(db.writeHealth().ok()).isTrue();
    }
}
