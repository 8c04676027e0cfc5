package org.smartclinic.gateway.health;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;
import org.smartclinic.gateway.config.GatewayConfig;
import org.smartclinic.gateway.journal.Outbox;
import org.smartclinic.gateway.uplink.Uplink;

/**
 * Live while the delivery thread runs. An unreachable EHR does not make the gateway unhealthy (it is built to
 * work offline); it shows in the data, with the outbox depth as the uplink last counted it (no query here), and
 * {@code degraded: true} when the oldest undelivered item is older than {@code smartclinic.uplink.alert-age}
 * (then the health group {@code delivery}, {@link DeliveryHealthCheck}, is DOWN).
 */
@Liveness
@ApplicationScoped
public class UplinkHealthCheck implements HealthCheck {

    @Inject
    Uplink uplink;

    @Inject
    GatewayConfig config;

    @Override
    public HealthCheckResponse call() {
        var counts = uplink.lastCounts();
        return HealthCheckResponse.named("uplink").status(uplink.alive())
                .withData("ehr", uplink.ehrStatus())
                .withData("pending", counts.getOrDefault(Outbox.State.PENDING, 0L))
                .withData("dead", counts.getOrDefault(Outbox.State.DEAD, 0L))
                .withData("oldestUndeliveredSeconds", uplink.oldestAge().toSeconds())
                .withData("degraded", uplink.oldestAge().compareTo(config.uplink().alertAge()) > 0).build();
    }
}
