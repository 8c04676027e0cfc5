package org.smartclinic.gateway.uplink;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import java.util.function.Predicate;

import org.jboss.logging.Logger;
import org.smartclinic.gateway.journal.Outbox;

/**
 * The next batch of readings, planned and built on its own thread ({@code uplink-ahead}) while the current batch is
 * on its way, so the EHR does not wait for the gateway between rounds. It is planned as if the current batch were
 * accepted (its items left out), and only once the batch before it has been recorded, so nothing is planned twice.
 * Only a batch ready to go now (full or overdue) is kept; anything else is planned after the current batch, as
 * before. If the current batch fails, what was prepared ahead is dropped: its items are still pending and are
 * planned again. Used by the uplink thread only.
 */
final class BatchAhead {

    private static final Logger LOG = Logger.getLogger(BatchAhead.class);

    private final ExecutorService executor = Executors.newSingleThreadExecutor(
            Thread.ofPlatform().name("uplink-ahead").daemon(true).factory());
    private final DeliveryRound round;
    private final Function<Set<Long>, List<Outbox.Item>> planWithout;
    private final Predicate<List<Outbox.Item>> readyNow;
    private CompletableFuture<DeliveryRound.Readings> ahead;

    /**
     * @param planWithout plans a round from the outbox, leaving out the given item ids
     * @param readyNow    whether a planned round is a batch of readings to send at once
     */
    BatchAhead(DeliveryRound round, Function<Set<Long>, List<Outbox.Item>> planWithout,
            Predicate<List<Outbox.Item>> readyNow) {
        this.round = round;
        this.planWithout = planWithout;
        this.readyNow = readyNow;
    }

    /** Starts preparing the batch after {@code onTheirWay}. */
    void prepare(List<Outbox.Item> onTheirWay) {
        Set<Long> sending = new HashSet<>();
        onTheirWay.forEach(i -> sending.add(i.id()));
        // the batch before this one may still be being recorded: its items read as pending until it is
        ahead = round.recorded().thenApplyAsync(recorded -> {
            List<Outbox.Item> plan = planWithout.apply(sending);
            return plan.isEmpty() || !readyNow.test(plan) ? null : round.prepare(plan);
        }, executor).exceptionally(e -> {
            LOG.debugf(e, "preparing the next batch ahead failed; it is planned again");
            return null;
        });
    }

    /** The batch prepared ahead, once ready; null if there is none. */
    DeliveryRound.Readings take() {
        CompletableFuture<DeliveryRound.Readings> next = ahead;
        ahead = null;
        return next == null ? null : next.join();
    }

    /** Waits for the batch being prepared ahead, and forgets it. */
    void drop() {
        take();
    }

    void close() {
        executor.shutdownNow();
    }
}
