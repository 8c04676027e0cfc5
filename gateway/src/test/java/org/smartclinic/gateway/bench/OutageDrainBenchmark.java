package org.smartclinic.gateway.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.restassured.RestAssured;
import jdk.jfr.Configuration;
import jdk.jfr.Recording;
import io.restassured.path.json.JsonPath;

import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Identifier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.smartclinic.fhir.DeviceInfo;
import org.smartclinic.fhir.FhirContexts;
import org.smartclinic.fhir.MapperSettings;
import org.smartclinic.fhir.MappingException;
import org.smartclinic.gateway.it.BatchUploads;
import org.smartclinic.gateway.it.Ehr;
import org.smartclinic.gateway.it.GatewayApi;
import org.smartclinic.gateway.it.GatewayProcess;
import org.smartclinic.gateway.it.JpaEhr;
import org.smartclinic.gateway.it.Staff;
import org.smartclinic.gateway.it.TcpGate;
import org.smartclinic.gateway.uplink.BatchSender;
import org.smartclinic.simulator.fhir.FhirSandbox;
import org.smartclinic.simulator.load.MqttLoad;

/**
 * Drain after an outage, through the whole production gateway (its own JVM: journal, outbox, planner, rounds,
 * batches), against the same server's own ingest rate for the same readings. Per EHR (the sandbox without and
 * with validation, the HAPI FHIR JPA server): the EHR runs behind a {@link TcpGate} that refuses every connection;
 * the gateway starts, an exam is opened, simulated MQTT vitals devices ({@link MqttLoad}) publish the backlog and
 * the gateway journals and queues every reading; then the gate opens and the time until the outbox holds nothing
 * pending is the drain. Every reading must be on the EHR exactly once (Observations counted, identifiers
 * distinct) and nothing a dead letter. Then the same readings, as the uplink's transactions ({@link ServerIngest}),
 * are posted to a fresh server of the same kind by a plain HAPI client, one at a time (the uplink's one thread),
 * through a passing {@link TcpGate} of its own (so both rates cross the same loopback relay, and the ratio is the
 * gateway's own cost), and the ratio of the two rates is the figure the issue asks for (goal: at least 0.9).
 * Before the measured outage the gateway goes through one of the same kind with other readings (20,000 for the
 * sandbox without validation, a few hundred for the others), as a gateway in service would have, and the benchmark
 * waits until its JIT compilers are idle ({@link GatewayProcess#awaitJitSettled}): after a warm-up of 1,000 readings
 * delivered as they came, the compilers took about 40 % of the gateway's CPU during the drain. The server for the own
 * rate gets as many readings from the plain client first (neither is counted). The own rate of a sandbox is the
 * median of {@code drain.own-runs} fresh servers (it varied up to threefold between single runs). The sandboxes run
 * in this JVM, so a throwaway one first takes as many readings as the drain will, and neither rate pays for
 * compiling the server's code. The report also gives the CPU time per reading of the gateway and of this JVM (the EHR, the relay,
 * the outbox polling) during the drain, and of this JVM (the EHR and the plain client) during the own rate.
 *
 * <p>Not part of the test suite (a benchmark, not a timed test); run it with
 * {@code ./mvnw -o -pl gateway -am verify -Dit.test=OutageDrainBenchmark -Dtest=none
 * -Dsurefire.failIfNoSpecifiedTests=false -Dfailsafe.failIfNoSpecifiedTests=false}. Settings:
 * {@code -Ddrain.readings=20000} (sandbox without validation), {@code -Ddrain.validating-readings=500},
 * {@code -Ddrain.jpa-readings=2000}, {@code -Ddrain.devices=10}, {@code -Ddrain.ehrs=sandbox,validating,jpa},
 * {@code -Ddrain.jvm-warm-up=true}, {@code -Ddrain.gateway-heap=1g}, {@code -Ddrain.warm-up=20000} (readings of the
 * warm-up outage, sandbox without validation), {@code -Ddrain.own-runs=3},
 * {@code -Ddrain.jfr=true} (flight recordings of each gateway and of this JVM's drain and own-rate phases, in
 * {@code target/benchmarks/}),
 * {@code -Ddrain.pin=true} (the gateway on CPU 0, this JVM, the EHR and the broker on the others, as on separate
 * machines; see {@link CpuPinning}). Results go to
 * standard output and {@code gateway/target/benchmarks/outage-drain.md}.
 */
class OutageDrainBenchmark {

    private static final int READINGS = Integer.getInteger("drain.readings", 20_000);
    private static final int VALIDATING_READINGS = Integer.getInteger("drain.validating-readings", 500);
    private static final int JPA_READINGS = Integer.getInteger("drain.jpa-readings", 2_000);
    private static final int DEVICES = Integer.getInteger("drain.devices", 10);
    /** Readings of the warm-up outage the gateway drains into the sandbox without validation (see {@link Kind}). */
    private static final int SANDBOX_WARM_UP = Integer.getInteger("drain.warm-up", 20_000);
    private static final List<String> EHRS = List.of(System.getProperty("drain.ehrs", "sandbox,validating,jpa")
            .split(","));
    private static final boolean JFR = Boolean.getBoolean("drain.jfr");
    private static final boolean JVM_WARM_UP = Boolean.parseBoolean(System.getProperty("drain.jvm-warm-up", "true"));
    /** Fresh servers the own rate is measured on, for the EHRs in this JVM; the median counts. */
    private static final int OWN_RUNS = Integer.getInteger("drain.own-runs", 3);
    /** The gateway's heap ({@code -Xmx}), as in {@link IngestBenchmark}. */
    private static final String HEAP = System.getProperty("drain.gateway-heap", "1g");
    /** The gateway's default {@code smartclinic.uplink.batch-size}, used for the server's own ingest too. */
    private static final int BATCH = 100;
    private static final String GATEWAY_ID = "drain-gw";
    private static final String STATION = "bench";
    private static final Path OUT = Path.of("target", "benchmarks");

    @TempDir
    static Path dir;

    private static MosquittoForBench broker;
    private static String pinning;

    /** One measurement of a server's own ingest: how long the readings took, and this JVM's CPU meanwhile. */
    private record Own(Duration took, Duration cpu) {
    }

    /** An EHR the benchmark starts and stops. */
    private interface Server extends AutoCloseable {
        String baseUrl();

        @Override
        void close();
    }

    /**
     * One EHR to measure: how many readings; how many other readings warm things up first (not counted): the gateway
     * delivers that many before the outage, and the server for its own ingest gets as many from a plain client, so
     * neither rate is of cold code; and how to start an empty one.
     */
    private record Kind(String name, String title, int readings, int warmUp, boolean inThisJvm,
            Supplier<Server> start) {
        Server started() throws MappingException {
            return started(warmUp);
        }

        Server started(int warmUp) throws MappingException {
            Server server = start.get();
            BatchSender sender = BatchUploads.sender(new Ehr(server.baseUrl()));
            for (int n = 0; n * 100 < warmUp; n++) {
                BatchSender.Result r = sender.send(BatchUploads.readings("warm-up-" + n + "-" + System.nanoTime(),
                        "900-000-000 00", Math.min(100, warmUp - n * 100), 3, Instant.parse("2026-12-01T08:00:00Z")));
                assertThat(r.dead.isEmpty() && r.retryFailure == null).as("warm-up readings stored").isTrue();
            }
            return server;
        }
    }

    /** What the drain through the gateway took. */
    private record Drain(Instant opened, long rounds, double roundSeconds, Duration gatewayCpu, Duration jitCpu,
            Duration serverCpu, Duration settled) {
    }

    @AfterAll
    static void stopBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void drainAfterOutage_perEhr_againstTheServersOwnIngest() throws Exception {
        // As the gateway's read timeout (30 s) and more: the validating sandbox takes seconds per batch.
        FhirContexts.r4().getRestfulClientFactory().setSocketTimeout(120_000);
        // Before the broker and the EHRs start, so that they run beside this JVM, away from the gateway.
        pinning = CpuPinning.pinThisJvmAwayFromTheGateway(
                Boolean.parseBoolean(System.getProperty("drain.pin", "false")));
        broker = MosquittoForBench.start(dir.resolve("broker"), 1_000);
        List<String> rows = new ArrayList<>();
        for (Kind kind : kinds()) {
            if (EHRS.contains(kind.name())) {
                rows.add(measure(kind));
                System.out.println(rows.getLast());
            }
        }
        String table = String.format(Locale.ROOT, """
                %s, load average at the end %.1f (%d cores; %s)

                | EHR | readings | drain after the outage (s) | of which until the first answer (s) | gateway \
                readings/s | server's own readings/s (median; range) | ratio | rounds | mean round (ms) | CPU per \
                reading in the drain: gateway (of it JIT) / this JVM (us) | CPU per reading, own rate: this JVM (us) \
                | waited for the gateway's JIT to settle (s) |
                |---|---|---|---|---|---|---|---|---|---|---|---|
                %s
                """, Instant.now(), ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
                Runtime.getRuntime().availableProcessors(), pinning, String.join("\n", rows));
        System.out.println(table);
        Files.createDirectories(OUT);
        Files.writeString(OUT.resolve("outage-drain.md"), table);
    }

    private List<Kind> kinds() {
        return List.of(
                new Kind("sandbox", "sandbox (validation off)", READINGS, SANDBOX_WARM_UP, true,
                        () -> sandbox(false)),
                new Kind("validating", "sandbox (validating)", VALIDATING_READINGS, 200, true, () -> sandbox(true)),
                new Kind("jpa", "HAPI FHIR JPA server", JPA_READINGS, 300, false, this::jpa));
    }

    private String measure(Kind kind) throws Exception {
        int perDevice = Math.max(1, kind.readings() / DEVICES);
        int total = perDevice * DEVICES;
        Drain drain;
        List<Bundle> transactions;
        Instant[] sent;
        if (JVM_WARM_UP && kind.inThisJvm()) {
            // The drain's server and the one for the own rate run in this JVM, the second after the first: without
            // this, the drain pays for compiling the server's code and the own rate hardly does.
            long start = System.nanoTime();
            try (Server throwaway = kind.started(kind.readings())) {
                System.out.printf(Locale.ROOT, "%s: this JVM warmed up with %d readings in %.1f s%n", kind.title(),
                        kind.readings(), (System.nanoTime() - start) / 1e9);
            }
        }
        try (Server ehr = kind.start().get(); TcpGate gate = TcpGate.to(ehr.baseUrl())) {
            GatewayProcess gateway = gateway(dir.resolve(kind.name()), gate.baseUrl());
            Map<String, DeviceInfo> devices;
            try {
                devices = backlog(gateway, gate, kind, perDevice);
                try (AutoCloseable recording = record(kind, "drain")) {
                    drain = drain(gateway, gate, total);
                }
            } finally {
                gateway.close();
            }
            assertExactlyOnce(ehr.baseUrl(), total);
            Path journal = gateway.dataDir().resolve("journal.db");
            transactions = ServerIngest.transactions(journal,
                    new MapperSettings(GATEWAY_ID, MapperSettings.DEFAULT_IDENTIFIER_SYSTEM), devices, BATCH);
            sent = ServerIngest.sentBetween(journal, devices.keySet());
        }
        // The sandboxes' own rate moved up to threefold between runs of the same code (2,296-8,270 readings/s), so
        // it is measured on several fresh servers and the median taken; the JPA server, a process of its own, once.
        List<String> encoded = ServerIngest.encoded(transactions);
        List<Own> owns = new ArrayList<>();
        for (int run = 0; run < (kind.inThisJvm() ? OWN_RUNS : 1); run++) {
            try (Server fresh = kind.started(); TcpGate link = TcpGate.to(fresh.baseUrl())) {
                System.gc(); // as before the drain: both start from a collected heap in this JVM, where the EHRs run
                try (AutoCloseable recording = record(kind, run == 0 ? "own" : "own-" + (run + 1))) {
                    Duration cpu = thisJvmCpu();
                    Duration took = ServerIngest.post(encoded, link.baseUrl());
                    owns.add(new Own(took, thisJvmCpu().minus(cpu)));
                }
                assertExactlyOnce(fresh.baseUrl(), total);
            }
        }
        owns.sort(Comparator.comparing(Own::took));
        Own median = owns.get(owns.size() / 2);
        Duration own = median.took();
        Duration ownCpu = median.cpu();
        String ownRange = owns.size() == 1 ? "" : String.format(Locale.ROOT, " (%.0f-%.0f, %d runs)",
                total / seconds(owns.getLast().took()), total / seconds(owns.getFirst().took()), owns.size());
        // From the gate opening to the EHR's answer for the last reading, as the gateway recorded it (sent_at): the
        // polling below only says when to stop waiting, and its 250 ms steps would otherwise count against the drain.
        Duration took = Duration.between(drain.opened(), sent[1]);
        double gatewayRate = total / seconds(took);
        double ownRate = total / seconds(own);
        return String.format(Locale.ROOT,
                "| %s | %d | %.1f | %.1f | %.0f | %.0f%s | **%.2f** | %d | %.0f | %.0f (%.0f) / %.0f | %.0f | %.0f |",
                kind.title(), total, seconds(took), seconds(Duration.between(drain.opened(), sent[0])), gatewayRate,
                ownRate, ownRange,
                gatewayRate / ownRate, drain.rounds(), drain.roundSeconds() * 1000 / Math.max(1, drain.rounds()),
                micros(drain.gatewayCpu(), total), micros(drain.jitCpu(), total), micros(drain.serverCpu(), total),
                micros(ownCpu, total), seconds(drain.settled()));
    }

    private static GatewayProcess gateway(Path work, String ehrBaseUrl) {
        GatewayProcess gateway = new GatewayProcess(work).property("smartclinic.gateway-id", GATEWAY_ID)
                .property("smartclinic.fhir.base-url", ehrBaseUrl)
                .property("smartclinic.mqtt.default.url", broker.url());
        gateway.jvmOption("-Xmx" + HEAP);
        if (CpuPinning.pinned(pinning)) {
            gateway.pinnedTo(CpuPinning.GATEWAY_CPUS);
        }
        if (JFR) {
            gateway.flightRecording(OUT.resolve("drain-" + work.getFileName() + ".jfr"));
        }
        return gateway;
    }

    /**
     * The gateway in service, then the outage: starts the gateway with {@link #DEVICES} MQTT devices ({@code load-n})
     * and as many for the warm-up ({@code warm-n}) at one station; a first outage: the gate refuses, an exam takes
     * the warm-up readings, the gate passes, and the exam is closed once they are delivered (the gateway's delivery
     * code is then as warm as in a gateway that has been through outages). Then the gate refuses, a second exam is
     * opened (the EHR cannot be asked for its patient: each transaction creates it conditionally) and the devices
     * publish {@code perDevice} readings each. Returns once all are journaled and queued, with the devices as the gateway describes them.
     */
    private static Map<String, DeviceInfo> backlog(GatewayProcess gateway, TcpGate gate, Kind kind, int perDevice)
            throws Exception {
        MqttLoad warm = new MqttLoad(broker.url(), "drain-warm/" + kind.name(), DEVICES,
                Math.max(1, kind.warmUp() / DEVICES), 100, 1);
        MqttLoad load = new MqttLoad(broker.url(), "drain/" + kind.name(), DEVICES, perDevice, 100, 1);
        for (int d = 1; d <= DEVICES; d++) {
            gateway.device("warm-" + d, "vitals-json", STATION, "mqtt")
                    .deviceProperty("warm-" + d, "mqtt.topic", warm.topic(d))
                    .device(MqttLoad.deviceId(d), "vitals-json", STATION, "mqtt")
                    .deviceProperty(MqttLoad.deviceId(d), "mqtt.topic", load.topic(d));
        }
        gateway.start();
        GatewayApi api = new GatewayApi(gateway.baseUrl());
        Map<String, DeviceInfo> devices = new LinkedHashMap<>();
        for (int d = 1; d <= DEVICES; d++) {
            String id = MqttLoad.deviceId(d);
            String warmId = "warm-" + d;
            await().atMost(Duration.ofSeconds(60)).until(() -> "CONNECTED".equals(api.device(id).getString("state"))
                    && "CONNECTED".equals(api.device(warmId).getString("state")));
            JsonPath view = api.device(id);
            devices.put(id, new DeviceInfo(id, view.getString("driver"), view.getString("model"),
                    view.getString("serialNumber"), STATION));
        }
        // The warm-up is an outage and a drain of its own, so that the measured drain runs the code paths the
        // gateway has compiled already, as one that has been through outages before.
        long warmUp = (long) Math.max(1, kind.warmUp() / DEVICES) * DEVICES;
        gate.refuse();
        String warmExam = api.openExam(STATION, "900-100-201 00");
        publish(warm);
        await("the warm-up queued").atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(500))
                .until(() -> api.outbox().getLong("counts.PENDING") >= warmUp);
        gate.pass();
        await("the warm-up delivered").atMost(Duration.ofMinutes(10)).pollInterval(Duration.ofMillis(500))
                .until(() -> api.outbox().getLong("counts.SENT") >= warmUp);
        api.closeExam(warmExam);
        await("the warm-up exam closed on the EHR").atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500))
                .until(() -> api.outbox().getLong("counts.PENDING") == 0);
        long warmed = (long) api.metric("smartclinic_readings_total");

        gate.refuse();
        api.openExam(STATION, "900-100-200 00");
        publish(load);
        long total = (long) perDevice * DEVICES;
        await("every reading journaled and queued").atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(500))
                .until(() -> api.metric("smartclinic_readings_total") >= warmed + total
                        && api.outbox().getLong("counts.PENDING") >= total);
        return devices;
    }

    private static void publish(MqttLoad load) throws Exception {
        MqttLoad.Result published = load.run(Duration.ofMinutes(10));
        assertThat(published.failed()).as("publishes the broker did not acknowledge").isZero();
    }

    /**
     * Opens the gate and waits until nothing is pending; when it opened, the gateway's own timings of its rounds and
     * the CPU used meanwhile. The outbox is polled with the JDK's HTTP client (RestAssured's JSON path took CPU
     * beside the EHR on every poll).
     */
    private static Drain drain(GatewayProcess gateway, TcpGate gate, int total) {
        String gatewayBase = gateway.baseUrl();
        GatewayApi api = new GatewayApi(gatewayBase);
        Duration settled = gateway.awaitJitSettled(Duration.ofMinutes(5));
        Duration gatewayCpu = gateway.cpuTime();
        Duration jitCpu = gateway.jitCpuTime();
        Duration serverCpu = thisJvmCpu();
        double roundsBefore = timer(gatewayBase, "_count");
        double secondsBefore = timer(gatewayBase, "_sum");
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest summary = HttpRequest.newBuilder(URI.create(gatewayBase + "/api/outbox"))
                .header("Cookie", Staff.defaultSession(gatewayBase).cookieHeader()).build();
        Pattern noneLeft = Pattern.compile("\"PENDING\"\\s*:\\s*0\\b");
        System.gc(); // this JVM's garbage so far (the throwaway server, the backlog's publishing) is not the drain's
        Instant opened = Instant.now();
        gate.pass();
        await("the backlog drained").atMost(Duration.ofMinutes(60)).pollInterval(Duration.ofMillis(250)).until(() -> {
            HttpResponse<String> r = http.send(summary, HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as("GET /api/outbox").isEqualTo(200);
            return noneLeft.matcher(r.body()).find();
        });
        gatewayCpu = gateway.cpuTime().minus(gatewayCpu);
        jitCpu = gateway.jitCpuTime().minus(jitCpu);
        serverCpu = thisJvmCpu().minus(serverCpu);
        JsonPath outbox = api.outbox();
        assertThat(outbox.getLong("counts.SENT")).as("items sent, warm-up included").isGreaterThan(total);
        assertThat(outbox.getLong("counts.DEAD")).as("dead letters").isZero();
        long rounds = (long) (timer(gatewayBase, "_count") - roundsBefore);
        return new Drain(opened, rounds, timer(gatewayBase, "_sum") - secondsBefore, gatewayCpu, jitCpu, serverCpu,
                settled);
    }

    /**
     * With {@code -Ddrain.jfr=true}, a flight recording (CPU-time samples) of this JVM, where the sandboxes run,
     * for one phase, written to {@code target/benchmarks/<kind>-<phase>.jfr} when closed; otherwise one that records
     * nothing.
     */
    private static AutoCloseable record(Kind kind, String phase) throws IOException, ParseException {
        if (!JFR) {
            return () -> {
            };
        }
        Recording r = new Recording(Configuration.getConfiguration("profile"));
        r.enable("jdk.CPUTimeSample");
        Files.createDirectories(OUT);
        r.setDestination(OUT.resolve(kind.name() + "-" + phase + ".jfr"));
        r.start();
        return () -> {
            r.stop(); // writes the destination
            r.close();
        };
    }

    private static Duration thisJvmCpu() {
        return ProcessHandle.current().info().totalCpuDuration().orElse(Duration.ZERO);
    }

    /** The uplink's round timer ({@code smartclinic_uplink_transaction_seconds<suffix>}, with or without labels). */
    private static double timer(String gatewayBase, String suffix) {
        String text = RestAssured.given().baseUri(gatewayBase).get("/q/metrics").then().statusCode(200).extract()
                .asString();
        Matcher m = Pattern.compile("(?m)^smartclinic_uplink_transaction_seconds" + suffix + "(\\{[^}]*})?\\s+(\\S+)$")
                .matcher(text);
        return m.find() ? Double.parseDouble(m.group(2)) : 0;
    }

    /**
     * Every reading is on the EHR once: as many Observations of the backlog's devices (their identifier starts with
     * the gateway's id and {@code load-}; the warm-ups' are others') as readings, each with its own identifier.
     */
    private static void assertExactlyOnce(String baseUrl, int readings) {
        List<String> identifiers = new Ehr(baseUrl).observations().stream()
                .flatMap(o -> o.getIdentifier().stream().map(Identifier::getValue))
                .filter(v -> v.startsWith(GATEWAY_ID + "/load-")).toList();
        assertThat(identifiers).as("Observations of the benchmark's readings on the EHR").hasSize(readings);
        assertThat(Set.copyOf(identifiers)).as("distinct identifiers among them").hasSize(readings);
    }

    private static Server sandbox(boolean validate) {
        FhirSandbox s = FhirSandbox.start(new FhirSandbox.Settings("127.0.0.1", 0, "/fhir", validate));
        assertThat(s.awaitReady(Duration.ofSeconds(120))).as("sandbox ready").isTrue();
        return new Server() {
            @Override
            public String baseUrl() {
                return s.baseUrl();
            }

            @Override
            public void close() {
                s.close();
            }
        };
    }

    private Server jpa() {
        JpaEhr j = JpaEhr.start(dir.resolve("jpa-" + System.nanoTime()));
        return new Server() {
            @Override
            public String baseUrl() {
                return j.baseUrl();
            }

            @Override
            public void close() {
                j.close();
            }
        };
    }

    private static double micros(Duration cpu, int readings) {
        return cpu.toNanos() / 1e3 / readings;
    }

    private static double seconds(Duration d) {
        return d.toNanos() / 1e9;
    }
}
