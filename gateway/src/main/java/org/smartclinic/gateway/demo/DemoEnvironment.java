package org.smartclinic.gateway.demo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.health.HealthCheckResponse;
import org.jboss.logging.Logger;
import org.smartclinic.fhir.FhirContexts;
import org.smartclinic.gateway.config.GatewayConfig;
import org.smartclinic.gateway.device.DeviceSpec;
import org.smartclinic.simulator.device.bp.Bpm200Twin;
import org.smartclinic.simulator.fhir.FhirSandbox;

/** Starts and stops the demo's FHIR sandbox and simulated BP monitor. */
@ApplicationScoped
public class DemoEnvironment {

    private static final Logger LOG = Logger.getLogger(DemoEnvironment.class);

    @Inject
    GatewayConfig config;

    private FhirSandbox sandbox;
    private Bpm200Twin bpMonitor;
    private Path bpLink;

    public boolean enabled() {
        return config.demo().enabled();
    }

    /** Starts the sandbox and the simulated instruments; returns the devices the gateway should register. */
    public List<DeviceSpec> start() {
        GatewayConfig.Demo demo = config.demo();
        sandbox = FhirSandbox.start(new FhirSandbox.Settings("127.0.0.1", demo.sandboxPort(), "/fhir",
                demo.sandboxValidate()), FhirContexts.r4());
        if (!pointsAtSandbox(config.fhir().baseUrl(), demo.sandboxPort())) {
            LOG.warnf("demo: the FHIR sandbox runs at %s but smartclinic.fhir.base-url is %s", sandbox.baseUrl(),
                    config.fhir().baseUrl());
        }
        GatewayConfig.BpMonitor bp = demo.bpMonitor();
        bpLink = config.dataDir().resolve("dev").resolve(bp.deviceId()).toAbsolutePath();
        try {
            bpMonitor = Bpm200Twin.builder(bpLink)
                    .scenario(Bpm200Twin.Scenario.valueOf(bp.scenario().toUpperCase(Locale.ROOT)))
                    .count(0)
                    .interval(bp.interval())
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("demo: cannot create the simulated BP monitor's pseudo-terminal at "
                    + bpLink + ": " + e.getMessage(), e);
        }
        return List.of(new DeviceSpec(bp.deviceId(), "bpm200", bp.station(), "SIM-BPM200-0001",
                ZoneId.systemDefault(), null, bpLink.toString(), null, Map.of(), true));
    }

    /** True if {@code baseUrl} is this machine's sandbox port, however the loopback host is spelled. */
    private static boolean pointsAtSandbox(String baseUrl, int port) {
        URI uri = URI.create(baseUrl);
        boolean loopback = "localhost".equals(uri.getHost()) || "127.0.0.1".equals(uri.getHost());
        return loopback && uri.getPort() == port && "/fhir".equals(uri.getPath());
    }

    /**
     * Waits until the sandbox's validator is warmed up, so the first exam of the demo is as quick as the rest;
     * the warm-up runs in the background from {@link #start()} while devices connect.
     */
    public void awaitSandboxReady() {
        if (sandbox == null || sandbox.isReady()) {
            return;
        }
        LOG.info("demo: waiting for the FHIR sandbox's validator to warm up (a few seconds, once per start)");
        if (!sandbox.awaitReady(Duration.ofMinutes(2))) {
            LOG.warn("demo: the FHIR sandbox is still warming up after 2 minutes; uploads wait for it");
        }
    }

    /** Readiness of the demo's EHR: up once it validates at full speed. */
    public HealthCheckResponse sandboxHealth() {
        return HealthCheckResponse.named("demo:fhir-sandbox").status(sandbox != null && sandbox.isReady())
                .withData("url", String.valueOf(sandboxUrl())).build();
    }

    public String sandboxUrl() {
        return sandbox == null ? null : sandbox.baseUrl();
    }

    public Path bpMonitorPort() {
        return bpLink;
    }

    public void stop() {
        if (bpMonitor != null) {
            bpMonitor.close();
        }
        if (sandbox != null) {
            sandbox.close();
        }
    }
}
