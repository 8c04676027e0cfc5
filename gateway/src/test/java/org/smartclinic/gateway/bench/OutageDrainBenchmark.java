package org.smartclinic.gateway.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;

import org.hl7.fhir.r4.model.Identifier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.smartclinic.fhir.DeviceInfo;
import org.smartclinic.fhir.FhirContexts;
import org.smartclinic.fhir.MapperSettings;
import org.smartclinic.gateway.it.Ehr;
import org.smartclinic.gateway.it.EhrProcess;
import org.smartclinic.gateway.it.GatewayApi;
import org.smartclinic.gateway.it.GatewayProcess;
import org.smartclinic.gateway.it.JitCpu;
import org.smartclinic.gateway.it.JpaEhr;
import org.smartclinic.gateway.it.Staff;
import org.smartclinic.gateway.it.TcpGate;
import org.smartclinic.gateway.journal.Outbox;
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
 *
 * <p>Both servers have the same history. Each EHR runs in a process of its own, started empty ({@link EhrProcess}:
 * the sandbox as {@code simulator.jar fhir-sandbox}). Before the measured outage the gateway goes through
 * {@code drain.warm-up-exams} outages of the same kind with other readings and an exam each (60,000 readings in all
 * for the sandbox without validation, a few hundred for the others), as a gateway in service would have; the server
 * for the own rate gets the same transactions from the plain client (rebuilt from the gateway's journal). Then,
 * before either measured phase, the benchmark waits until the JIT compilers of the gateway and of the EHR are idle
 * ({@link JitCpu#awaitSettled}). Until 2026-12-05 17:00 the sandboxes ran in this JVM and the own rate was measured
 * after the drain on code the drain's server had compiled, from a server warmed with other transactions than the
 * drain's: this JVM's compilers took 24-50 us per reading during the drain and 4-18 during the own rate.
 *
 * <p>The same server's own rate too (since 2026-12-05 23:00): the EHR the gateway drains into ingests, from the plain
 * client, copies of the backlog (the same readings under another gateway id, so other identifiers and the same
 * request bytes; {@link #sameServer}): one not measured (the server's first requests from the plain client), one
 * just before the drain and one just after it. Fresh servers of the same kind took up to twice the
 * CPU per reading of one another for the same requests, which the ratio to them carries; the ratio to the same
 * server compares two clients of one process, heap and store. With the JVM's default heap one process also moved
 * between phases (135-185 against 220-320 us per reading, the same profile throughout): the phase in which its heap
 * grew, touching fresh memory; hence the fixed, pre-touched heap ({@code drain.ehr-heap}). The report gives each
 * phase's CPU per reading, and how busy the EHR was in each (CPU per reading times delivery rate).
 *
 * <p>Two rates per side: over the whole drain (from the gate opening, which includes the gateway's wait before
 * trying again, up to {@code smartclinic.uplink.max-backoff}, 1 s in tests and 60 s by default) or the whole own
 * run, and from the EHR's first answer to its last (the delivery rate: the readings answered after the first answer
 * over that time). The own rate of a sandbox is the median of {@code drain.own-runs} fresh servers (single runs
 * moved up to threefold). The report also gives the CPU time per reading of the gateway and of the EHR's process
 * (and of each, its JIT compilers') during the drain, and of the EHR's process during the own rate, and the request
 * bytes per reading both relays passed (the same transactions give the same bytes).
 *
 * <p>Not part of the test suite (a benchmark, not a timed test); run it with
 * {@code ./mvnw -o -pl gateway -am verify -Dit.test=OutageDrainBenchmark -Dtest=none
 * -Dsurefire.failIfNoSpecifiedTests=false -Dfailsafe.failIfNoSpecifiedTests=false}. Settings:
 * {@code -Ddrain.readings=20000} (sandbox without validation), {@code -Ddrain.validating-readings=500},
 * {@code -Ddrain.jpa-readings=2000}, {@code -Ddrain.devices=10}, {@code -Ddrain.ehrs=sandbox,validating,jpa},
 * {@code -Ddrain.gateway-heap=1g}, {@code -Ddrain.ehr-heap=3g} (the sandboxes' fixed heap; empty: the JVM's
 * defaults), {@code -Ddrain.ehr-jvm=...} (more JVM options for the sandboxes), {@code -Ddrain.warm-up=60000}
 * (readings of the warm-up outages, sandbox without validation), {@code -Ddrain.warm-up-exams=2},
 * {@code -Ddrain.own-runs=3},
 * {@code -Ddrain.jfr=true} (flight recordings of each gateway and sandbox process, in {@code target/benchmarks/}),
 * {@code -Ddrain.pin=true} (the gateway and, for the own rate, the plain client on CPU 0; this JVM, the EHR and the
 * broker on the others, as on separate machines; see {@link CpuPinning}). Results go to
 * standard output and {@code gateway/target/benchmarks/outage-drain.md}.
 */
class OutageDrainBenchmark {

    private static final int READINGS = Integer.getInteger("drain.readings", 20_000);
    private static final int VALIDATING_READINGS = Integer.getInteger("drain.validating-readings", 500);
    private static final int JPA_READINGS = Integer.getInteger("drain.jpa-readings", 2_000);
    private static final int DEVICES = Integer.getInteger("drain.devices", 10);
    /** Readings of the warm-up outages the gateway drains into the sandbox without validation (see {@link Kind}). */
    private static final int SANDBOX_WARM_UP = Integer.getInteger("drain.warm-up", 60_000);
    private static final List<String> EHRS = List.of(System.getProperty("drain.ehrs", "sandbox,validating,jpa")
            .split(","));
    private static final boolean JFR = Boolean.getBoolean("drain.jfr");
    /** Fresh sandboxes the own rate is measured on (the JPA server: one); the median counts. */
    private static final int OWN_RUNS = Integer.getInteger("drain.own-runs", 3);
    private static final Duration JIT_SETTLE_MAX = Duration.ofMinutes(5);
    /** Warm-up outages before the measured one, each with an exam (a patient) of its own. */
    private static final int WARM_UP_EXAMS = Integer.getInteger("drain.warm-up-exams", 2);
    private static final Pattern SANDBOX_READY = Pattern.compile("(?sm)FHIR sandbox listening on (\\S+)\\s.*^ready$");
    /** The gateway's heap ({@code -Xmx}), as in {@link IngestBenchmark}. */
    private static final String HEAP = System.getProperty("drain.gateway-heap", "1g");
    /**
     * The sandboxes' heap, fixed and touched at start ({@code -Xms -Xmx -XX:+AlwaysPreTouch}), as a server in service
     * has it: grown long ago. Left to grow, it grew from about 1.9 to 2.4 GiB in the middle of one measured phase or
     * another, and that phase took up to twice the EHR's CPU per reading (its first touches of the new memory). Empty:
     * the JVM's defaults.
     */
    private static final String EHR_HEAP = System.getProperty("drain.ehr-heap", "3g").strip();
    /** More JVM options for the sandboxes' processes, space-separated (e.g. GC logging). */
    private static final String EHR_JVM = System.getProperty("drain.ehr-jvm", "").strip();
    /** The gateway's default {@code smartclinic.uplink.batch-size}, used for the server's own ingest too. */
    private static final int BATCH = 100;
    private static final String GATEWAY_ID = "drain-gw";
    /**
     * The gateway ids of the copies the drain's own server ingests before and after the drain: other identifiers, of
     * the same length as {@link #GATEWAY_ID}'s, so the requests have the same bytes.
     */
    private static final String COPY_WARM = "drain-oW";
    private static final String COPY_BEFORE = "drain-oA";
    private static final String COPY_AFTER = "drain-oB";
    private static final String STATION = "bench";
    private static final Path OUT = Path.of("target", "benchmarks");

    @TempDir
    static Path dir;

    private static MosquittoForBench broker;
    private static String pinning;

    /**
     * One measurement of a server's own ingest: how long the readings took, the server's CPU and its JIT compilers'
     * meanwhile, and the request bytes relayed to it.
     */
    private record Own(ServerIngest.Delivery delivery, Duration cpu, Duration jit, long requestBytes) {
    }

    /**
     * One EHR to measure: how many readings; how many other readings warm both servers up first (not counted): the
     * gateway delivers them in an outage of their own before the measured one, and the server for the own rate gets
     * the same transactions from the plain client; how many fresh servers the own rate is measured on; and how to
     * start an empty server in a process of its own.
     */
    private record Kind(String name, String title, int readings, int warmUp, int ownRuns, Supplier<EhrProcess> start) {
    }

    /** What the drain through the gateway took. */
    private record Drain(Instant opened, long rounds, double roundSeconds, Duration gatewayCpu, Duration jitCpu,
            Duration serverCpu, Duration serverJit, Duration settled) {
    }

    /** The backlog's devices and the warm-up's, as the gateway describes them. */
    private record Devices(Map<String, DeviceInfo> load, Map<String, DeviceInfo> warm) {
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
                readings/s: whole drain / from the first answer | the same server's own readings/s from the first \
                answer: before / after the drain | its CPU per reading then: before (JIT) / after (JIT) (us) | ratio \
                to the same server: delivery rate / the mean of before and after, / before | fresh servers' own \
                readings/s: from the first request / from the first answer (median; range) | ratio to fresh servers: \
                whole / from the first answer | rounds | mean round (ms) | CPU per reading in the drain: gateway (of \
                it JIT) / EHR (of it JIT) (us) | CPU per reading, fresh servers' own rate: EHR (of it JIT) (us) | \
                EHR busy (CPUs): drain / same server's own (mean) / fresh servers' own, quotients: same / fresh | \
                request bytes per reading: drain / own | waited for the gateway's JIT to settle (s) |
                |---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|
                %s
                """, Instant.now(), ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
                Runtime.getRuntime().availableProcessors(), pinning, String.join("\n", rows));
        System.out.println(table);
        Files.createDirectories(OUT);
        Files.writeString(OUT.resolve("outage-drain.md"), table);
    }

    private List<Kind> kinds() {
        return List.of(
                new Kind("sandbox", "sandbox (validation off)", READINGS, SANDBOX_WARM_UP, OWN_RUNS,
                        () -> sandbox("sandbox", false)),
                new Kind("validating", "sandbox (validating)", VALIDATING_READINGS, 200, OWN_RUNS,
                        () -> sandbox("validating", true)),
                new Kind("jpa", "HAPI FHIR JPA server", JPA_READINGS, 300, 1,
                        () -> JpaEhr.start(dir.resolve("jpa-" + System.nanoTime())).process()));
    }

    private String measure(Kind kind) throws Exception {
        int perDevice = Math.max(1, kind.readings() / DEVICES);
        int total = perDevice * DEVICES;
        Drain drain;
        long drainBytes;
        List<String> warmUp;
        List<String> encoded;
        List<Instant> sent;
        Own sameBefore;
        Own sameAfter;
        try (EhrProcess ehr = kind.start().get(); TcpGate gate = TcpGate.to(ehr.baseUrl());
                TcpGate direct = TcpGate.to(ehr.baseUrl())) {
            GatewayProcess gateway = gateway(dir.resolve(kind.name()), gate.baseUrl());
            Path journal = gateway.dataDir().resolve("journal.db");
            Devices devices;
            try {
                devices = backlog(gateway, gate, kind, perDevice);
                // The drain's own server ingests a copy of the backlog (other identifiers) before the drain and
                // another after it, from the plain client: its own rate on the very process, heap and compiled code
                // the gateway drains into, which fresh servers of the same kind do not share (their cost per
                // reading moved up to twofold between processes). First one copy not measured, so that neither
                // measured phase holds the server's first requests from the plain client.
                sameServer(ehr, direct, journal, Outbox.State.PENDING, COPY_WARM, devices, total);
                sameBefore = sameServer(ehr, direct, journal, Outbox.State.PENDING, COPY_BEFORE, devices, total);
                long before = gate.requestBytes();
                drain = drain(gateway, gate, ehr, total);
                drainBytes = gate.requestBytes() - before;
                sameAfter = sameServer(ehr, direct, journal, Outbox.State.SENT, COPY_AFTER, devices, total);
            } finally {
                gateway.close();
            }
            assertExactlyOnce(ehr.baseUrl(), total, GATEWAY_ID, COPY_WARM, COPY_BEFORE, COPY_AFTER);
            MapperSettings settings = new MapperSettings(GATEWAY_ID, MapperSettings.DEFAULT_IDENTIFIER_SYSTEM);
            warmUp = ServerIngest.encoded(ServerIngest.transactions(journal, settings, devices.warm(), BATCH));
            encoded = ServerIngest.encoded(ServerIngest.transactions(journal, settings, devices.load(), BATCH));
            sent = ServerIngest.sentTimes(journal, devices.load().keySet());
        }
        // The sandboxes' own rate moved up to threefold between runs of the same code (2,296-8,270 readings/s), so
        // it is measured on several fresh servers and the median taken.
        List<Own> owns = new ArrayList<>();
        for (int run = 0; run < kind.ownRuns(); run++) {
            try (EhrProcess fresh = kind.start().get(); TcpGate link = TcpGate.to(fresh.baseUrl())) {
                // The warm-up the drain's server had: the same transactions, then its compilers idle.
                asTheGateway(() -> ServerIngest.post(warmUp, link.baseUrl(), 0, BATCH));
                JitCpu.awaitSettled(fresh.pid(), JIT_SETTLE_MAX, "the EHR's");
                owns.add(own(fresh, link, encoded, total));
                assertExactlyOnce(fresh.baseUrl(), total, GATEWAY_ID);
            }
        }
        owns.sort(Comparator.comparingDouble(o -> o.delivery().ratePerSecond()));
        Own own = owns.get(owns.size() / 2);
        String ownRange = owns.size() == 1 ? "" : String.format(Locale.ROOT, "; %.0f-%.0f, %d runs",
                owns.getFirst().delivery().ratePerSecond(), owns.getLast().delivery().ratePerSecond(), owns.size());
        // From the gate opening (and from the EHR's first answer) to its answer for the last reading, as the gateway
        // recorded it (sent_at): the polling below only says when to stop waiting, and its 250 ms steps would
        // otherwise count against the drain.
        Instant first = sent.getFirst();
        ServerIngest.Delivery drained = new ServerIngest.Delivery(Duration.between(drain.opened(), sent.getLast()),
                Duration.between(first, sent.getLast()), (int) sent.stream().filter(t -> t.isAfter(first)).count());
        double gatewayRate = total / seconds(drained.total());
        double ownRate = total / seconds(own.delivery().total());
        // How much of a CPU the EHR used while it answered: whether the gateway kept it as busy as the plain client
        // did, whatever the EHR's own cost per reading in that phase.
        double drainBusy = busy(drain.serverCpu(), drained, total);
        double ownBusy = busy(own.cpu(), own.delivery(), total);
        double sameRate = (sameBefore.delivery().ratePerSecond() + sameAfter.delivery().ratePerSecond()) / 2;
        double sameBusy = (busy(sameBefore.cpu(), sameBefore.delivery(), total)
                + busy(sameAfter.cpu(), sameAfter.delivery(), total)) / 2;
        return String.format(Locale.ROOT,
                "| %s | %d | %.1f | %.1f | %.0f / %.0f | %.0f / %.0f | %.0f (%.0f) / %.0f (%.0f) | **%.2f**, %.2f "
                        + "| %.0f / %.0f%s | %.2f / **%.2f** | %d | %.0f "
                        + "| %.0f (%.0f) / %.0f (%.0f) | %.0f (%.0f) | %.2f / %.2f / %.2f, **%.2f** / %.2f "
                        + "| %.0f / %.0f | %.0f |",
                kind.title(), total, seconds(drained.total()), seconds(Duration.between(drain.opened(), first)),
                gatewayRate, drained.ratePerSecond(), sameBefore.delivery().ratePerSecond(),
                sameAfter.delivery().ratePerSecond(), micros(sameBefore.cpu(), total), micros(sameBefore.jit(), total),
                micros(sameAfter.cpu(), total), micros(sameAfter.jit(), total), drained.ratePerSecond() / sameRate,
                drained.ratePerSecond() / sameBefore.delivery().ratePerSecond(),
                ownRate, own.delivery().ratePerSecond(), ownRange,
                gatewayRate / ownRate, drained.ratePerSecond() / own.delivery().ratePerSecond(),
                drain.rounds(), drain.roundSeconds() * 1000 / Math.max(1, drain.rounds()),
                micros(drain.gatewayCpu(), total), micros(drain.jitCpu(), total), micros(drain.serverCpu(), total),
                micros(drain.serverJit(), total), micros(own.cpu(), total), micros(own.jit(), total),
                drainBusy, sameBusy, ownBusy, drainBusy / sameBusy, drainBusy / ownBusy, drainBytes / (double) total,
                own.requestBytes() / (double) total, seconds(drain.settled()));
    }

    /**
     * The server's own rate for a copy of the backlog under gateway id {@code copyId}: the backlog's READING items in
     * {@code state}, as the uplink's transactions with that id (other identifiers, so the server stores them anew),
     * posted through {@code link} once the server's compilers are idle.
     */
    private static Own sameServer(EhrProcess ehr, TcpGate link, Path journal, Outbox.State state, String copyId,
            Devices devices, int total) throws Exception {
        MapperSettings copy = new MapperSettings(copyId, MapperSettings.DEFAULT_IDENTIFIER_SYSTEM);
        List<String> encoded = ServerIngest.encoded(ServerIngest.transactions(journal, state, copy, devices.load(),
                BATCH));
        assertThat(encoded).as("transactions of the copy " + copyId).hasSize((total + BATCH - 1) / BATCH);
        JitCpu.awaitSettled(ehr.pid(), JIT_SETTLE_MAX, "the EHR's");
        System.out.printf("%s: the copy %s to the drain's server, starting%n", Instant.now(), copyId);
        Own own = own(ehr, link, encoded, total);
        System.out.printf("%s: the copy %s done%n", Instant.now(), copyId);
        return own;
    }

    /** Posts {@code encoded} from the plain client (where the gateway runs) and measures the server meanwhile. */
    private static Own own(EhrProcess ehr, TcpGate link, List<String> encoded, int total) throws Exception {
        long before = link.requestBytes();
        Duration cpu = ehr.cpuTime();
        Duration jit = JitCpu.of(ehr.pid());
        ServerIngest.Delivery took = asTheGateway(() -> ServerIngest.post(encoded, link.baseUrl(), total, BATCH));
        return new Own(took, ehr.cpuTime().minus(cpu), JitCpu.of(ehr.pid()).minus(jit),
                link.requestBytes() - before);
    }

    /**
     * Runs the plain client where the gateway runs: when pinned, on a thread of its own moved to the gateway's CPU,
     * so that it does not share the EHR's CPU while the gateway did not; otherwise here.
     */
    private static <T> T asTheGateway(Callable<T> client) throws Exception {
        if (!CpuPinning.pinned(pinning)) {
            return client.call();
        }
        try (ExecutorService thread = Executors.newSingleThreadExecutor()) {
            return thread.submit(() -> {
                CpuPinning.moveThisThreadToTheGatewaysCpu();
                return client.call();
            }).get();
        }
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
     * and as many per warm-up outage ({@code warm-e-n}) at one station; then {@link #WARM_UP_EXAMS} warm-up outages:
     * the gate refuses, an exam takes that outage's readings, the gate passes, and the exam is closed once they are
     * delivered (the gateway's delivery code is then as warm as in a gateway that has been through outages). Then
     * the gate refuses, the measured exam is opened (the EHR cannot be asked for its patient: each transaction
     * creates it conditionally) and the devices publish {@code perDevice} readings each. Returns once all are
     * journaled and queued, with the devices as the gateway describes them.
     */
    private static Devices backlog(GatewayProcess gateway, TcpGate gate, Kind kind, int perDevice) throws Exception {
        int warmPerDevice = Math.max(1, kind.warmUp() / DEVICES / WARM_UP_EXAMS);
        List<MqttLoad> warm = new ArrayList<>();
        for (int e = 1; e <= WARM_UP_EXAMS; e++) {
            warm.add(new MqttLoad(broker.url(), "drain-warm-" + e + "/" + kind.name(), DEVICES, warmPerDevice, 100, 1));
        }
        MqttLoad load = new MqttLoad(broker.url(), "drain/" + kind.name(), DEVICES, perDevice, 100, 1);
        for (int d = 1; d <= DEVICES; d++) {
            gateway.device(MqttLoad.deviceId(d), "vitals-json", STATION, "mqtt")
                    .deviceProperty(MqttLoad.deviceId(d), "mqtt.topic", load.topic(d));
            for (int e = 1; e <= WARM_UP_EXAMS; e++) {
                gateway.device(warmId(e, d), "vitals-json", STATION, "mqtt")
                        .deviceProperty(warmId(e, d), "mqtt.topic", warm.get(e - 1).topic(d));
            }
        }
        gateway.start();
        GatewayApi api = new GatewayApi(gateway.baseUrl());
        Devices devices = new Devices(new LinkedHashMap<>(), new LinkedHashMap<>());
        for (int d = 1; d <= DEVICES; d++) {
            devices.load().put(MqttLoad.deviceId(d), connected(api, MqttLoad.deviceId(d)));
            for (int e = 1; e <= WARM_UP_EXAMS; e++) {
                devices.warm().put(warmId(e, d), connected(api, warmId(e, d)));
            }
        }
        // The warm-up is outages and drains of their own, so that the measured drain runs the code paths the
        // gateway has compiled already, as one that has been through outages before. One exam (patient) each: with
        // one, the measured exam's first transactions (creating its patient and encounter, where every earlier one
        // matched them) made the EHR's compiled transaction code trap and recompile during the measured phase.
        for (int e = 1; e <= WARM_UP_EXAMS; e++) {
            long queued = (long) warmPerDevice * DEVICES;
            long sentBefore = api.outbox().getLong("counts.SENT");
            gate.refuse();
            String warmExam = api.openExam(STATION, String.format(Locale.ROOT, "900-100-%03d 00", 200 + e));
            publish(warm.get(e - 1));
            await("warm-up " + e + " queued").atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(500))
                    .until(() -> api.outbox().getLong("counts.PENDING") >= queued);
            gate.pass();
            await("warm-up " + e + " delivered").atMost(Duration.ofMinutes(10)).pollInterval(Duration.ofMillis(500))
                    .until(() -> api.outbox().getLong("counts.SENT") >= sentBefore + queued);
            api.closeExam(warmExam);
            await("warm-up exam " + e + " closed on the EHR").atMost(Duration.ofMinutes(2))
                    .pollInterval(Duration.ofMillis(500)).until(() -> api.outbox().getLong("counts.PENDING") == 0);
        }
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

    private static String warmId(int exam, int device) {
        return "warm-" + exam + "-" + device;
    }

    /** The device once the gateway has it connected, as the gateway describes it. */
    private static DeviceInfo connected(GatewayApi api, String id) {
        await().atMost(Duration.ofSeconds(60)).until(() -> "CONNECTED".equals(api.device(id).getString("state")));
        JsonPath view = api.device(id);
        return new DeviceInfo(id, view.getString("driver"), view.getString("model"), view.getString("serialNumber"),
                STATION);
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
    private static Drain drain(GatewayProcess gateway, TcpGate gate, EhrProcess ehr, int total) {
        String gatewayBase = gateway.baseUrl();
        GatewayApi api = new GatewayApi(gatewayBase);
        Duration settled = gateway.awaitJitSettled(JIT_SETTLE_MAX);
        JitCpu.awaitSettled(ehr.pid(), JIT_SETTLE_MAX, "the EHR's");
        Duration gatewayCpu = gateway.cpuTime();
        Duration jitCpu = gateway.jitCpuTime();
        Duration serverCpu = ehr.cpuTime();
        Duration serverJit = JitCpu.of(ehr.pid());
        double roundsBefore = timer(gatewayBase, "_count");
        double secondsBefore = timer(gatewayBase, "_sum");
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest summary = HttpRequest.newBuilder(URI.create(gatewayBase + "/api/outbox"))
                .header("Cookie", Staff.defaultSession(gatewayBase).cookieHeader()).build();
        Pattern noneLeft = Pattern.compile("\"PENDING\"\\s*:\\s*0\\b");
        Instant opened = Instant.now();
        System.out.printf("%s: the drain, starting%n", opened);
        gate.pass();
        await("the backlog drained").atMost(Duration.ofMinutes(60)).pollInterval(Duration.ofMillis(250)).until(() -> {
            HttpResponse<String> r = http.send(summary, HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as("GET /api/outbox").isEqualTo(200);
            return noneLeft.matcher(r.body()).find();
        });
        gatewayCpu = gateway.cpuTime().minus(gatewayCpu);
        jitCpu = gateway.jitCpuTime().minus(jitCpu);
        serverCpu = ehr.cpuTime().minus(serverCpu);
        serverJit = JitCpu.of(ehr.pid()).minus(serverJit);
        JsonPath outbox = api.outbox();
        assertThat(outbox.getLong("counts.SENT")).as("items sent, warm-up included").isGreaterThan(total);
        assertThat(outbox.getLong("counts.DEAD")).as("dead letters").isZero();
        long rounds = (long) (timer(gatewayBase, "_count") - roundsBefore);
        return new Drain(opened, rounds, timer(gatewayBase, "_sum") - secondsBefore, gatewayCpu, jitCpu, serverCpu,
                serverJit, settled);
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
     * Every reading is on the EHR once under each of {@code gatewayIds} (the gateway's, and the copies' the plain
     * client posted): as many Observations of the backlog's devices (their identifier starts with the id and
     * {@code load-}; the warm-ups' are others) as readings, each with its own identifier.
     */
    private static void assertExactlyOnce(String baseUrl, int readings, String... gatewayIds) {
        List<String> all = new Ehr(baseUrl).observations().stream()
                .flatMap(o -> o.getIdentifier().stream().map(Identifier::getValue)).toList();
        for (String gatewayId : gatewayIds) {
            List<String> identifiers = all.stream().filter(v -> v.startsWith(gatewayId + "/load-")).toList();
            assertThat(identifiers).as("Observations of the benchmark's readings on the EHR, " + gatewayId)
                    .hasSize(readings);
            assertThat(Set.copyOf(identifiers)).as("distinct identifiers among them").hasSize(readings);
        }
    }

    /**
     * The sandbox in a process of its own ({@code simulator.jar fhir-sandbox}, as a clinic's test EHR runs), so that
     * its CPU and JIT are its own and each server starts cold: in this JVM, the servers of the own rate ran on code
     * the drain's server had compiled. With {@code -Ddrain.jfr=true} it keeps a flight recording.
     */
    private static EhrProcess sandbox(String name, boolean validate) {
        String java = ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        Path work = dir.resolve(name + "-ehr-" + System.nanoTime());
        List<String> command = new ArrayList<>(List.of(java));
        if (JFR) {
            command.add("-XX:StartFlightRecording=settings=profile,jdk.CPUTimeSample#enabled=true,filename="
                    + OUT.toAbsolutePath().resolve(work.getFileName() + ".jfr"));
        }
        if (!EHR_HEAP.isEmpty()) {
            command.addAll(List.of("-Xms" + EHR_HEAP, "-Xmx" + EHR_HEAP, "-XX:+AlwaysPreTouch"));
        }
        if (!EHR_JVM.isEmpty()) {
            command.addAll(List.of(EHR_JVM.split("\\s+")));
        }
        command.addAll(List.of("-jar", simulatorJar().toString(), "fhir-sandbox", "--port", "0"));
        if (!validate) {
            command.add("--no-validate");
        }
        return EhrProcess.start("FHIR sandbox", command, work.resolve("sandbox.log"), SANDBOX_READY,
                Duration.ofMinutes(3));
    }

    /** The simulator's runnable jar, built before the gateway by {@code -am}. */
    private static Path simulatorJar() {
        return EhrProcess.inProject("simulator/target/simulator.jar").orElseThrow(() -> new IllegalStateException(
                "no simulator/target/simulator.jar: build with ./mvnw -pl gateway -am verify"));
    }

    /** How much of a CPU the EHR used while it answered: its CPU per reading times the delivery rate. */
    private static double busy(Duration cpu, ServerIngest.Delivery delivery, int readings) {
        return micros(cpu, readings) / 1e6 * delivery.ratePerSecond();
    }

    private static double micros(Duration cpu, int readings) {
        return cpu.toNanos() / 1e3 / readings;
    }

    private static double seconds(Duration d) {
        return d.toNanos() / 1e9;
    }
}
