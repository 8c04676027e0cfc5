package org.smartclinic.gateway.uplink;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.hl7.fhir.r4.model.Bundle;
import org.jboss.logging.Logger;
import org.smartclinic.fhir.FhirContexts;
import org.smartclinic.fhir.MappingException;
import org.smartclinic.gateway.config.GatewayConfig;
import org.smartclinic.gateway.journal.Journal;
import org.smartclinic.gateway.journal.Outbox;
import org.smartclinic.gateway.journal.OutboxLedger;
import org.smartclinic.gateway.journal.StoredReading;
import org.smartclinic.gateway.live.ExamFeed;
import org.smartclinic.gateway.patient.Phi;

/**
 * One delivery round: sends what {@link DeliveryPlanner} picked (a batch of readings or one other item) and records
 * each item's outcome in the journal, a batch's in one transaction. Returns the failure that stopped it, if any:
 * the caller waits, then {@link #retry} records the wait on the items or, past their limits, makes them dead
 * letters.
 */
@ApplicationScoped
public class DeliveryRound {

    private static final Logger LOG = Logger.getLogger(DeliveryRound.class);
    private static final String PENDING = Outbox.State.PENDING.name();

    @Inject
    GatewayConfig config;

    @Inject
    Journal journal;

    @Inject
    EhrClient ehr;

    @Inject
    ItemUploads uploads;

    @Inject
    OutboxTransitions transitions;

    @Inject
    ExamFeed live;

    @Inject
    Clock clock;

    private OutboxLedger ledger;
    private BatchSender sender;
    private volatile CompletableFuture<Void> recorded = CompletableFuture.completedFuture(null);
    /** Records the last accepted batch's outcome; set until it has been handed to the journal (see {@link #sent}). */
    private final AtomicReference<Runnable> unrecorded = new AtomicReference<>();

    /** What a round did; {@code failure} and {@code retry} are set when the EHR failed transiently. */
    public record Outcome(int sent, int dead, DeliveryFailure failure, List<Outbox.Item> retry) {
    }

    @PostConstruct
    void init() {
        ledger = new OutboxLedger(journal);
        sender = new BatchSender(ehr::transactionLocations, config.uplink().batchMaxBytes().asLongValue(), clock);
        ehr.intercept(new RetryAfterHeader());
    }

    /** Sends the planned items. */
    public Outcome deliver(List<Outbox.Item> plan) {
        record();
        return plan.getFirst().kind() == Outbox.Kind.READING ? send(prepare(plan)) : single(plan.getFirst());
    }

    /**
     * A batch of readings built and ready to send, merged and encoded as one transaction ({@code whole}, null when
     * nothing is left to send); the items that could not be built are already recorded (dead letters, or cancelled
     * when no longer bound as queued): {@code dead} counts the dead ones.
     */
    public record Readings(List<BatchSender.Prepared> prepared, BatchSender.Encoded whole, int dead) {
        /** The items to send, in order. */
        public List<Outbox.Item> items() {
            return prepared.stream().map(BatchSender.Prepared::item).toList();
        }
    }

    /** Builds the transactions of a planned batch of readings (one journal query for all of them). */
    public Readings prepare(List<Outbox.Item> plan) {
        List<BatchSender.Prepared> prepared = new ArrayList<>();
        Map<Long, StoredReading> stored = ledger.readingsOf(plan);
        int dead = 0;
        for (Outbox.Item item : plan) {
            try {
                Optional<Bundle> tx = uploads.readingTransaction(item, stored.get(item.readingId()));
                if (tx.isEmpty()) {
                    cancel(item);
                    continue;
                }
                prepared.add(new BatchSender.Prepared(item, tx.get()));
            } catch (MappingException | ItemUploads.BuildFailure e) {
                dead(item, new DeliveryFailure(false, Phi.scrub("cannot build the bundle: " + e.getMessage())));
                dead++;
            }
        }
        return new Readings(prepared, prepared.isEmpty() ? null : sender.encode(prepared), dead);
    }

    /** Sends a prepared batch of readings and records each one's outcome. */
    public Outcome send(Readings readings) {
        return send(readings, () -> { });
    }

    /**
     * As {@link #send(Readings)}; once the batch has gone out to the EHR, and before its answer, hands the outcome of
     * the batch before it to the journal, then runs {@code onWritten} (the uplink plans the next batch there).
     */
    public Outcome send(Readings readings, Runnable onWritten) {
        List<BatchSender.Prepared> prepared = readings.prepared();
        Runnable written = () -> {
            record();
            onWritten.run();
        };
        if (prepared.isEmpty()) {
            written.run();
            return new Outcome(0, readings.dead(), null, List.of());
        }
        BatchSender.Result r = sender.send(prepared, readings.whole(), written);
        sent(r.sent, prepared);
        r.dead.forEach(this::dead);
        return new Outcome(r.sent.size(), readings.dead() + r.dead.size(), r.retryFailure, r.retry);
    }

    private Outcome single(Outbox.Item item) {
        try {
            Optional<List<String>> stored = uploads.send(item);
            if (stored.isEmpty()) {
                cancel(item);
                return new Outcome(0, 0, null, List.of());
            }
            ledger.markSent(Map.of(item.id(), stored.get()), clock.instant()).join();
            transitions.count(PENDING, Outbox.State.SENT.name(), 1);
            live.delivered(item);
            return new Outcome(1, 0, null, List.of());
        } catch (MappingException | ItemUploads.BuildFailure e) {
            dead(item, new DeliveryFailure(false, Phi.scrub("cannot build the bundle: " + e.getMessage())));
            return new Outcome(0, 1, null, List.of());
        } catch (RuntimeException e) {
            DeliveryFailure f = DeliveryFailure.of(e, FhirContexts.r4(), clock.instant());
            if (!f.transientFailure()) {
                dead(item, f);
                return new Outcome(0, 1, null, List.of());
            }
            return new Outcome(0, 0, f, List.of(item));
        }
    }

    /**
     * Records a transient failure on {@code items}: tried again after {@code wait}, or dead letters when the
     * failure speaks about them and they reached {@code max-attempts} or {@code max-age} since their first attempt.
     */
    public void retry(List<Outbox.Item> items, DeliveryFailure f, Duration wait) {
        record();
        Instant now = clock.instant();
        List<Long> again = new ArrayList<>();
        for (Outbox.Item item : items) {
            Instant first = item.times() == null || item.times().firstAttemptAt() == null ? now
                    : item.times().firstAttemptAt();
            boolean spent = item.attempts() + 1 >= config.uplink().maxAttempts()
                    || !first.plus(config.uplink().maxAge()).isAfter(now);
            if (f.countsAgainstItem() && spent) {
                dead(item, new DeliveryFailure(false, "gave up after " + (item.attempts() + 1) + " attempts since "
                        + first + ": " + f.message(), f.status(), null, f.outcome()));
            } else {
                again.add(item.id());
            }
        }
        ledger.markRetry(again, now, now.plus(wait), f.message(), f.countsAgainstItem()).join();
        transitions.count(PENDING, OutboxTransitions.RETRY, again.size());
    }

    /**
     * Records what the EHR accepted, later: when the next batch has gone out ({@link #send(Readings, Runnable)}), or
     * before anything else this class does, or when {@link #recorded()} is asked. Until then the journal's writer
     * would compete with sending the next batch, and the EHR would wait for it. Nothing waits for the commit
     * ({@link #recorded()} says when it is in). If the commit fails the items stay pending and are sent again,
     * which the EHR answers without a second copy (every upload is idempotent).
     */
    private void sent(Map<Long, List<String>> sent, List<BatchSender.Prepared> prepared) {
        if (sent.isEmpty()) {
            return;
        }
        List<Outbox.Item> items = prepared.stream().map(BatchSender.Prepared::item)
                .filter(i -> sent.containsKey(i.id())).toList();
        Instant at = clock.instant();
        CompletableFuture<Void> done = new CompletableFuture<>();
        recorded = done;
        unrecorded.set(() -> {
            try {
                ledger.markSent(sent, at).thenRun(() -> {
                    transitions.count(PENDING, Outbox.State.SENT.name(), sent.size());
                    live.delivered(items);
                }).exceptionally(e -> {
                    LOG.warnf("recording %d items the EHR accepted failed; they stay pending and are sent again: %s",
                            sent.size(), e.getMessage());
                    return null;
                }).thenRun(() -> done.complete(null));
            } catch (RuntimeException e) {
                done.complete(null);
                throw e;
            }
        });
    }

    /** Hands the outcome of the last accepted batch to the journal, if that is still to do. */
    public void record() {
        Runnable r = unrecorded.getAndSet(null);
        if (r != null) {
            r.run();
        }
    }

    /**
     * Completes once the outcome of the last accepted batch is in the journal ({@link #record()}s it first). Plan
     * from the outbox only after it: until then that batch's items still read as pending.
     */
    public CompletableFuture<Void> recorded() {
        record();
        return recorded;
    }

    private void dead(Outbox.Item item, DeliveryFailure f) {
        LOG.errorf("EHR refused outbox item %d (%s); kept as a dead letter: %s", item.id(), item.kind(), f.message());
        ledger.markDead(item.id(), clock.instant(), f.message(), f.outcome()).join();
        transitions.count(PENDING, Outbox.State.DEAD.name(), 1);
        live.delivered(item);
    }

    private void cancel(Outbox.Item item) {
        journal.markCancelled(item.id(), "no longer to be sent: the reading's binding changed").join();
        transitions.count(PENDING, Outbox.State.CANCELLED.name(), 1);
    }
}
