package org.smartclinic.gateway.journal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

import org.smartclinic.drivers.Reading;
import org.smartclinic.gateway.binding.Binder;
import org.smartclinic.gateway.binding.BindingPolicy;
import org.smartclinic.gateway.binding.BindingState;

/**
 * The gateway's durable state: readings (with the raw bytes they came from and their binding), and the outbox of
 * what the EHR has yet to accept. Writes return futures that complete once committed to disk; reads see what was
 * committed. Exams, patients, device placements, corrections, raw captures and device facts have their own classes
 * ({@link ExamRecords}, {@link PatientRecords}, {@link Placements}, {@link Corrections}, {@link Captures},
 * {@link DeviceRecords}) on the same database.
 */
public final class Journal {

    /**
     * What {@link #append} did.
     *
     * @param bound     new readings bound and queued for upload (or awaiting review)
     * @param captureId the raw capture stored with the new readings; null when nothing new was stored
     * @param fresh     the new readings as stored, in journal order (what reading them back would give)
     */
    public record AppendResult(int stored, int duplicates, int bound, int held, int unassigned, Long captureId,
            List<StoredReading> fresh) {
    }

    /**
     * The exact bytes readings came from, stored in the same transaction as the readings.
     *
     * @param receivedAt when they arrived
     */
    public record RawInput(String deviceId, Instant receivedAt, byte[] bytes) {
    }

    /** Filter of {@link #readings}; null or empty fields do not filter. */
    public record ReadingQuery(int limit, String deviceId, String examId, Set<BindingState> states) {
    }

    static final String DUE_ITEMS = JournalRows.PENDING_ITEMS + " AND o.next_attempt_at <= ? ORDER BY o.id LIMIT ?";

    private final JournalDatabase db;
    private final Clock clock;
    private final BindingPolicy policy;
    private final Binder binder;
    private volatile Consumer<List<StoredReading>> stored = fresh -> {
    };
    private final FactsCache facts;

    public Journal(JournalDatabase db, Clock clock, BindingPolicy policy) {
        this.db = db;
        this.clock = clock;
        this.policy = policy;
        this.binder = new Binder(policy.tolerance());
        this.facts = new FactsCache(db, policy);
    }

    public BindingPolicy policy() {
        return policy;
    }

    public JournalDatabase database() {
        return db;
    }

    /** {@link #append(String, List, RawInput)} without raw bytes. */
    public CompletableFuture<AppendResult> append(String station, List<Reading> readings) {
        return append(station, readings, null);
    }

    /**
     * Stores readings of one device with the raw bytes they came from, and binds each new one by the rules of
     * {@link Binder}: bound readings are queued for upload, the rest wait for a person. A reading already stored
     * (same device and key) is a duplicate: counted, not stored again; when every reading is a duplicate the raw
     * bytes are not kept either.
     *
     * @param configuredStation the device's station in the configuration: where it is taken to have always been
     *                          when the journal has no record of where it was (see {@link Placements})
     * @param raw               the bytes the readings came from, or null
     */
    public CompletableFuture<AppendResult> append(String configuredStation, List<Reading> readings, RawInput raw) {
        return appendAll(configuredStation, List.of(new Input(readings, raw)));
    }

    /**
     * Readings of one device with the raw bytes they came from (null if none).
     */
    public record Input(List<Reading> readings, RawInput raw) {
    }

    /**
     * {@link #append} for several inputs of one device that arrived together, in order, in one transaction: one
     * disk flush for all of them. The result adds them up; its capture is the last one stored.
     */
    public CompletableFuture<AppendResult> appendAll(String configuredStation, List<Input> inputs) {
        // Encoded here, on the caller's thread: the writer thread is the one every device waits for.
        List<List<ReadingAppend.Encoded>> encoded = new ArrayList<>(inputs.size());
        for (Input in : inputs) {
            encoded.add(in.readings().stream().map(ReadingAppend.Encoded::of).toList());
        }
        // And judged here, from what the writer last knew of the device; the writer checks each still holds.
        List<BindingAhead.Judged> ahead = BindingAhead.judge(facts, inputs, encoded, binder, policy);
        return db.append(c -> {
            ReadingAppend append = new ReadingAppend(c, policy, binder, configuredStation, clock.instant(), facts);
            int[] byState = new int[BindingState.values().length];
            List<StoredReading> fresh = new ArrayList<>();
            int stored = 0;
            int total = 0;
            Long lastCapture = null;
            long nextCapture = -1;
            int k = 0;
            for (int i = 0; i < inputs.size(); i++) {
                Input in = inputs.get(i);
                Long capture = null;
                if (in.raw() != null) {
                    nextCapture = nextCapture < 0 ? JournalRows.nextId(c, "raw_capture") : nextCapture;
                    capture = nextCapture++;
                    Captures.insert(c, capture, in.raw(), Captures.KIND_READING, null);
                }
                int before = stored;
                for (StoredReading s : append.storeAll(in.readings(), encoded.get(i), capture, ahead, k)) {
                    byState[s.binding().state().ordinal()]++;
                    fresh.add(s);
                    stored++;
                }
                k += in.readings().size();
                total += in.readings().size();
                if (stored == before && capture != null) {
                    JournalRows.update(c, "DELETE FROM raw_capture WHERE id = ?", capture);
                } else if (capture != null) {
                    lastCapture = capture;
                }
            }
            append.finish();
            return new AppendResult(stored, total - stored,
                    byState[BindingState.BOUND.ordinal()] + byState[BindingState.REVIEW.ordinal()],
                    byState[BindingState.HELD.ordinal()], byState[BindingState.UNASSIGNED.ordinal()], lastCapture,
                    fresh);
        }, r -> {
            if (!r.fresh().isEmpty()) {
                stored.accept(r.fresh());
            }
        });
    }

    /**
     * Tells {@code listener} every batch of newly stored readings, as stored, on the journal's writer thread right
     * after their commit and before anything later commits (so in commit order); it must only hand them on, never
     * wait. One listener (the live feed); a second call replaces the first.
     */
    public void onStored(Consumer<List<StoredReading>> listener) {
        this.stored = listener;
    }

    /** Most recent first. */
    public List<StoredReading> readings(ReadingQuery q) {
        return db.read(c -> {
            StringBuilder where = new StringBuilder("WHERE 1 = 1");
            List<Object> args = new ArrayList<>();
            if (q.deviceId() != null) {
                where.append(" AND r.device_id = ?");
                args.add(q.deviceId());
            }
            if (q.examId() != null) {
                where.append(" AND r.exam_id = ?");
                args.add(q.examId());
            }
            if (q.states() != null && !q.states().isEmpty()) {
                where.append(" AND r.binding_state IN (").append(String.join(", ",
                        q.states().stream().map(x -> "'" + x.name() + "'").toList())).append(")");
            }
            where.append(" ORDER BY r.id DESC LIMIT ?");
            args.add(q.limit());
            return JournalRows.storedReadings(c, where.toString(), args.toArray());
        });
    }

    public Optional<StoredReading> reading(long id) {
        return db.read(c -> JournalRows.storedReadings(c, "WHERE r.id = ?", id).stream().findFirst());
    }

    /** Pending items whose next attempt is due, oldest first. */
    public List<Outbox.Item> dueOutbox(Instant now, int limit) {
        return db.read(c -> JournalRows.outboxItems(c, DUE_ITEMS, now.toEpochMilli(), limit));
    }

    public Map<Outbox.State, Long> outboxCounts() {
        return db.read(c -> {
            Map<Outbox.State, Long> counts = new EnumMap<>(Outbox.State.class);
            for (Outbox.State s : Outbox.State.values()) {
                counts.put(s, 0L);
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT state, COUNT(*) AS n FROM outbox GROUP BY state");
                    ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    counts.put(Outbox.State.valueOf(rs.getString("state")), rs.getLong("n"));
                }
            }
            return counts;
        });
    }

    /** {@link OutboxLedger#markSent} of one item. */
    public CompletableFuture<Integer> markSent(long outboxId, List<String> serverIds) {
        return new OutboxLedger(this).markSent(Map.of(outboxId, serverIds), clock.instant());
    }

    /** {@link OutboxLedger#markRetry} of one item. */
    public CompletableFuture<Integer> markRetry(long outboxId, Instant nextAttempt, String error) {
        return new OutboxLedger(this).markRetry(List.of(outboxId), clock.instant(), nextAttempt, error);
    }

    /** {@link OutboxLedger#markDead} without an OperationOutcome. */
    public CompletableFuture<Integer> markDead(long outboxId, String error) {
        return new OutboxLedger(this).markDead(outboxId, clock.instant(), error, null);
    }

    /** Puts a dead item back in line; returns 1 if it was dead, 0 otherwise. */
    public CompletableFuture<Integer> replay(long outboxId) {
        // A fresh start: the attempt limit counts again from zero, as after the fix it should.
        return db.write(c -> JournalRows.update(c, "UPDATE outbox SET state = 'PENDING', next_attempt_at = ?,"
                + " attempts = 0, first_attempt_ms = NULL, dead_at = NULL WHERE id = ? AND state = 'DEAD'",
                clock.instant().toEpochMilli(), outboxId));
    }

    /**
     * The Observations the EHR holds for the exam's bound readings, as it named them ({@code Observation/12}), in
     * reading order: what its DiagnosticReport lists.
     */
    public List<String> uploadedObservations(String examId) {
        return db.read(c -> {
            List<String> out = new ArrayList<>();
            try (PreparedStatement ps = JournalRows.prepare(c, """
                    SELECT o.server_ids FROM reading r JOIN outbox o ON o.id = (SELECT MAX(u.id) FROM outbox u
                        WHERE u.reading_id = r.id AND u.kind = 'READING' AND u.ref = CAST(r.binding_version AS TEXT))
                    WHERE r.exam_id = ? AND r.binding_state = 'BOUND' AND o.state = 'SENT' ORDER BY r.id""", examId);
                    ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    for (String id : rs.getString(1).split(",")) {
                        if (id.startsWith("Observation/")) {
                            out.add(id);
                        }
                    }
                }
            }
            return out;
        });
    }

    /** Whether an item of {@code kind} for the exam was delivered before item {@code beforeId}. */
    public boolean deliveredBefore(Outbox.Kind kind, String examId, long beforeId) {
        return db.read(c -> {
            try (PreparedStatement ps = JournalRows.prepare(c, "SELECT 1 FROM outbox WHERE kind = ? AND exam_id = ?"
                    + " AND state = 'SENT' AND id < ?", kind.name(), examId, beforeId); ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        });
    }

    /** Marks an item that must no longer be sent (its reading is no longer bound as it was). */
    public CompletableFuture<Integer> markCancelled(long outboxId, String why) {
        return db.write(c -> JournalRows.update(c, "UPDATE outbox SET state = 'CANCELLED', last_error = ?"
                + " WHERE id = ? AND state = 'PENDING'", why, outboxId));
    }

    static void enqueue(Connection c, Outbox.Kind kind, Long readingId, String examId, String deviceId, String now)
            throws SQLException {
        enqueue(c, kind, readingId, examId, deviceId, now, null);
    }

    static void enqueue(Connection c, Outbox.Kind kind, Long readingId, String examId, String deviceId, String now,
            String ref) throws SQLException {
        // A READING item carries its reading's device: delivery keeps each device's readings in order.
        JournalRows.update(c, "INSERT INTO outbox (kind, reading_id, exam_id, device_id, state, attempts,"
                + " next_attempt_at, created_at, ref) VALUES (?, ?, ?, COALESCE(?, (SELECT r.device_id FROM reading r"
                + " WHERE r.id = ? AND ? = 'READING')), 'PENDING', 0, 0, ?, ?)", kind.name(), readingId, examId,
                deviceId, readingId, kind.name(), now, ref);
    }
}
