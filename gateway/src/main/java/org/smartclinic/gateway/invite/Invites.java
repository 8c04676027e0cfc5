package org.smartclinic.gateway.invite;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import org.smartclinic.gateway.journal.JournalDatabase;
import org.smartclinic.gateway.journal.Outbox;

/**
 * The journal's invites and their accesses. Recording an access also queues its AuditEvent in the outbox, in the
 * same transaction: an access is never kept without its audit being on its way to the EHR, nor audited twice.
 */
public final class Invites {

    /** What an invite is now. */
    public enum Status {
        ACTIVE, EXPIRED, REVOKED
    }

    /**
     * One invite.
     *
     * @param label        the specialist's name or e-mail as the GP wrote it (not PHI, still kept out of warnings)
     * @param createdBy    the GP who made it, when known
     * @param revokedAt    when it was revoked, or null
     * @param revokeReason why, as the GP wrote it
     */
    public record Invite(String id, String examId, String label, Instant createdAt, String createdBy,
            Instant expiresAt, Instant revokedAt, String revokedBy, String revokeReason) {

        /** Revoked wins over expired: it is the act a person chose. */
        public Status status(Instant now) {
            if (revokedAt != null) {
                return Status.REVOKED;
            }
            return now.isBefore(expiresAt) ? Status.ACTIVE : Status.EXPIRED;
        }
    }

    /**
     * One use of a link, granted or refused.
     *
     * @param inviteId null when the token named no invite
     * @param examId   the invite's exam, or null
     * @param access   {@code page}, {@code data} or {@code live}
     * @param refusal  null when granted, else {@code expired}, {@code revoked}, {@code bad-signature},
     *                 {@code wrong-exam}
     * @param address  the client's address, when known
     */
    public record Access(long id, String inviteId, String examId, Instant at, String access, String refusal,
            String address) {
    }

    private final JournalDatabase db;

    public Invites(JournalDatabase db) {
        this.db = db;
    }

    public CompletableFuture<Invite> create(Invite i) {
        return db.write(c -> {
            update(c, "INSERT INTO invite (id, exam_id, label, created_at, created_by, expires_ms) VALUES"
                    + " (?, ?, ?, ?, ?, ?)", i.id(), i.examId(), i.label(), i.createdAt().toString(), i.createdBy(),
                    i.expiresAt().toEpochMilli());
            return one(c, i.id()).orElseThrow();
        });
    }

    public Optional<Invite> get(String id) {
        return db.read(c -> one(c, id));
    }

    /** The exam's invites, newest first. */
    public List<Invite> forExam(String examId) {
        return db.read(c -> invites(c, "WHERE exam_id = ? ORDER BY created_at DESC, id", examId));
    }

    /** Revokes the invite if it is not already (idempotent: the first revocation's who and why stay). */
    public CompletableFuture<Optional<Invite>> revoke(String id, String by, String reason, Instant at) {
        return db.write(c -> {
            update(c, "UPDATE invite SET revoked_at = ?, revoked_by = ?, revoke_reason = ? WHERE id = ?"
                    + " AND revoked_at IS NULL", at.toString(), by, reason, id);
            return one(c, id);
        });
    }

    /** Keeps the access and queues its AuditEvent. */
    public CompletableFuture<Access> record(String inviteId, String examId, Instant at, String access,
            String refusal, String address) {
        return db.write(c -> {
            update(c, "INSERT INTO invite_access (invite_id, exam_id, at, access, refusal, address) VALUES"
                    + " (?, ?, ?, ?, ?, ?)", inviteId, examId, at.toString(), access, refusal, address);
            long id;
            try (PreparedStatement ps = c.prepareStatement("SELECT last_insert_rowid()");
                    ResultSet rs = ps.executeQuery()) {
                rs.next();
                id = rs.getLong(1);
            }
            update(c, "INSERT INTO outbox (kind, reading_id, exam_id, device_id, state, attempts, next_attempt_at,"
                    + " created_at, ref) VALUES (?, NULL, ?, NULL, 'PENDING', 0, 0, ?, ?)",
                    Outbox.Kind.ACCESS_AUDIT.name(), examId, at.toString(), Long.toString(id));
            return accesses(c, "WHERE id = ?", id).getFirst();
        });
    }

    public Optional<Access> access(long id) {
        return db.read(c -> accesses(c, "WHERE id = ?", id).stream().findFirst());
    }

    /** The invite's accesses, oldest first. */
    public List<Access> accesses(String inviteId) {
        return db.read(c -> accesses(c, "WHERE invite_id = ? ORDER BY id", inviteId));
    }

    private static Optional<Invite> one(Connection c, String id) throws SQLException {
        return invites(c, "WHERE id = ?", id).stream().findFirst();
    }

    private static List<Invite> invites(Connection c, String where, Object... args) throws SQLException {
        try (PreparedStatement ps = prepare(c, "SELECT id, exam_id, label, created_at, created_by, expires_ms,"
                + " revoked_at, revoked_by, revoke_reason FROM invite " + where, args);
                ResultSet rs = ps.executeQuery()) {
            List<Invite> out = new ArrayList<>();
            while (rs.next()) {
                String revoked = rs.getString("revoked_at");
                out.add(new Invite(rs.getString("id"), rs.getString("exam_id"), rs.getString("label"),
                        Instant.parse(rs.getString("created_at")), rs.getString("created_by"),
                        Instant.ofEpochMilli(rs.getLong("expires_ms")), revoked == null ? null : Instant.parse(revoked),
                        rs.getString("revoked_by"), rs.getString("revoke_reason")));
            }
            return out;
        }
    }

    private static List<Access> accesses(Connection c, String where, Object... args) throws SQLException {
        try (PreparedStatement ps = prepare(c, "SELECT id, invite_id, exam_id, at, access, refusal, address"
                + " FROM invite_access " + where, args); ResultSet rs = ps.executeQuery()) {
            List<Access> out = new ArrayList<>();
            while (rs.next()) {
                out.add(new Access(rs.getLong("id"), rs.getString("invite_id"), rs.getString("exam_id"),
                        Instant.parse(rs.getString("at")), rs.getString("access"), rs.getString("refusal"),
                        rs.getString("address")));
            }
            return out;
        }
    }

    private static PreparedStatement prepare(Connection c, String sql, Object... args) throws SQLException {
        PreparedStatement ps = c.prepareStatement(sql);
        for (int i = 0; i < args.length; i++) {
            ps.setObject(i + 1, args[i]);
        }
        return ps;
    }

    private static void update(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement ps = prepare(c, sql, args)) {
            ps.executeUpdate();
        }
    }
}
