package org.smartclinic.gateway.journal;

import java.sql.Connection;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.smartclinic.gateway.binding.BindingPolicy;
import org.smartclinic.gateway.binding.DeviceClock;

/**
 * The binding's facts as the writer's connection sees them, kept from one append to the next while nothing but
 * appends ran ({@link JournalDatabase#factsGeneration}) and at most {@link BatchFacts#MAX_ENTRIES} answers: a
 * stop-and-wait device appends one reading at a time, and reading its placements and its station's exams again for
 * each was a fifth of the writer's work. Likewise the devices' clocks as the appends left them (only appends change
 * a clock while the generation holds), and, for the devices' own threads, what the writer last knew of each device
 * ({@link BindingAhead}). Writer thread only, but {@link #known}.
 */
final class FactsCache {

    private final JournalDatabase db;
    private final BindingPolicy policy;
    private BatchFacts facts;
    private long generation;
    private final Map<String, DeviceClock> clocks = new HashMap<>();
    private final Map<String, BindingAhead.Known> known = new ConcurrentHashMap<>();

    FactsCache(JournalDatabase db, BindingPolicy policy) {
        this.db = db;
        this.policy = policy;
    }

    /** The facts for the append running on {@code c} (the writer connection). */
    BatchFacts of(Connection c) {
        long now = db.factsGeneration();
        boolean moved = generation != now;
        if (moved) {
            clocks.clear();
        }
        if (facts == null || moved || facts.full()) {
            facts = new BatchFacts(new JournalFacts(c, policy.maxExamDuration(), policy.confirmFirst()));
            generation = now;
        }
        return facts;
    }

    /** The generation the facts of the running append belong to. */
    long generation() {
        return generation;
    }

    /** The device's clock as the last append of this generation left it, or null. */
    DeviceClock clock(String deviceId) {
        return clocks.get(deviceId);
    }

    /**
     * An append stored the device's readings and saved its clock: kept for the next append, and, with the device's
     * facts, handed to the device's thread for judging its next readings ahead of the writer.
     */
    void stored(String deviceId, DeviceClock clock) {
        clocks.put(deviceId, clock);
        BindingAhead.DeviceFacts device = facts.known(deviceId);
        if (device != null) {
            known.put(deviceId, new BindingAhead.Known(generation, clock, device));
        }
    }

    /** What the writer last knew of the device, for its own thread; null before its first stored reading. */
    BindingAhead.Known known(String deviceId) {
        return known.get(deviceId);
    }

    /** Counts readings whose judgements, made ahead, the writer took ({@link JournalActivity#judgedAhead}). */
    void tookAhead(int readings) {
        db.activity().judgedAhead(readings);
    }
}
