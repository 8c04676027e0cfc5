package org.smartclinic.gateway.journal;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.smartclinic.drivers.Reading;
import org.smartclinic.gateway.binding.Binder;
import org.smartclinic.gateway.binding.BindingPolicy;
import org.smartclinic.gateway.binding.BindingState;
import org.smartclinic.gateway.binding.DeviceClock;
import org.smartclinic.gateway.binding.IsoInstant;

/**
 * One {@link Journal#appendAll} inside its transaction: stores new readings, binds and queues them, with the work
 * that is the same for every reading of the batch done once: the device's first placement, its clock (loaded once,
 * judged reading by reading in memory, saved once by {@link #finish}), the binding facts ({@link BatchFacts}), and a
 * closed exam's new report (once per batch). A reading's duplicate check is its insert itself
 * ({@code ON CONFLICT DO NOTHING} on the device and key): a duplicate changes nothing, not even the clock. So a new
 * unbound reading costs one statement; its id is named in it ({@link JournalRows#nextId}, read once per append).
 */
final class ReadingAppend {

    private static final String INSERT = """
            INSERT INTO reading (id, device_id, reading_key, station, device_time, received_at, journaled_at, exam_id,
                                 payload, capture_id, binding_state, binding_rule, binding_evidence, held_exam,
                                 effective_time, time_note)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, CAST(? AS TEXT), ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (device_id, reading_key) DO NOTHING""";

    private final Connection c;
    private final BindingPolicy policy;
    private final Binder binder;
    private final String configuredStation;
    private final String now;
    private final Instant journaledAt;
    private final Map<String, Exam> exams = new HashMap<>();
    private final BatchFacts facts;
    private final FactsCache cache;
    private final Map<String, DeviceClock> clocks = new HashMap<>();
    private final Set<String> judgedDevices = new HashSet<>();
    private final Set<String> boundTo = new LinkedHashSet<>();
    /** The id of the next new reading, named by this append rather than asked for after each insert; -1 unknown. */
    private long nextId = -1;
    /** Readings stored with the judgement made ahead on their device's thread ({@link BindingAhead}). */
    private int tookAhead;

    /** An append of readings stored on {@code c} at {@code journaledAt}, with the writer's facts {@code cache}. */
    ReadingAppend(Connection c, BindingPolicy policy, Binder binder, String configuredStation, Instant journaledAt,
            FactsCache cache) {
        this.c = c;
        this.policy = policy;
        this.binder = binder;
        this.configuredStation = configuredStation;
        this.now = journaledAt.toString();
        this.journaledAt = journaledAt;
        this.facts = cache.of(c);
        this.cache = cache;
    }

    /**
     * A reading's text columns that need no journal state: its payload ({@link ReadingCodec#toUtf8}, bound as bytes
     * and stored as the same text by {@code CAST(? AS TEXT)}) and its two times, made on the device's thread before
     * the transaction, because the writer thread is the one every device waits for.
     */
    record Encoded(byte[] payload, String deviceTime, String receivedAt) {
        static Encoded of(Reading r) {
            String deviceTime = IsoInstant.of(r.deviceTime());
            String receivedAt = IsoInstant.of(r.receivedAt());
            return new Encoded(ReadingCodec.toUtf8(r, deviceTime, receivedAt), deviceTime, receivedAt);
        }

        /** {@code t} as text: one of the two times already made when it is one of them (the usual case). */
        String format(Reading r, Instant t) {
            return t == null ? null : t.equals(r.deviceTime()) ? deviceTime : t.equals(r.receivedAt()) ? receivedAt
                    : IsoInstant.of(t);
        }
    }

    /**
     * Stores one reading, its text columns already made ({@link Encoded}); returns it as stored (what reading it
     * back would give), or null when the device sent it before (a duplicate, not stored again). {@code ahead}: its
     * judgement made on the device's thread, taken when it holds ({@link BindingAhead.Judged#holdsFor}), or null.
     */
    StoredReading store(Reading r, Encoded text, Long capture, BindingAhead.Judged ahead) throws SQLException {
        DeviceClock clock = clock(r.deviceId());
        DeviceClock.Judgement judged;
        Binder.Decision d;
        boolean taken = ahead != null && ahead.holdsFor(cache.generation(), clock);
        if (taken) {
            judged = ahead.judgement();
            d = ahead.decision();
        } else {
            judged = clock.judge(r.deviceTime(), r.receivedAt(), policy.clock());
            d = binder.decide(r, judged.timing(), facts, i -> text.format(r, i));
        }
        DeviceClock.Timing t = judged.timing();
        boolean bound = d.state() == BindingState.BOUND || d.state() == BindingState.REVIEW;
        if (nextId < 0) {
            nextId = JournalRows.nextId(c, "reading");
        }
        int inserted = JournalRows.update(c, INSERT, nextId, r.deviceId(), r.key(),
                d.station() == null ? "" : d.station(), text.deviceTime(), text.receivedAt(), now,
                bound ? d.examId() : null, text.payload(), capture, d.state().name(), d.rule().name(), d.evidence(),
                bound ? null : d.examId(), text.format(r, t.effectiveTime()), t.note());
        if (inserted == 0) {
            return null;
        }
        long id = nextId++;
        tookAhead += taken ? 1 : 0;
        clocks.put(r.deviceId(), judged.after());
        judgedDevices.add(r.deviceId());
        Outbox.Item upload = null;
        if (d.state() == BindingState.BOUND) {
            Journal.enqueue(c, Outbox.Kind.READING, id, d.examId(), r.deviceId(), now, "1");
            upload = new Outbox.Item(JournalRows.lastRowId(c), Outbox.Kind.READING, id, d.examId(), r.deviceId(),
                    Outbox.State.PENDING, 0, journaledAt, null, null, List.of(), "1",
                    new Outbox.Times(null, null, Instant.EPOCH, null));
            boundTo.add(d.examId());
        }
        return new StoredReading(id, d.station() == null ? "" : d.station(), journaledAt, r,
                bound ? exam(d.examId()) : null, new StoredReading.Binding(d.state(), d.rule(), d.evidence(),
                        bound ? null : d.examId(), 1, t.effectiveTime(), t.note()), upload, capture);
    }

    /** The exam a reading was bound to, read once per append. */
    private Exam exam(String examId) throws SQLException {
        Exam exam = exams.get(examId);
        if (exam == null) {
            exam = JournalRows.oneExam(c, "WHERE e.id = ?", examId).orElseThrow(
                    () -> new SQLException("a reading was bound to exam " + examId + ", which the journal lacks"));
            exams.put(examId, exam);
        }
        return exam;
    }

    /**
     * Saves the clocks that judged new readings, and queues a new report of each closed exam that got readings
     * (after those readings' items, so the report lists them).
     */
    void finish() throws SQLException {
        for (String deviceId : judgedDevices) {
            DeviceClocks.save(c, deviceId, clocks.get(deviceId), policy.clock(), now);
            cache.stored(deviceId, clocks.get(deviceId));
        }
        cache.tookAhead(tookAhead);
        for (String examId : boundTo) {
            ExamRecords.reportAgainIfClosed(c, examId, now);
        }
    }

    /**
     * The device's clock as the batch left it; on first sight of the device in this append, as the appends before
     * left it ({@link FactsCache#clock}), or, first in this generation, read with the device's first placement made.
     */
    private DeviceClock clock(String deviceId) throws SQLException {
        DeviceClock clock = clocks.get(deviceId);
        if (clock == null) {
            clock = cache.clock(deviceId);
            if (clock == null) {
                Placements.ensure(c, deviceId, configuredStation);
                clock = DeviceClocks.load(c, deviceId);
            }
            clocks.put(deviceId, clock);
        }
        return clock;
    }
}
