package org.smartclinic.gateway.invite;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.smartclinic.gateway.journal.JournalDatabase;
import org.smartclinic.gateway.journal.Outbox;

/** The invite tables on a real SQLite journal: revocation is kept once, and every access queues its audit. */
class InvitesTest {

    private static final Instant NOW = Instant.parse("2026-12-03T10:00:00Z");

    @TempDir
    Path dir;

    private JournalDatabase db;
    private Invites invites;

    @BeforeEach
    void open() throws Exception {
        db = JournalDatabase.open(dir.resolve("journal.db"));
        db.write(c -> {
            try (var s = c.createStatement()) {
                s.execute("INSERT INTO exam (id, station, patient_system, patient_value, opened_at) VALUES"
                        + " ('exam-7', 'room-1', 'urn:x', '1', '2026-12-03T09:00:00Z')");
            }
            return null;
        }).join();
        invites = new Invites(db);
        invites.create(new Invites.Invite("inv-1", "exam-7", "Dr. Ivanova", NOW, "gp", NOW.plusSeconds(60), null,
                null, null)).join();
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void revoke_twice_keepsTheFirstWhoAndWhy() {
        invites.revoke("inv-1", "gp", "wrong address", NOW.plusSeconds(1)).join();
        Invites.Invite again = invites.revoke("inv-1", "other", "again", NOW.plusSeconds(2)).join().orElseThrow();

        assertThat(again.revokeReason()).isEqualTo("wrong address");
        assertThat(again.revokedBy()).isEqualTo("gp");
        assertThat(again.status(NOW.plusSeconds(3))).isEqualTo(Invites.Status.REVOKED);
        assertThat(invites.revoke("inv-404", "gp", "x", NOW).join()).isEmpty();
    }

    @Test
    void record_grantedAndRefused_keptInOrderEachWithOnePendingAuditInTheOutbox() {
        invites.record("inv-1", "exam-7", NOW, "page", null, "127.0.0.1").join();
        invites.record("inv-1", "exam-7", NOW.plusSeconds(1), "live", "revoked", null).join();
        invites.record(null, null, NOW.plusSeconds(2), "live", "bad-signature", "10.0.0.9").join();

        List<Invites.Access> accesses = invites.accesses("inv-1");
        assertThat(accesses).extracting(Invites.Access::access, Invites.Access::refusal)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("page", null),
                        org.assertj.core.groups.Tuple.tuple("live", "revoked"));
        List<String> queued = db.read(c -> {
            try (var ps = c.prepareStatement("SELECT kind, state, ref FROM outbox ORDER BY id");
                    var rs = ps.executeQuery()) {
                List<String> out = new java.util.ArrayList<>();
                while (rs.next()) {
                    out.add(rs.getString(1) + "/" + rs.getString(2) + "/" + rs.getString(3));
                }
                return out;
            }
        });
        long first = accesses.getFirst().id();
        assertThat(queued).containsExactly(Outbox.Kind.ACCESS_AUDIT + "/PENDING/" + first,
                Outbox.Kind.ACCESS_AUDIT + "/PENDING/" + (first + 1), Outbox.Kind.ACCESS_AUDIT + "/PENDING/"
                        + (first + 2));
    }

    @Test
    void status_byTime_activeUntilExpiry() {
        Invites.Invite i = invites.get("inv-1").orElseThrow();

        assertThat(i.status(NOW.plusSeconds(59))).isEqualTo(Invites.Status.ACTIVE);
        assertThat(i.status(NOW.plusSeconds(60))).isEqualTo(Invites.Status.EXPIRED);
        assertThat(invites.forExam("exam-7")).extracting(Invites.Invite::id).containsExactly("inv-1");
    }
}
