package org.smartclinic.gateway.health;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.quarkus.scheduler.Scheduled;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;
import org.smartclinic.gateway.journal.Journal;
import org.smartclinic.gateway.journal.WriteHealth;

/**
 * Ready only while the journal can write: without it no reading may be acknowledged. The state comes from the
 * writer itself (the last commit, and a tiny probe write every {@code smartclinic.journal.probe-interval} so a
 * disk that filled up while nothing was written is noticed too); the check runs no query of its own. When writes
 * fail, the reason says what to do (a full disk, a read-only file, an I/O error). Only a successful probe (which
 * needs room for a reading with a large capture) brings it back up: a small update that still fits in a full file
 * proves nothing, so readiness does not flap while devices are still refused.
 */
@Readiness
@ApplicationScoped
public class JournalHealthCheck implements HealthCheck {

    @Inject
    Journal journal;

    @Override
    public HealthCheckResponse call() {
        WriteHealth health = journal.database().writeHealth();
        HealthCheckResponseBuilder b = HealthCheckResponse.named("journal").status(health.ok())
                .withData("file", journal.database().file().toAbsolutePath().toString())
                .withData("since", health.since().toString());
        if (!health.ok()) {
            b.withData("reason", "journal cannot write: " + health.failure());
        }
        return b.build();
    }

    /** The probe write; its outcome shows in the journal's write health. */
    @Scheduled(every = "${smartclinic.journal.probe-interval:5s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void probe() {
        journal.database().probe().exceptionally(e -> 0);
    }
}
