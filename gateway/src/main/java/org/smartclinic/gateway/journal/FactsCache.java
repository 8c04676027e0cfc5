package org.smartclinic.gateway.journal;

import java.sql.Connection;

import org.smartclinic.gateway.binding.BindingPolicy;

/**
 * The binding's facts as the writer's connection sees them, kept from one append to the next while nothing but
 * appends ran ({@link JournalDatabase#factsGeneration}) and at most {@link BatchFacts#MAX_ENTRIES} answers: a
 * stop-and-wait device appends one reading at a time, and reading its placements and its station's exams again for
 * each was a fifth of the writer's work. Writer thread only.
 */
final class FactsCache {

    private final JournalDatabase db;
    private final BindingPolicy policy;
    private BatchFacts facts;
    private long generation;

    FactsCache(JournalDatabase db, BindingPolicy policy) {
        this.db = db;
        this.policy = policy;
    }

    /** The facts for the append running on {@code c} (the writer connection). */
    BatchFacts of(Connection c) {
        long now = db.factsGeneration();
        if (facts == null || generation != now || facts.full()) {
            facts = new BatchFacts(new JournalFacts(c, policy.maxExamDuration(), policy.confirmFirst()));
            generation = now;
        }
        return facts;
    }
}
