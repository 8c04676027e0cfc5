package org.smartclinic.gateway.journal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How SQLite runs the outbox's delivery queries, on a real journal file with the journal's schema: a page of
 * pending items must come from the pending items' partial index in id order, not from sorting every pending item
 * (which made each page of a 20,000-reading drain read the whole backlog).
 */
class JournalQueryPlanTest {

    @TempDir
    Path dir;

    private JournalDatabase db;

    @BeforeEach
    void open() {
        db = JournalDatabase.open(dir.resolve("data/journal.db"));
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void pendingPage_walksThePendingIndexInIdOrder_noSort() {
        assertThat(plan(JournalRows.OUTBOX_SELECT + " " + OutboxLedger.PENDING_PAGE, 0L, 200))
                .contains("USING INDEX outbox_pending").doesNotContain("TEMP B-TREE");
    }

    @Test
    void oldestPendingAndDueItems_walkThePendingIndex_noSort() {
        assertThat(plan(OutboxLedger.OLDEST_PENDING)).contains("outbox_pending").doesNotContain("TEMP B-TREE");
        assertThat(plan(JournalRows.OUTBOX_SELECT + " " + Journal.DUE_ITEMS, 0L, 10))
                .contains("USING INDEX outbox_pending").doesNotContain("TEMP B-TREE");
    }

    @Test
    void deadLetters_withAnyFilter_walkTheDeadIndexNewestFirst_noSort() {
        for (Outbox.DeadFilter f : List.of(new Outbox.DeadFilter(null, null, null, 50),
                new Outbox.DeadFilter(Outbox.Kind.READING, "bp-1", 900L, 50))) {
            List<Object> args = new ArrayList<>();
            String where = OutboxLedger.deadLetterWhere(f, args);
            assertThat(plan(JournalRows.OUTBOX_SELECT + " " + where, args.toArray()))
                    .contains("USING INDEX outbox_dead").doesNotContain("TEMP B-TREE");
        }
    }

    @Test
    void latestItems_pendingDeadAndSent_needNoSort_theFewOthersAreFoundByState() {
        for (Outbox.State s : Outbox.State.values()) {
            String plan = plan(JournalRows.OUTBOX_SELECT + " " + OutboxLedger.latestItems(s), s.name(), 100);
            switch (s) {
                case PENDING, DEAD -> assertThat(plan).as(s.name()).contains("outbox_" + s.name().toLowerCase())
                        .doesNotContain("TEMP B-TREE");
                case SENT -> assertThat(plan).as(s.name()).doesNotContain("TEMP B-TREE").doesNotContain("INDEX");
                default -> assertThat(plan).as(s.name()).contains("USING INDEX outbox_due (state=?)");
            }
        }
    }

    /** SQLite's plan for {@code sql} with {@code args}, one line per step. */
    private String plan(String sql, Object... args) {
        return db.read(c -> explain(c, sql, args));
    }

    private static String explain(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("EXPLAIN QUERY PLAN " + sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            StringBuilder out = new StringBuilder();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.append(rs.getString("detail")).append('\n');
                }
            }
            return out.toString();
        }
    }
}
