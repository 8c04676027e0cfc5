package org.smartclinic.gateway;

import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.smartclinic.fhir.FhirContexts;
import org.smartclinic.gateway.config.GatewayConfig;
import org.smartclinic.gateway.device.DeviceManager;
import org.smartclinic.gateway.device.DeviceSpec;
import org.smartclinic.gateway.device.ManagedDevice;
import org.smartclinic.gateway.uplink.Uplink;

/**
 * Start-up and shut-down in order: FHIR model warmed, add-ons (the demo, if built in), devices, uplink; and the
 * reverse. Devices stop before the journal closes, so no acknowledgement is ever sent for a write that did not
 * commit. A stop that outlasts {@code smartclinic.shutdown-limit} is ended by {@link ShutdownWatchdog}.
 */
@ApplicationScoped
public class GatewayLifecycle {

    private static final Logger LOG = Logger.getLogger(GatewayLifecycle.class);

    @Inject
    GatewayConfig config;

    @Inject
    @Any
    Instance<GatewayAddOn> addOns;

    @Inject
    DeviceManager devices;

    @Inject
    Uplink uplink;

    @ConfigProperty(name = "quarkus.http.host")
    String httpHost;

    @ConfigProperty(name = "quarkus.http.port")
    int httpPort;

    void onStart(@Observes StartupEvent event) {
        ShutdownWatchdog.arm(config.shutdownLimit());
        // The first use of a FhirContext costs over a second: pay it now, not on the first reading.
        FhirContexts.warmUp();
        List<DeviceSpec> extra = new ArrayList<>();
        addOns.forEach(a -> extra.addAll(a.start()));
        devices.start(extra);
        uplink.start();
        addOns.forEach(GatewayAddOn::awaitReady);
        printWelcome();
    }

    void onStop(@Observes ShutdownEvent event) {
        devices.stop();
        uplink.stop();
        addOns.forEach(GatewayAddOn::stop);
    }

    private void printWelcome() {
        String base = "http://" + ("0.0.0.0".equals(httpHost) ? "localhost" : httpHost) + ":" + httpPort;
        List<String> lines = new ArrayList<>();
        lines.add("Smart Mini-Clinic Gateway is running");
        lines.add("  API            " + base + "/api/devices  /api/exams  /api/readings  /api/outbox  /api/live");
        lines.add("  health         " + base + "/q/health  (devices: " + base + "/q/health/group/devices)");
        lines.add("  metrics        " + base + "/q/metrics");
        lines.add("  EHR (FHIR)     " + config.fhir().baseUrl());
        lines.add("  journal        " + config.dataDir().resolve("journal.db").toAbsolutePath());
        for (ManagedDevice d : devices.all()) {
            lines.add(String.format("  device %-9s %s at %s, %s %s", d.spec().id(), d.descriptor().displayName(),
                    d.spec().station(), d.spec().transport().kind(), d.spec().transport().describe()));
        }
        devices.misconfigured().forEach(i -> lines.add(String.format("  device %-9s NOT STARTED: %s", i.id(),
                i.problem())));
        addOns.forEach(a -> lines.addAll(a.welcome()));
        LOG.info("\n\n  " + String.join("\n  ", lines) + "\n");
    }
}
