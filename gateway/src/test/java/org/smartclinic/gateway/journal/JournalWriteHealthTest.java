package org.smartclinic.gateway.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The journal knows when it cannot write, on a real SQLite file that fills up: SQLite's own size limit
 * ({@code max_page_count}) fails writes exactly as a full disk does (SQLITE_FULL), which no test can safely do to
 * this machine's disk.
 */
class JournalWriteHealthTest {

    @TempDir
    Path dir;

    @Test
    void append_journalFull_failsAndWriteHealthSaysWhyUntilAProbeSucceeds() {
        JournalDatabase db = JournalDatabase.open(dir.resolve("journal.db"), 512 * 1024);
        try {
            Journal journal = new Journal(db, Clock.systemUTC(), org.smartclinic.gateway.binding.BindingPolicy.defaults());
            assertThat(db.writeHealth().ok()).isTrue();

            assertThatThrownBy(() -> {
                for (int i = 0; i < 2_000; i++) {
                    journal.append("room-1", List.of(JournalTest.reading("bp-1", i)),
                            new Journal.RawInput("bp-1", Instant.now(), new byte[4096])).join();
                }
            }).isInstanceOf(CompletionException.class).hasMessageContaining("full");

            assertThat(db.writeHealth().ok()).isFalse();
            assertThat(db.writeHealth().failure()).contains("full").contains("smartclinic.journal.max-size");
            assertThatThrownBy(() -> journal.append("room-1", List.of(JournalTest.reading("bp-1", 9_999)),
                    new Journal.RawInput("bp-1", Instant.now(), new byte[4096])).join())
                    .isInstanceOf(CompletionException.class);
            assertThat(db.writerAlive()).as("the writer survives a full journal").isTrue();
            db.write(c -> 0).join();
            new ExamRecords(db, Clock.systemUTC()).closeOverdue().join();
            assertThat(db.writeHealth().ok()).as("a commit that wrote nothing proves nothing").isFalse();

            new Captures(db, Clock.systemUTC()).prune(0, Duration.ofDays(1)).join();
            db.probe().join();
            assertThat(db.writeHealth().ok()).as("writes work again once space was freed").isTrue();
        } finally {
            db.close();
        }
    }

    /**
     * The bug this pins: in a full journal an insert fails with SQLITE_FULL and SQLite rolls back the whole
     * transaction, so a retention delete group-committed with a device's insert was lost each time, and a journal
     * with a device still sending never got room back. The writer is held so that the failing insert, the prune
     * and a second insert are queued together behind it and land in one batch.
     */
    @Test
    void prune_queuedWithInsertsIntoAFullJournal_commitsAloneAndTheNextInsertFits() throws Exception {
        JournalDatabase db = JournalDatabase.open(dir.resolve("journal.db"), 256 * 1024);
        try {
            Journal journal = new Journal(db, Clock.systemUTC(), org.smartclinic.gateway.binding.BindingPolicy.defaults());
            Captures captures = new Captures(db, Clock.systemUTC());
            Instant old = Instant.now().minus(Duration.ofDays(60));
            assertThatThrownBy(() -> {
                for (int i = 0; i < 1_000; i++) {
                    captures.recordRejected("bp-1", old, "flood", new byte[4096]).join();
                }
            }).hasMessageContaining("full");

            CountDownLatch hold = new CountDownLatch(1);
            db.write(c -> {
                try {
                    return hold.await(30, java.util.concurrent.TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });
            CompletableFuture<Journal.AppendResult> first = journal.append("room-1", List.of(JournalTest.reading("bp-1", 1)),
                    new Journal.RawInput("bp-1", Instant.now(), new byte[16 * 1024]));
            CompletableFuture<Captures.Pruned> pruned = captures.prune(0, Duration.ofDays(1), 10_000);
            CompletableFuture<Journal.AppendResult> fits = journal.append("room-1", List.of(JournalTest.reading("bp-1", 2)),
                    new Journal.RawInput("bp-1", Instant.now(), new byte[16 * 1024]));
            hold.countDown();

            assertThat(pruned.join().captures()).as("the prune committed despite the full batch").isPositive();
            assertThat(fits.join()).as("the insert after it found room").isNotNull();
            assertThat(first.join()).as("the first insert, queued before the prune, was stored after it").isNotNull();
        } finally {
            db.close();
        }
    }
}
