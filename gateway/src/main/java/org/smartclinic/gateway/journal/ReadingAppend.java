package org.smartclinic.gateway.journal;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
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
 * ({@code ON CONFLICT DO NOTHING} on the device and key): a duplicate changes nothing, not even the clock. So new
 * unbound readings cost one statement per {@link #ROWS_PER_INSERT} ({@link #storeAll}); their ids are named in it
 * ({@link JournalRows#nextId}, read once per append).
 */
final class ReadingAppend {

    private static final String COLUMN_LIST = """
            INSERT INTO reading (id, device_id, reading_key, station, device_time, received_at, journaled_at, exam_id,
                                 payload, capture_id, binding_state, binding_rule, binding_evidence, held_exam,
                                 effective_time, time_note)
            VALUES """;
    private static final String ROW = "(?, ?, ?, ?, ?, ?, ?, ?, CAST(? AS TEXT), ?, ?, ?, ?, ?, ?, ?)";
    private static final String ON_DUPLICATE = " ON CONFLICT (device_id, reading_key) DO NOTHING";
    /** Values per row of {@link #INSERT}. */
    private static final int COLUMNS = 16;
    /** Readings stored by one statement ({@link #storeAll}); measured in docs/benchmarks.md. */
    static final int ROWS_PER_INSERT = 20;
    private static final String INSERT = COLUMN_LIST + ROW + ON_DUPLICATE;
    private static final String INSERT_RUN = COLUMN_LIST + String.join(", ", Collections.nCopies(ROWS_PER_INSERT, ROW))
            + ON_DUPLICATE;

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
    /**
     * The id of the next new reading, named by this append rather than asked for after each insert; read by the first
     * {@link #storeAll} with readings, -1 before.
     */
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
     * Stores the readings of one input (one device's, in order), their text made ({@link Encoded}), taking the
     * judgements made ahead from {@code ahead} at {@code from} on where they hold; returns those stored, in order
     * (duplicates left out). Each full run of {@link #ROWS_PER_INSERT} goes in one {@code INSERT}, judged as if every
     * reading is new: a statement per reading was a tenth of SQLite's work per reading (docs/benchmarks.md). When the
     * insert stores fewer rows (a duplicate among them, rare: a device resending), they are deleted and the run is
     * stored one by one, as a duplicate does not move the device's clock the readings after it are judged from.
     */
    List<StoredReading> storeAll(List<Reading> readings, List<Encoded> texts, Long capture,
            List<BindingAhead.Judged> ahead, int from) throws SQLException {
        List<StoredReading> out = new ArrayList<>(readings.size());
        if (nextId < 0 && !readings.isEmpty()) {
            nextId = JournalRows.nextId(c, "reading");
        }
        int i = 0;
        for (; i + ROWS_PER_INSERT <= readings.size(); i += ROWS_PER_INSERT) {
            if (!storeRun(readings, texts, capture, ahead, from + i, i, out)) {
                storeEach(readings, texts, capture, ahead, from, i, i + ROWS_PER_INSERT, out);
            }
        }
        storeEach(readings, texts, capture, ahead, from, i, readings.size(), out);
        return out;
    }

    private void storeEach(List<Reading> readings, List<Encoded> texts, Long capture, List<BindingAhead.Judged> ahead,
            int from, int start, int end, List<StoredReading> out) throws SQLException {
        for (int i = start; i < end; i++) {
            StoredReading s = store(readings.get(i), texts.get(i), capture, aheadAt(ahead, from + i));
            if (s != null) {
                out.add(s);
            }
        }
    }

    /**
     * Stores {@link #ROWS_PER_INSERT} readings from {@code at} in one statement; false, with nothing stored, when
     * one of them is a duplicate (the caller stores them one by one).
     */
    private boolean storeRun(List<Reading> readings, List<Encoded> texts, Long capture,
            List<BindingAhead.Judged> ahead, int aheadAt, int at, List<StoredReading> out) throws SQLException {
        Planned[] run = new Planned[ROWS_PER_INSERT];
        Object[] values = new Object[ROWS_PER_INSERT * COLUMNS];
        Map<String, DeviceClock> chain = new HashMap<>(4);
        for (int k = 0; k < ROWS_PER_INSERT; k++) {
            Reading r = readings.get(at + k);
            DeviceClock clock = chain.containsKey(r.deviceId()) ? chain.get(r.deviceId()) : clock(r.deviceId());
            run[k] = plan(r, texts.get(at + k), capture, aheadAt(ahead, aheadAt + k), clock);
            chain.put(r.deviceId(), run[k].judged().after());
            run[k].values(values, k * COLUMNS, nextId + k, now);
        }
        int inserted = JournalRows.update(c, INSERT_RUN, values);
        if (inserted < ROWS_PER_INSERT) {
            if (inserted > 0) {
                JournalRows.update(c, "DELETE FROM reading WHERE id >= ? AND id < ?", nextId,
                        nextId + ROWS_PER_INSERT);
            }
            return false;
        }
        for (Planned p : run) {
            out.add(stored(p, nextId++));
        }
        return true;
    }

    /**
     * Stores one reading, its text columns already made ({@link Encoded}); returns it as stored (what reading it
     * back would give), or null when the device sent it before (a duplicate, not stored again). {@code ahead}: its
     * judgement made on the device's thread, taken when it holds ({@link BindingAhead.Judged#holdsFor}), or null.
     */
    private StoredReading store(Reading r, Encoded text, Long capture, BindingAhead.Judged ahead)
            throws SQLException {
        Planned p = plan(r, text, capture, ahead, clock(r.deviceId()));
        Object[] values = new Object[COLUMNS];
        p.values(values, 0, nextId, now);
        if (JournalRows.update(c, INSERT, values) == 0) {
            return null;
        }
        return stored(p, nextId++);
    }

    private static BindingAhead.Judged aheadAt(List<BindingAhead.Judged> ahead, int k) {
        return ahead != null && k < ahead.size() ? ahead.get(k) : null;
    }

    /** A reading judged from {@code clock}: by the judgement made ahead when it holds, else here. */
    private Planned plan(Reading r, Encoded text, Long capture, BindingAhead.Judged ahead, DeviceClock clock) {
        if (ahead != null && ahead.holdsFor(cache.generation(), clock)) {
            return new Planned(r, text, capture, ahead.judgement(), ahead.decision(), true);
        }
        DeviceClock.Judgement judged = clock.judge(r.deviceTime(), r.receivedAt(), policy.clock());
        return new Planned(r, text, capture, judged,
                binder.decide(r, judged.timing(), facts, i -> text.format(r, i)), false);
    }

    /** What storing a planned reading as row {@code id} changes beyond its row; the reading as stored. */
    private StoredReading stored(Planned p, long id) throws SQLException {
        Reading r = p.r();
        Binder.Decision d = p.d();
        DeviceClock.Timing t = p.judged().timing();
        tookAhead += p.taken() ? 1 : 0;
        clocks.put(r.deviceId(), p.judged().after());
        judgedDevices.add(r.deviceId());
        Outbox.Item upload = null;
        if (d.state() == BindingState.BOUND) {
            Journal.enqueue(c, Outbox.Kind.READING, id, d.examId(), r.deviceId(), now, "1");
            upload = new Outbox.Item(JournalRows.lastRowId(c), Outbox.Kind.READING, id, d.examId(), r.deviceId(),
                    Outbox.State.PENDING, 0, journaledAt, null, null, List.of(), "1",
                    new Outbox.Times(null, null, Instant.EPOCH, null));
            boundTo.add(d.examId());
        }
        return new StoredReading(id, p.station(), journaledAt, r, p.bound() ? exam(d.examId()) : null,
                new StoredReading.Binding(d.state(), d.rule(), d.evidence(), p.bound() ? null : d.examId(), 1,
                        t.effectiveTime(), t.note()), upload, p.capture());
    }

    /** A reading judged and ready to insert. */
    private record Planned(Reading r, Encoded text, Long capture, DeviceClock.Judgement judged, Binder.Decision d,
            boolean taken) {

        boolean bound() {
            return d.state() == BindingState.BOUND || d.state() == BindingState.REVIEW;
        }

        String station() {
            return d.station() == null ? "" : d.station();
        }

        /** Its row's {@link #COLUMNS} values, in the order of {@link #INSERT}, into {@code out} from {@code at}. */
        void values(Object[] out, int at, long id, String now) {
            DeviceClock.Timing t = judged.timing();
            boolean bound = bound();
            out[at] = id;
            out[at + 1] = r.deviceId();
            out[at + 2] = r.key();
            out[at + 3] = station();
            out[at + 4] = text.deviceTime();
            out[at + 5] = text.receivedAt();
            out[at + 6] = now;
            out[at + 7] = bound ? d.examId() : null;
            out[at + 8] = text.payload();
            out[at + 9] = capture;
            out[at + 10] = d.state().name();
            out[at + 11] = d.rule().name();
            out[at + 12] = d.evidence();
            out[at + 13] = bound ? null : d.examId();
            out[at + 14] = text.format(r, t.effectiveTime());
            out[at + 15] = t.note();
        }
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
