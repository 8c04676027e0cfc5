package org.smartclinic.gateway.health;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;
import org.smartclinic.gateway.journal.Journal;
import org.smartclinic.gateway.journal.Outbox;
import org.smartclinic.gateway.uplink.Uplink;

/**
 * Live while the delivery thread runs. An unreachable EHR does not make the gateway unhealthy (it is built to
 * work offline); it shows in the data, with the outbox depth.
 */
@Liveness
@ApplicationScoped
public class UplinkHealthCheck implements HealthCheck {

    @Inject
    Uplink uplink;

    @Inject
    Journal journal;

    @Override
    public HealthCheckResponse call() {
        var counts = journal.outboxCounts();
        return HealthCheckResponse.named("uplink").status(uplink.alive())
                .withData("ehr", uplink.ehrStatus())
                .withData("pending", counts.get(Outbox.State.PENDING))
                .withData("dead", counts.get(Outbox.State.DEAD)).build();
    }
}
