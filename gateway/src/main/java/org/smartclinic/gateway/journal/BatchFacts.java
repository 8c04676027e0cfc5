package org.smartclinic.gateway.journal;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.smartclinic.gateway.binding.Binder;

/**
 * The binding engine's facts for appends of readings, each read from the journal once and then answered from memory:
 * a batch of a device's readings asks the same questions hundreds of times (its placements, the exams of its station
 * around nearly the same time), and a stop-and-wait device asks them again for each reading. Storing readings
 * changes none of these facts, but anything else may: {@link FactsCache} keeps one only while the writer ran nothing
 * but appends ({@link JournalDatabase#factsGeneration}), and at most {@link #MAX_ENTRIES} answers.
 */
final class BatchFacts implements Binder.Facts {

    /** How far a station's exams are read beyond the window first asked for, so neighbouring readings hit. */
    private static final Duration MARGIN = Duration.ofHours(1);

    /** A station's exams reaching into [fromMs, toMs], as read. Immutable. */
    record Window(long fromMs, long toMs, List<Binder.ExamSpan> spans) {
        Window {
            spans = List.copyOf(spans);
        }

        boolean holds(long from, long to) {
            return fromMs <= from && to <= toMs;
        }

        /**
         * Its exams reaching into [from, to]: the same test as the query's (opened at or before the end, ending at
         * or after the start). A loop, not a stream: this runs for every reading journaled.
         */
        List<Binder.ExamSpan> touching(long from, long to) {
            List<Binder.ExamSpan> out = List.of();
            for (Binder.ExamSpan e : spans) {
                if (e.openedAt().toEpochMilli() <= to && e.end().toEpochMilli() >= from) {
                    out = out.isEmpty() ? new ArrayList<>(2) : out;
                    out.add(e);
                }
            }
            return out;
        }
    }

    private final JournalFacts journal;
    private final Map<String, List<JournalFacts.Placed>> placements = new HashMap<>();
    private final Map<String, Window> exams = new HashMap<>();
    private final Map<String, Optional<Binder.ExamSpan>> samples = new HashMap<>();
    private final Map<String, Set<String>> identifiers = new HashMap<>();

    /** Answers kept at most before {@link Journal} starts afresh (sample ids are many). */
    static final int MAX_ENTRIES = 10_000;

    BatchFacts(JournalFacts journal) {
        this.journal = journal;
    }

    /** True when it keeps more than {@link #MAX_ENTRIES} answers. */
    boolean full() {
        return placements.size() + exams.size() + samples.size() + identifiers.size() > MAX_ENTRIES;
    }

    @Override
    public List<String> stationsOf(String deviceId, Instant from, Instant to) {
        return JournalFacts.stationsOf(placements.computeIfAbsent(deviceId, journal::placements), from, to);
    }

    @Override
    public List<Binder.ExamSpan> examsAt(String station, Instant from, Instant to) {
        long fromMs = from.toEpochMilli();
        long toMs = to.toEpochMilli();
        Window w = exams.get(station);
        if (w == null || !w.holds(fromMs, toMs)) {
            Instant wideFrom = from.minus(MARGIN);
            Instant wideTo = to.plus(MARGIN);
            w = new Window(wideFrom.toEpochMilli(), wideTo.toEpochMilli(), journal.examsAt(station, wideFrom, wideTo));
            exams.put(station, w);
        }
        return w.touching(fromMs, toMs);
    }

    /**
     * What these facts know of {@code deviceId} so far, frozen: its placements and the exams read for any station,
     * for judging its next readings away from the writer ({@link BindingAhead}); null before its placements were
     * read.
     */
    BindingAhead.DeviceFacts known(String deviceId) {
        List<JournalFacts.Placed> placed = placements.get(deviceId);
        return placed == null ? null : new BindingAhead.DeviceFacts(deviceId, List.copyOf(placed), Map.copyOf(exams),
                journal::confirmFirst);
    }

    @Override
    public Optional<Binder.ExamSpan> examOfSample(String sampleId) {
        return samples.computeIfAbsent(sampleId, journal::examOfSample);
    }

    @Override
    public Set<String> patientIdentifiers(String examId) {
        return identifiers.computeIfAbsent(examId, journal::patientIdentifiers);
    }

    @Override
    public boolean confirmFirst(String station) {
        return journal.confirmFirst(station);
    }
}
