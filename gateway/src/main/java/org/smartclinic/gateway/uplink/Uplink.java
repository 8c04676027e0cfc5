package org.smartclinic.gateway.uplink;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;
import org.smartclinic.gateway.config.GatewayConfig;
import org.smartclinic.gateway.journal.Journal;
import org.smartclinic.gateway.journal.Outbox;
import org.smartclinic.gateway.journal.OutboxLedger;

/**
 * Sends the outbox to the EHR on one thread: each round {@link DeliveryPlanner} picks a batch of readings (many
 * devices, each device's readings in order) or one other item, and {@link DeliveryRound} sends it and records the
 * outcome. New bound readings wake it at once (a part-full batch lingers up to {@code batch-linger} for more);
 * otherwise it looks every {@code poll-interval}. On a transient failure it waits ({@link Backoff}: jittered,
 * capped, at least the EHR's {@code Retry-After}) and tries again. While a batch of readings is on its way, the
 * next one is planned and built on a second thread ({@link BatchAhead}), so draining a backlog keeps the EHR
 * busy rather than waiting for the gateway between rounds; see docs/delivery.md.
 */
@ApplicationScoped
public class Uplink {

    private static final Logger LOG = Logger.getLogger(Uplink.class);
    /** Most pending rows read to plan one round. */
    private static final int MAX_SCAN = 5_000;
    private static final Duration COUNTS_EVERY = Duration.ofSeconds(2);

    @Inject
    GatewayConfig config;

    @Inject
    Journal journal;

    @Inject
    DeliveryRound round;

    @Inject
    MeterRegistry meters;

    @Inject
    Clock clock;

    private final Object wakeUp = new Object();
    private boolean signalled;
    private volatile boolean running;
    private volatile Thread thread;
    private volatile String ehrStatus = "not contacted yet";
    private volatile Map<Outbox.State, Long> lastCounts = Map.of();
    private volatile Instant ehrStatusSince;
    private volatile Optional<Instant> oldestPending = Optional.empty();
    private long countedAtNanos;

    private OutboxLedger ledger;
    private DeliveryPlanner planner;
    private BatchAhead ahead;
    private BatchLimit limit;
    private Counter sent;
    private Counter retried;
    private Counter dead;
    private Timer roundTrip;

    @PostConstruct
    void metrics() {
        ledger = new OutboxLedger(journal);
        planner = new DeliveryPlanner(ledger::pending, MAX_SCAN);
        limit = new BatchLimit(config.uplink().batchSize());
        ahead = new BatchAhead(round, sending -> planner.plan(clock.instant(), limit.at(clock.instant()), sending),
                plan -> plan.getFirst().kind() == Outbox.Kind.READING && !lingerLeft(plan).isPositive());
        sent = Counter.builder("smartclinic.uploads").tag("outcome", "sent")
                .description("Outbox items by delivery outcome").register(meters);
        retried = Counter.builder("smartclinic.uploads").tag("outcome", "retry").register(meters);
        dead = Counter.builder("smartclinic.uploads").tag("outcome", "dead").register(meters);
        roundTrip = Timer.builder("smartclinic.uplink.transaction").description("Time the EHR took per delivery round")
                .register(meters);
        Gauge.builder("smartclinic.outbox.depth", journal, j -> j.outboxCounts().get(Outbox.State.PENDING))
                .description("Outbox items not yet accepted by the EHR").register(meters);
        Gauge.builder("smartclinic.outbox.dead", journal, j -> j.outboxCounts().get(Outbox.State.DEAD))
                .description("Outbox items the EHR refused (dead letters)").register(meters);
        Gauge.builder("smartclinic.outbox.oldest.age", this, u -> u.oldestAge().toMillis() / 1000.0)
                .description("Age of the oldest item not yet accepted by the EHR (0 when none waits)")
                .baseUnit("seconds").register(meters);
        Gauge.builder("smartclinic.uplink.batch.limit", limit, l -> l.at(clock.instant()))
                .description("Readings per transaction now: smartclinic.uplink.batch-size, or less for a while after"
                        + " a batch got no answer in time").register(meters);
    }

    /** Starts the delivery thread, unless delivery is switched off. */
    public void start() {
        if (!config.uplink().enabled()) {
            ehrStatus = "delivery switched off (smartclinic.uplink.enabled=false)";
            LOG.warn("uplink disabled: readings stay in the outbox");
            return;
        }
        running = true;
        thread = Thread.ofPlatform().name("uplink").daemon(true).start(this::run);
    }

    public void stop() {
        running = false;
        Thread t = thread;
        if (t != null) {
            t.interrupt();
            try {
                t.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        ahead.close();
    }

    /** There is new work: deliver it now rather than at the next poll. */
    public void signal() {
        synchronized (wakeUp) {
            signalled = true;
            wakeUp.notifyAll();
        }
    }

    public boolean alive() {
        Thread t = thread;
        return !config.uplink().enabled() || (t != null && t.isAlive());
    }

    /** The EHR as last seen, e.g. "ok" or "unreachable: ...". */
    public String ehrStatus() {
        return ehrStatus;
    }

    public Instant ehrStatusSince() {
        return ehrStatusSince;
    }

    /** The outbox's counts by state as the delivery thread last saw them (no query: for health checks). */
    public Map<Outbox.State, Long> lastCounts() {
        return lastCounts;
    }

    /** How long the oldest undelivered item has waited, as the delivery thread last saw it; zero when none. */
    public Duration oldestAge() {
        return oldestPending.map(t -> Duration.between(t, clock.instant())).filter(d -> !d.isNegative())
                .orElse(Duration.ZERO);
    }

    private void run() {
        try {
            deliverUntilStopped();
        } finally {
            try {
                round.record(); // what the EHR accepted last, so it is not sent again after a restart
            } catch (RuntimeException e) {
                LOG.debugf(e, "recording the last delivered batch at shutdown failed; it is sent again");
            }
        }
    }

    private void deliverUntilStopped() {
        Backoff backoff = new Backoff(config.uplink().initialBackoff(), config.uplink().maxBackoff(),
                (from, to) -> ThreadLocalRandom.current().nextLong(from, to));
        long lingered = -1;
        while (running) {
            try {
                refreshCounts();
                DeliveryRound.Readings readings = ahead.take();
                if (readings == null) {
                    round.recorded().join();
                    List<Outbox.Item> plan = planner.plan(clock.instant(), limit.at(clock.instant()));
                    if (plan.isEmpty()) {
                        await(config.uplink().pollInterval(), true);
                        continue;
                    }
                    Duration linger = lingerLeft(plan);
                    if (linger.isPositive() && lingered != plan.getFirst().id()) {
                        lingered = plan.getFirst().id();
                        await(linger, false);
                        continue;
                    }
                    if (plan.getFirst().kind() != Outbox.Kind.READING) {
                        roundOf(() -> round.deliver(plan), backoff);
                        continue;
                    }
                    readings = round.prepare(plan);
                }
                DeliveryRound.Readings batch = readings;
                // the next batch is planned once this one has gone out: until then sending it has the CPU
                roundOf(() -> round.send(batch, () -> ahead.prepare(batch.items())), backoff);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                // A bug or a journal problem: never let it end delivery for good.
                LOG.error("uplink loop failed; retrying", e);
                try {
                    ahead.drop();
                    await(backoff.next(null), false);
                } catch (InterruptedException ie) {
                    return;
                }
            }
        }
    }

    /** Runs one round and records it; on a failure of the EHR, records the retry and waits. */
    private void roundOf(Supplier<DeliveryRound.Outcome> deliver, Backoff backoff) throws InterruptedException {
        long start = System.nanoTime();
        DeliveryRound.Outcome o = deliver.get();
        roundTrip.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        sent.increment(o.sent());
        dead.increment(o.dead());
        if (o.failure() == null) {
            backoff.reset();
            if (o.sent() > 0) {
                setEhrStatus("ok");
            }
            return;
        }
        ahead.drop();
        smallerIfTooSlow(o);
        Duration wait = backoff.next(o.failure().retryAfter());
        round.retry(o.retry(), o.failure(), wait);
        retried.increment(o.retry().size());
        setEhrStatus("failing: " + o.failure().message());
        LOG.warnf("EHR delivery failed, retrying in %s: %s", wait, o.failure().message());
        await(wait, false);
    }

    /** A batch of readings that got no answer in time is sent in smaller batches for a while ({@link BatchLimit}). */
    private void smallerIfTooSlow(DeliveryRound.Outcome o) {
        List<Outbox.Item> retry = o.retry();
        if (!o.failure().tooSlow() || retry.size() < 2 || retry.getFirst().kind() != Outbox.Kind.READING) {
            return;
        }
        int now = limit.tooSlow(retry.size(), clock.instant());
        if (now > 0) {
            LOG.warnf("the EHR did not answer a batch of %d readings in time: at most %d readings per transaction"
                    + " for the next %d minutes (if this repeats, raise smartclinic.fhir.read-timeout or lower"
                    + " smartclinic.uplink.batch-size)", retry.size(), now, BatchLimit.HOLD.toMinutes());
        }
    }

    /** How much longer a part-full batch of readings may wait for more; zero to send now. */
    private Duration lingerLeft(List<Outbox.Item> plan) {
        if (plan.getFirst().kind() != Outbox.Kind.READING || plan.size() >= limit.at(clock.instant())
                || plan.getFirst().attempts() > 0) {
            return Duration.ZERO;
        }
        Instant until = plan.getFirst().createdAt().plus(config.uplink().batchLinger());
        return Duration.between(clock.instant(), until);
    }

    private void refreshCounts() {
        long now = System.nanoTime();
        if (countedAtNanos == 0 || now - countedAtNanos >= COUNTS_EVERY.toNanos()) {
            lastCounts = journal.outboxCounts();
            oldestPending = ledger.oldestPending();
            countedAtNanos = now;
        }
    }

    private void setEhrStatus(String status) {
        if (!status.equals(ehrStatus)) {
            ehrStatus = status;
            ehrStatusSince = clock.instant();
        }
    }

    private void await(Duration d, boolean wakeOnSignal) throws InterruptedException {
        long deadline = System.nanoTime() + d.toNanos();
        synchronized (wakeUp) {
            while (running) {
                if (wakeOnSignal && signalled) {
                    break;
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                TimeUnit.NANOSECONDS.timedWait(wakeUp, left);
            }
            signalled = false;
        }
    }
}
