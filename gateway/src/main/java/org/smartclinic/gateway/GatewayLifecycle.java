package org.smartclinic.gateway;

import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.health.api.HealthRegistry;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.Readiness;
import org.jboss.logging.Logger;
import org.smartclinic.fhir.FhirContexts;
import org.smartclinic.gateway.config.GatewayConfig;
import org.smartclinic.gateway.demo.DemoEnvironment;
import org.smartclinic.gateway.device.DeviceManager;
import org.smartclinic.gateway.device.DeviceSpec;
import org.smartclinic.gateway.uplink.Uplink;

/**
 * Start-up and shut-down in order: FHIR model warmed, demo parts (if on), devices, uplink; and the reverse.
 * Devices stop before the journal closes, so no acknowledgement is ever sent for a write that did not commit.
 */
@ApplicationScoped
public class GatewayLifecycle {

    private static final Logger LOG = Logger.getLogger(GatewayLifecycle.class);

    @Inject
    GatewayConfig config;

    @Inject
    DemoEnvironment demo;

    @Inject
    DeviceManager devices;

    @Inject
    Uplink uplink;

    @Inject
    @Readiness
    HealthRegistry readiness;

    @ConfigProperty(name = "quarkus.http.host")
    String httpHost;

    @ConfigProperty(name = "quarkus.http.port")
    int httpPort;

    void onStart(@Observes StartupEvent event) {
        // The first use of a FhirContext costs over a second: pay it now, not on the first reading.
        FhirContexts.warmUp();
        List<DeviceSpec> extra = new ArrayList<>();
        if (demo.enabled()) {
            extra.addAll(demo.start());
        }
        devices.start(extra);
        uplink.start();
        if (demo.enabled()) {
            readiness.register("demo:fhir-sandbox", demo::sandboxHealth);
            demo.awaitSandboxReady();
        }
        printWelcome();
    }

    void onStop(@Observes ShutdownEvent event) {
        devices.stop();
        uplink.stop();
        demo.stop();
    }

    private void printWelcome() {
        String base = "http://" + ("0.0.0.0".equals(httpHost) ? "localhost" : httpHost) + ":" + httpPort;
        StringBuilder b = new StringBuilder("\n\n  Smart Mini-Clinic Gateway is running\n");
        b.append("    API            ").append(base).append("/api/devices  /api/exams  /api/readings  /api/outbox\n");
        b.append("    health         ").append(base).append("/q/health\n");
        b.append("    metrics        ").append(base).append("/q/metrics\n");
        b.append("    EHR (FHIR)     ").append(config.fhir().baseUrl()).append(demo.enabled() ? "  (in-process sandbox)\n" : "\n");
        b.append("    journal        ").append(config.dataDir().resolve("journal.db").toAbsolutePath()).append('\n');
        devices.all().forEach(d -> b.append("    device ").append(String.format("%-8s", d.spec().id()))
                .append(d.descriptor().displayName()).append(" at ").append(d.spec().station()).append(", port ")
                .append(d.spec().port()).append(demo.enabled() && d.spec().port().equals(String.valueOf(
                        demo.bpMonitorPort())) ? " (simulated)" : "").append('\n'));
        if (demo.enabled()) {
            b.append("\n  Try: curl -s -X POST ").append(base).append("/api/exams -H 'Content-Type: application/json' \\\n")
                    .append("         -d '{\"station\":\"room-1\",\"patient\":{\"system\":\"urn:oid:1.2.643.100.3\",\"value\":\"123-456-789 00\"}}'\n")
                    .append("       curl -s '").append(config.fhir().baseUrl()).append("/Observation?_count=5'\n");
        }
        LOG.info(b.toString());
    }
}
