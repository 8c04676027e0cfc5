package org.smartclinic.gateway.capture;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.quarkus.scheduler.Scheduled;

import org.jboss.logging.Logger;
import org.smartclinic.gateway.config.GatewayConfig;
import org.smartclinic.gateway.journal.Captures;

/** Keeps the raw-capture store within {@code smartclinic.capture.max-size} and {@code max-age}. */
@ApplicationScoped
public class CaptureRetention {

    private static final Logger LOG = Logger.getLogger(CaptureRetention.class);

    @Inject
    GatewayConfig config;

    @Inject
    Captures captures;

    @Scheduled(every = "${smartclinic.capture.prune-interval:1m}", delayed = "10s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void prune() {
        captures.prune(config.capture().maxSize().asLongValue(), config.capture().maxAge())
                .thenAccept(p -> {
                    if (p.captures() > 0) {
                        LOG.infof("raw captures: %d removed (%d bytes) to stay within the configured size and age",
                                p.captures(), p.bytes());
                    }
                })
                .exceptionally(e -> {
                    LOG.warnf("raw captures could not be pruned: %s", e.getMessage());
                    return null;
                });
    }
}
