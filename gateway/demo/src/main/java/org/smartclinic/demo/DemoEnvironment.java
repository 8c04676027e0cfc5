package org.smartclinic.demo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.quarkus.arc.Unremovable;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.smartclinic.fhir.FhirContexts;
import org.smartclinic.gateway.GatewayAddOn;
import org.smartclinic.gateway.config.GatewayConfig;
import org.smartclinic.gateway.device.DeviceSpec;
import org.smartclinic.gateway.device.TransportSpec;
import org.smartclinic.gateway.journal.Exam;
import org.smartclinic.gateway.journal.ExamRecords;
import org.smartclinic.gateway.security.Roles;
import org.smartclinic.gateway.security.StaffService;
import org.smartclinic.simulator.device.bp.Bpm200Twin;
import org.smartclinic.simulator.device.iot.VitalsJsonTwin;
import org.smartclinic.simulator.device.lab.LabModel;
import org.smartclinic.simulator.device.lab.LabTwin;
import org.smartclinic.simulator.device.oximetry.Ox300Twin;
import org.smartclinic.simulator.device.spiro.Sp80Twin;
import org.smartclinic.simulator.fhir.FhirSandbox;
import org.smartclinic.simulator.twin.TwinPlug;

/**
 * Starts and stops the demo's test doubles around the gateway: the FHIR sandbox (the EHR), the MQTT broker, and
 * one simulated instrument per transport shape at station {@code smartclinic.demo.station}. Their devices are
 * registered as if configured.
 */
@ApplicationScoped
@Unremovable
public class DemoEnvironment implements GatewayAddOn {

    private static final Logger LOG = Logger.getLogger(DemoEnvironment.class);

    @Inject
    GatewayConfig config;

    @Inject
    DemoConfig demo;

    @ConfigProperty(name = "quarkus.http.port")
    int httpPort;

    @Inject
    ExamRecords exams;

    @Inject
    StaffService staff;

    private String password;

    private static final String LAB_SERIAL = "LP1-SIM-0001";

    private FhirSandbox sandbox;
    private Bpm200Twin bpMonitor;
    private final List<AutoCloseable> started = new ArrayList<>();

    @Override
    public List<DeviceSpec> start() {
        sandbox = FhirSandbox.start(new FhirSandbox.Settings("127.0.0.1", demo.sandboxPort(), "/fhir",
                demo.sandboxValidate()), FhirContexts.r4());
        if (!pointsAtSandbox(config.fhir().baseUrl(), demo.sandboxPort())) {
            LOG.warnf("demo: the FHIR sandbox runs at %s but smartclinic.fhir.base-url is %s", sandbox.baseUrl(),
                    config.fhir().baseUrl());
        }
        password = demo.password().filter(p -> !p.isBlank()).orElseGet(this::storedPassword);
        // One account per role, so the pages can be tried at once; anonymous calls are refused even here.
        staff.ensure("demo", "gp", "Demo GP", password, Set.of(Roles.GP));
        staff.ensure("demo", "technician", "Demo Technician", password, Set.of(Roles.TECHNICIAN));
        staff.ensure("demo", "admin", "Demo Admin", password, Set.of(Roles.ADMIN));
        List<DeviceSpec> devices = new ArrayList<>();
        devices.add(startBpMonitor());
        devices.add(startOximeter());
        devices.add(startSpirometer());
        devices.add(startIotDevice());
        devices.add(startLabAnalyzer());
        return devices;
    }

    /** The in-process broker and the IoT vitals device publishing to it every few seconds. */
    private DeviceSpec startIotDevice() {
        DemoBroker broker = DemoBroker.start(demo.mqttPort(), config.dataDir().resolve("mqtt").toAbsolutePath());
        started.add(broker);
        String topic = "clinic/" + demo.station() + "/iot-1/vitals";
        try {
            started.add(VitalsJsonTwin.builder(broker.url(), topic).clientId("iot-1")
                    .interval(demo.iot().interval()).start());
        } catch (IOException e) {
            throw new UncheckedIOException("demo: the simulated IoT device cannot reach the broker: " + e.getMessage(),
                    e);
        }
        return DeviceSpec.of("iot-1", "vitals-json", demo.station(), new TransportSpec.Mqtt("demo", topic), null);
    }

    private DeviceSpec startSpirometer() {
        Path inbox = spirometerInbox();
        try {
            Files.createDirectories(inbox);
        } catch (IOException e) {
            throw new UncheckedIOException("demo: cannot create the spirometer's export folder " + inbox, e);
        }
        if (!demo.spirometer().interval().isZero()) {
            started.add(Sp80Twin.builder(inbox).interval(demo.spirometer().interval()).serial("SP80-SIM-0001")
                    .slowWrite(true).start());
        }
        return DeviceSpec.of("spiro-1", "sp80", demo.station(), new TransportSpec.Folder(inbox, "*.csv",
                Duration.ofSeconds(2), 10L * 1024 * 1024), "SP80-SIM-0001");
    }

    private Path spirometerInbox() {
        return config.dataDir().resolve(demo.spirometer().folder()).toAbsolutePath();
    }

    private DeviceSpec startBpMonitor() {
        Path link = devicePath("bp-1");
        try {
            bpMonitor = Bpm200Twin.builder(link)
                    .scenario(Bpm200Twin.Scenario.valueOf(demo.bpMonitor().scenario().toUpperCase(Locale.ROOT)))
                    .count(0)
                    .interval(demo.bpMonitor().interval())
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("demo: cannot create the simulated BP monitor's pseudo-terminal at " + link
                    + ": " + e.getMessage(), e);
        }
        started.add(bpMonitor);
        return DeviceSpec.of("bp-1", "bpm200", demo.station(), new TransportSpec.Serial(link.toString(), null),
                "SIM-BPM200-0001");
    }

    /** The OX-300 on a pseudo-terminal, streaming pleth at 25 frames/s; numerics journaled every 10 s. */
    private DeviceSpec startOximeter() {
        Path link = devicePath("ox-1");
        try {
            started.add(Ox300Twin.builder(link).serial("OX3-SIM-0001").start());
        } catch (IOException e) {
            throw new UncheckedIOException("demo: cannot create the simulated oximeter's pseudo-terminal at " + link
                    + ": " + e.getMessage(), e);
        }
        return DeviceSpec.of("ox-1", "ox300", demo.station(), new TransportSpec.Serial(link.toString(), null),
                "OX3-SIM-0001");
    }

    /**
     * The LP-100 on a pseudo-terminal, and a poller that hands it every sample id issued for an exam open at the
     * station, once: as a nurse would put the tube in.
     */
    private DeviceSpec startLabAnalyzer() {
        Path link = devicePath("lab-1");
        LabTwin analyzer;
        try {
            analyzer = LabTwin.builder(LabModel.LP100, TwinPlug.pty(link)).cartridge(demo.lab().cartridge())
                    .serial(LAB_SERIAL).start();
        } catch (IOException e) {
            throw new UncheckedIOException("demo: cannot create the simulated lab analyzer's pseudo-terminal at "
                    + link + ": " + e.getMessage(), e);
        }
        started.add(analyzer);
        Set<String> run = ConcurrentHashMap.newKeySet();
        ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor(
                r -> Thread.ofPlatform().daemon().name("demo-lab-samples").unstarted(r));
        started.add(poller::shutdownNow);
        long every = demo.lab().poll().toMillis();
        poller.scheduleWithFixedDelay(() -> runNewSamples(analyzer, run), every, every, TimeUnit.MILLISECONDS);
        return DeviceSpec.of("lab-1", "lp100", demo.station(), new TransportSpec.Serial(link.toString(), null),
                LAB_SERIAL);
    }

    private void runNewSamples(LabTwin analyzer, Set<String> run) {
        try {
            for (Exam exam : exams.list(true, demo.station(), 10)) {
                for (ExamRecords.Sample sample : exams.samples(exam.id())) {
                    if (run.add(sample.id())) {
                        analyzer.measure(sample.id());
                    }
                }
            }
        } catch (RuntimeException e) {
            LOG.debugf("demo: looking for new samples failed: %s", e.toString());
        }
    }

    private Path devicePath(String device) {
        return config.dataDir().resolve("dev").resolve(device).toAbsolutePath();
    }

    /** True if {@code baseUrl} is this machine's sandbox port, however the loopback host is spelled. */
    private static boolean pointsAtSandbox(String baseUrl, int port) {
        URI uri = URI.create(baseUrl);
        boolean loopback = "localhost".equals(uri.getHost()) || "127.0.0.1".equals(uri.getHost());
        return loopback && uri.getPort() == port && "/fhir".equals(uri.getPath());
    }

    /**
     * Waits until the sandbox's validator is warmed up, so the first exam of the demo is as quick as the rest; the
     * warm-up runs in the background from {@link #start()} while devices connect.
     */
    @Override
    public void awaitReady() {
        if (sandbox == null || sandbox.isReady()) {
            return;
        }
        LOG.info("demo: waiting for the FHIR sandbox's validator to warm up (a few seconds, once per start)");
        if (!sandbox.awaitReady(Duration.ofMinutes(2))) {
            LOG.warn("demo: the FHIR sandbox is still warming up after 2 minutes; uploads wait for it");
        }
    }

    /** The demo password kept in the data folder, made at the first start. */
    private String storedPassword() {
        Path file = config.dataDir().resolve("demo-password");
        try {
            if (Files.exists(file)) {
                return Files.readString(file).trim();
            }
            byte[] b = new byte[9];
            new SecureRandom().nextBytes(b);
            String made = "demo-" + Base64.getUrlEncoder().withoutPadding().encodeToString(b);
            Files.createDirectories(config.dataDir());
            Files.writeString(file, made + "\n");
            return made;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep the demo password in " + file, e);
        }
    }

    @Override
    public List<String> welcome() {
        return List.of("",
                "Embedded demo: the EHR is the in-process FHIR sandbox, the instruments are simulated.",
                "  Spirometer exports: drop SP-80 files (*.csv) into " + spirometerInbox(),
                "  Lab analyzer lab-1 (LP-100, " + demo.lab().cartridge() + "): issue a sample id for the open exam"
                        + " (POST /api/exams/<id>/samples) and it runs that sample within seconds",
                "  Open http://localhost:" + httpPort + "/ and log in as one of the demo accounts (password "
                        + password + "):",
                "    gp — the GP console; technician — the instruments; admin — staff accounts",
                "  The EHR's view: curl -s '" + config.fhir().baseUrl() + "/Observation?_count=5'");
    }

    @Override
    public void stop() {
        for (AutoCloseable c : started.reversed()) {
            try {
                c.close();
            } catch (Exception e) {
                LOG.debugf("demo: stopping %s failed: %s", c, e.toString());
            }
        }
        if (sandbox != null) {
            sandbox.close();
        }
    }
}
