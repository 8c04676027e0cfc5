package org.smartclinic.gateway.health;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.smallrye.health.api.HealthGroup;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.smartclinic.gateway.config.GatewayConfig;
import org.smartclinic.gateway.uplink.Uplink;

/**
 * Health group {@code delivery} ({@code /q/health/group/delivery}): DOWN, with the reason, when the oldest item
 * not yet accepted by the EHR is older than {@code smartclinic.uplink.alert-age}. Not part of readiness: the
 * gateway still journals and acknowledges devices while the EHR is away (the disk is the buffer), and taking it
 * out of service would lose readings rather than save them. See docs/delivery.md.
 */
@HealthGroup("delivery")
@ApplicationScoped
public class DeliveryHealthCheck implements HealthCheck {

    @Inject
    Uplink uplink;

    @Inject
    GatewayConfig config;

    @Override
    public HealthCheckResponse call() {
        Duration age = uplink.oldestAge();
        Duration limit = config.uplink().alertAge();
        boolean late = age.compareTo(limit) > 0;
        var b = HealthCheckResponse.named("delivery").status(!late)
                .withData("oldestUndeliveredSeconds", age.toSeconds())
                .withData("alertAfterSeconds", limit.toSeconds())
                .withData("ehr", uplink.ehrStatus());
        if (late) {
            b.withData("reason", "readings have waited " + age.toMinutes() + " min for the EHR (alert after "
                    + limit.toMinutes() + " min): check the EHR's status above and GET /api/outbox");
        }
        return b.build();
    }
}
