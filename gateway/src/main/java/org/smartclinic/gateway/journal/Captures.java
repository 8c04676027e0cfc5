package org.smartclinic.gateway.journal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import org.smartclinic.gateway.binding.IsoInstant;

/**
 * The raw-capture store: a full copy of the bytes every journaled reading came from (written in the reading's own
 * transaction by {@link Journal#append}), and of rejected input a technician may want to see, kept in the journal
 * database and bounded by total size and age ({@link #prune}). A capture may hold patient data: it is served only
 * to staff, never logged.
 */
public final class Captures {

    /** Kind of a capture whose readings were journaled. */
    public static final String KIND_READING = "reading";
    /** Kind of a capture of input the driver rejected. */
    public static final String KIND_REJECTED = "rejected";

    /**
     * One capture.
     *
     * @param note   for a rejection, its reason code and detail; else null
     * @param bytes  the bytes exactly as received; empty in listings
     */
    public record Capture(long id, String deviceId, String kind, Instant receivedAt, int size, String note,
            byte[] bytes) {
    }

    /** What {@link #prune} removed. */
    public record Pruned(int captures, long bytes) {
    }

    private static final String COLUMNS = "id, device_id, kind, received_at, size, note";

    private final JournalDatabase db;
    private final Clock clock;

    public Captures(JournalDatabase db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    /** Stores the bytes of rejected input (not waited for by callers: it is for the technician, not for safety). */
    public CompletableFuture<Long> recordRejected(String deviceId, Instant receivedAt, String note, byte[] bytes) {
        return db.write(c -> insert(c, new Journal.RawInput(deviceId, receivedAt, bytes), KIND_REJECTED, note));
    }

    /** The newest captures of a device, without their bytes. */
    public List<Capture> list(String deviceId, int limit) {
        return db.read(c -> {
            try (PreparedStatement ps = JournalRows.prepare(c, "SELECT " + COLUMNS + " FROM raw_capture"
                    + " WHERE device_id = ? ORDER BY id DESC LIMIT ?", deviceId, limit);
                    ResultSet rs = ps.executeQuery()) {
                List<Capture> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(capture(rs, new byte[0]));
                }
                return out;
            }
        });
    }

    /**
     * A device's captures with their bytes, oldest first, received at or after {@code since}, of the given kinds,
     * until adding the next would pass {@code maxBytes} (at least one is returned if any matches).
     */
    public List<Capture> export(String deviceId, Set<String> kinds, Instant since, long maxBytes) {
        return db.read(c -> {
            try (PreparedStatement ps = JournalRows.prepare(c, "SELECT " + COLUMNS + ", bytes FROM raw_capture"
                    + " WHERE device_id = ? ORDER BY id", deviceId); ResultSet rs = ps.executeQuery()) {
                List<Capture> out = new ArrayList<>();
                long total = 0;
                while (rs.next()) {
                    Instant at = Instant.parse(rs.getString("received_at"));
                    if (!kinds.contains(rs.getString("kind")) || at.isBefore(since)) {
                        continue;
                    }
                    byte[] bytes = rs.getBytes("bytes");
                    if (!out.isEmpty() && total + bytes.length > maxBytes) {
                        break;
                    }
                    total += bytes.length;
                    out.add(capture(rs, bytes));
                }
                return out;
            }
        });
    }

    /** One capture with its bytes; empty when it never existed or has expired. */
    public Optional<Capture> get(long id) {
        return db.read(c -> {
            try (PreparedStatement ps = JournalRows.prepare(c, "SELECT " + COLUMNS + ", bytes FROM raw_capture"
                    + " WHERE id = ?", id); ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(capture(rs, rs.getBytes("bytes"))) : Optional.empty();
            }
        });
    }

    /** Total bytes held. */
    public long totalBytes() {
        return db.read(Captures::total);
    }

    /**
     * Deletes captures older than {@code maxAge}, then the oldest ones until at most {@code maxBytes} are held.
     * Readings keep their capture id; the API then says the capture expired.
     */
    public CompletableFuture<Pruned> prune(long maxBytes, Duration maxAge) {
        return prune(maxBytes, maxAge, Integer.MAX_VALUE);
    }

    /**
     * {@link #prune(long, Duration)}, deleting at most {@code batch} captures in this one transaction; call again
     * while it removes {@code batch}, so a large backlog never holds the writer long.
     */
    public CompletableFuture<Pruned> prune(long maxBytes, Duration maxAge, int batch) {
        return db.freeRoom(c -> {
            long before = total(c);
            int removed = JournalRows.update(c, "DELETE FROM raw_capture WHERE id IN (SELECT id FROM raw_capture"
                    + " WHERE received_at < ? ORDER BY id LIMIT ?)", clock.instant().minus(maxAge).toString(), batch);
            long total = total(c);
            while (total > maxBytes && removed < batch) {
                int n = JournalRows.update(c, "DELETE FROM raw_capture WHERE id IN (SELECT id FROM raw_capture"
                        + " ORDER BY id LIMIT ?)", Math.min(100, batch - removed));
                if (n == 0) {
                    break;
                }
                removed += n;
                total = total(c);
            }
            return new Pruned(removed, before - total);
        });
    }

    static long insert(Connection c, Journal.RawInput raw, String kind, String note) throws SQLException {
        long id = JournalRows.nextId(c, "raw_capture");
        insert(c, id, raw, kind, note);
        return id;
    }

    /** {@link #insert} as row {@code id}, which the caller took from {@link JournalRows#nextId}. */
    static void insert(Connection c, long id, Journal.RawInput raw, String kind, String note) throws SQLException {
        JournalRows.update(c, "INSERT INTO raw_capture (id, device_id, kind, received_at, size, note, bytes)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?)", id, raw.deviceId(), kind, IsoInstant.of(raw.receivedAt()),
                raw.bytes().length, note, raw.bytes());
    }

    private static long total(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT COALESCE(SUM(size), 0) AS total FROM raw_capture");
                ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong("total");
        }
    }

    private static Capture capture(ResultSet rs, byte[] bytes) throws SQLException {
        return new Capture(rs.getLong("id"), rs.getString("device_id"), rs.getString("kind"),
                Instant.parse(rs.getString("received_at")), rs.getInt("size"), rs.getString("note"), bytes);
    }
}
