package org.smartclinic.gateway.health;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;
import org.smartclinic.gateway.journal.Journal;

/**
 * Live while the threads that must never stop run: the journal's writer. A check of thread state only: liveness
 * never waits on a database query, so a slow disk cannot make an orchestrator kill a gateway that is catching up.
 */
@Liveness
@ApplicationScoped
public class GatewayLivenessCheck implements HealthCheck {

    @Inject
    Journal journal;

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("journal-writer").status(journal.database().writerAlive()).build();
    }
}
