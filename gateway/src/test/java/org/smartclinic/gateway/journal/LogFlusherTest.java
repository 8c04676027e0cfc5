package org.smartclinic.gateway.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A write is told it is stored only after the write-ahead log holding it was flushed ({@link LogFlusher}), on a real
 * journal file. The tests wrap the real flush ({@code fdatasync} on the log) to hold it back, watch it, or make it
 * fail once: an I/O error on a flush cannot be caused on a healthy disk, so that one failure is simulated, and the
 * rest of each test is the real journal.
 */
class LogFlusherTest {

    @TempDir
    Path dir;

    /** A unit of work that inserts one row: a committed transaction with something in the log. */
    private static CompletableFuture<Integer> insert(JournalDatabase db) {
        return db.write(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO flush_test (pad) VALUES (?)")) {
                ps.setBytes(1, new byte[1024]);
                return ps.executeUpdate();
            }
        });
    }

    /** The journal at {@code file}, its flush wrapped by {@code watch}, with a table of the tests' own. */
    private static JournalDatabase open(Path file, UnaryOperator<LogFlusher.Flush> watch) {
        JournalDatabase db = JournalDatabase.open(file, JournalDatabase.Limits.DEFAULT, watch);
        db.write(c -> {
            try (Statement s = c.createStatement()) {
                return s.executeUpdate("CREATE TABLE flush_test (pad BLOB)");
            }
        }).join();
        return db;
    }

    /** Waits, without a timer, until {@code hold} is counted down (at most 30 s, then the flush fails). */
    private static void release(CountDownLatch hold) throws IOException {
        try {
            if (!hold.await(30, TimeUnit.SECONDS)) {
                throw new IOException("the test never released the flush");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    @Test
    void write_isToldStoredOnlyAfterTheLogHoldingItWasFlushed() throws Exception {
        CountDownLatch hold = new CountDownLatch(1);
        AtomicBoolean holding = new AtomicBoolean();
        AtomicBoolean flushed = new AtomicBoolean();
        try (JournalDatabase db = open(dir.resolve("journal.db"), real -> () -> {
            if (holding.get()) {
                release(hold);
            }
            real.force();
            flushed.set(holding.get());
        })) {
            holding.set(true);
            long before = db.activity().commits();
            CompletableFuture<Boolean> flushedWhenTold = insert(db).thenApply(x -> flushed.get());

            await().atMost(Duration.ofSeconds(10)).until(() -> db.activity().commits() > before);
            assertThat(flushedWhenTold).as("committed, but not yet on the disk: not told").isNotDone();

            hold.countDown();
            assertThat(flushedWhenTold.get(10, TimeUnit.SECONDS)).as("told after the real flush returned").isTrue();
            assertThat(db.activity().flushes()).isPositive();
        }
    }

    @Test
    void writesCommittedDuringAFlush_oneFlushCoversThemAll() throws Exception {
        CountDownLatch hold = new CountDownLatch(1);
        AtomicInteger flushes = new AtomicInteger();
        AtomicBoolean holding = new AtomicBoolean();
        try (JournalDatabase db = open(dir.resolve("journal.db"), real -> () -> {
            flushes.incrementAndGet();
            if (holding.getAndSet(false)) {
                release(hold);
            }
            real.force();
        })) {
            long commits = db.activity().commits();
            flushes.set(0);
            holding.set(true);

            List<CompletableFuture<Integer>> writes = new ArrayList<>();
            writes.add(insert(db));
            await().atMost(Duration.ofSeconds(10)).until(() -> flushes.get() == 1);
            for (int i = 0; i < 3; i++) {
                writes.add(insert(db));
                long n = commits + 2 + i;
                await().atMost(Duration.ofSeconds(10)).until(() -> db.activity().commits() >= n);
            }
            assertThat(writes).as("the first flush is held: nothing is told").noneMatch(CompletableFuture::isDone);

            hold.countDown();
            CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
            assertThat(db.activity().commits() - commits).isEqualTo(4);
            assertThat(flushes.get()).as("the held flush, then one for the three commits behind it").isEqualTo(2);
        }
    }

    @Test
    void flushFails_theWritesItCoveredFail_healthSaysWhy_aFlushedProbeRestoresIt() {
        AtomicBoolean failNext = new AtomicBoolean();
        try (JournalDatabase db = open(dir.resolve("journal.db"), real -> () -> {
            if (failNext.getAndSet(false)) {
                throw new IOException("Input/output error");
            }
            real.force();
        })) {
            insert(db).join();
            assertThat(db.writeHealth().ok()).isTrue();

            failNext.set(true);
            assertThatThrownBy(() -> insert(db).join()).isInstanceOf(CompletionException.class)
                    .hasCauseInstanceOf(JournalException.class)
                    .hasMessageContaining("the disk did not confirm the journal's write (Input/output error)");
            assertThat(db.writeHealth().ok()).as("readiness goes down").isFalse();
            assertThat(db.writeHealth().failure()).contains("did not confirm");

            insert(db).join();
            assertThat(db.writeHealth().ok()).as("an ordinary write proves nothing").isFalse();
            db.probe().join();
            assertThat(db.writeHealth().ok()).as("the probe, flushed, proves the journal writable").isTrue();
            int rows = db.read(c -> {
                try (var rs = c.createStatement().executeQuery("SELECT count(*) FROM flush_test")) {
                    rs.next();
                    return rs.getInt(1);
                }
            });
            assertThat(rows).as("the row whose flush failed was committed all the same (its device sends it again)")
                    .isEqualTo(3);
        }
    }
}
