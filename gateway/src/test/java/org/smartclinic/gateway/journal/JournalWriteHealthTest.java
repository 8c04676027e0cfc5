package org.smartclinic.gateway.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletionException;

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
}
