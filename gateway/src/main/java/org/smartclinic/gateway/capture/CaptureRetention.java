package org.smartclinic.gateway.capture;

import java.time.Clock;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.quarkus.scheduler.Scheduled;

import org.jboss.logging.Logger;
import org.smartclinic.gateway.config.GatewayConfig;
import org.smartclinic.gateway.config.JournalConfig;
import org.smartclinic.gateway.journal.Captures;
import org.smartclinic.gateway.journal.Journal;
import org.smartclinic.gateway.journal.OutboxRetention;

/**
 * The journal's retention jobs, each deleting in small transactions ({@code smartclinic.journal.retention.batch-size}
 * rows) so the writer is never held long: raw captures within {@code smartclinic.capture.max-size} and
 * {@code max-age}, and delivered outbox rows older than {@code smartclinic.journal.retention.delivered-age} (see
 * {@link OutboxRetention} for what is never deleted). Freed pages are reused by SQLite, so a journal that hit its
 * size limit gets room back.
 */
@ApplicationScoped
public class CaptureRetention {

    private static final Logger LOG = Logger.getLogger(CaptureRetention.class);

    @Inject
    GatewayConfig config;

    @Inject
    Captures captures;

    @Inject
    Journal journal;

    @Inject
    Clock clock;

    @Scheduled(every = "${smartclinic.capture.prune-interval:1m}", delayed = "${smartclinic.capture.prune-interval:1m}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void prune() {
        int batch = config.journal().retention().batchSize();
        int removed = 0;
        long bytes = 0;
        try {
            Captures.Pruned p;
            do {
                p = captures.prune(config.capture().maxSize().asLongValue(), config.capture().maxAge(), batch).join();
                removed += p.captures();
                bytes += p.bytes();
            } while (p.captures() >= batch);
        } catch (RuntimeException e) {
            LOG.warnf("raw captures could not be pruned: %s", e.getMessage());
        }
        if (removed > 0) {
            LOG.infof("raw captures: %d removed (%d bytes) to stay within the configured size and age", removed, bytes);
        }
    }

    @Scheduled(every = "${smartclinic.journal.retention.interval:1m}",
            delayed = "${smartclinic.journal.retention.interval:1m}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void pruneDelivered() {
        JournalConfig.Retention r = config.journal().retention();
        OutboxRetention outbox = new OutboxRetention(journal.database());
        int removed = 0;
        try {
            int n;
            do {
                n = outbox.deleteDelivered(clock.instant().minus(r.deliveredAge()), r.batchSize()).join();
                removed += n;
            } while (n >= r.batchSize());
        } catch (RuntimeException e) {
            LOG.warnf("delivered outbox rows could not be pruned: %s", e.getMessage());
        }
        if (removed > 0) {
            LOG.infof("outbox: %d delivered rows older than %s removed", removed, r.deliveredAge());
        }
    }
}
