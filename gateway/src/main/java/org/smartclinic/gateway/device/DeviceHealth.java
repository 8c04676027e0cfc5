package org.smartclinic.gateway.device;

import io.smallrye.health.api.HealthRegistry;
import io.smallrye.health.registry.HealthRegistries;

import org.eclipse.microprofile.health.HealthCheckResponse;
import org.smartclinic.drivers.link.LinkState;

/**
 * Each instrument's health check in the {@code devices} group ({@code /q/health/group/devices}), apart from
 * readiness: up while connected, with its state, reason, transport and station; a misconfigured device is down
 * with the problem. Checks come and go with the devices, which the API may add and remove at run time.
 */
final class DeviceHealth {

    /** The {@code devices} health group; SmallRye keeps group registries in a static map, created on first use. */
    private final HealthRegistry registry = HealthRegistries.getHealthGroupRegistry("devices");

    void watch(ManagedDevice d) {
        registry.register(name(d.spec().id()), () -> HealthCheckResponse.named(name(d.spec().id()))
                .status(d.state() == LinkState.CONNECTED)
                .withData("state", d.state().name())
                .withData("reason", d.stateReason())
                .withData("transport", d.spec().transport().kind().code())
                .withData("station", d.spec().station())
                .build());
    }

    void misconfigured(DeviceSpecs.Invalid invalid) {
        registry.register(name(invalid.id()), () -> HealthCheckResponse.named(name(invalid.id()))
                .down().withData("state", "MISCONFIGURED").withData("reason", invalid.problem()).build());
    }

    void forget(String id) {
        registry.remove(name(id));
    }

    private static String name(String id) {
        return "device:" + id;
    }
}
