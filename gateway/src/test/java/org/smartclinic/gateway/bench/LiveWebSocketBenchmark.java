package org.smartclinic.gateway.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.smartclinic.gateway.it.GatewayApi;
import org.smartclinic.gateway.it.GatewayProcess;
import org.smartclinic.gateway.it.Staff;
import org.smartclinic.gateway.live.LiveSocketClient;
import org.smartclinic.simulator.device.bp.Bpm200Twin;
import org.smartclinic.simulator.device.oximetry.Ox300Twin;
import org.smartclinic.simulator.twin.TwinPlug;

/**
 * Live WebSocket figures at the clinic's reference load and at ten times it, with the simulator as the load: 15
 * BPM-200 twins on real ptys (a reading every 3 s; 10×: every 0.3 s) and one OX-300 twin streaming its pleth over
 * TCP (25 frames/s; 10×: 250) into the gateway (its own process, the production jar), one exam open at their
 * station, and 10 WebSocket viewers of it on real sockets. Latency: a pleth frame's last byte passing the
 * {@link FrameTimingRelay} in front of the gateway → the viewer holding the parsed frame (same JVM, same clock),
 * matched by chunk number and checked sample by sample. Ingest: the 15 twins sending back to back (stop-and-wait,
 * each waits for its ACK, which the gateway sends after the journal commit): readings journaled per second with
 * no viewer and with 10, alternating, in the same run.
 *
 * <p>Not part of the test suite (a benchmark, not a timed test); run it with
 * {@code ./mvnw -pl gateway -am verify -Dit.test=LiveWebSocketBenchmark -Dtest=none
 * -Dsurefire.failIfNoSpecifiedTests=false}. Results go to standard output and
 * {@code gateway/target/benchmarks/live-websocket.md}.
 */
class LiveWebSocketBenchmark {

    private static final int INSTRUMENTS = 15;
    private static final int VIEWERS = 10;
    private static final Duration WARM_UP = Duration.ofSeconds(3);
    private static final Duration MEASURE = Duration.ofSeconds(15);
    private static final Duration INGEST_WINDOW = Duration.ofSeconds(Long.getLong("bench.ingest-window-s", 20));
    /** Rounds without and with viewers, in the order A B B A (a multiple of 4), after the warm-up rounds. */
    private static final int INGEST_ROUNDS = Integer.getInteger("bench.ingest-rounds", 8);
    /** Unmeasured ingest rounds before them, without and with viewers in turn. */
    private static final int WARM_UP_ROUNDS = Integer.getInteger("bench.ingest-warm-up-rounds", 4);
    /**
     * The OS priority (nice) of the ingest rounds' viewers: in a clinic they are browsers on other machines, here
     * they share CPU 1 with the instrument twins, whose answers are on the ingest path; 0 leaves them equal.
     */
    private static final int VIEWERS_NICE = Integer.getInteger("bench.viewers-nice", 19);
    private static final String STATION = "bench";

    @TempDir
    static Path dir;

    private static GatewayProcess gateway;
    private static GatewayApi api;
    private static String examId;
    private static String gpCookie;
    private static final int[] OX_PORTS = {GatewayProcess.freePort(), GatewayProcess.freePort()};
    private static final List<String> rows = new ArrayList<>();
    private static String pinning;

    @BeforeAll
    static void start() {
        gateway = new GatewayProcess(dir.resolve("gateway"))
                // As in production; -Dbench.event-loops-yield=false measures the event loops in the normal class.
                .property("smartclinic.live.event-loops-yield", System.getProperty("bench.event-loops-yield", "true"))
                .property("smartclinic.fhir.base-url", "http://127.0.0.1:9/fhir")
                .property("smartclinic.uplink.enabled", "false");
        for (int i = 1; i <= INSTRUMENTS; i++) {
            gateway.device(bp(i), "bpm200", STATION, dir.resolve("dev/" + bp(i)));
        }
        for (int i = 0; i < OX_PORTS.length; i++) {
            gateway.device("ox-" + i, "ox300", STATION, "tcp-server")
                    .deviceProperty("ox-" + i, "tcp-server.port", String.valueOf(OX_PORTS[i]))
                    .deviceProperty("ox-" + i, "options.interval", "1s")
                    .deviceProperty("ox-" + i, "serial-number", serial(i));
        }
        pin();
        if (Boolean.getBoolean("bench.jfr")) {
            Path out = Path.of("target", "benchmarks").toAbsolutePath();
            out.toFile().mkdirs();
            gateway.flightRecording(out.resolve("live-websocket.jfr"));
        }
        gateway.start();
        api = new GatewayApi(gateway.baseUrl());
        examId = api.openExam(STATION, "bench-patient");
        gpCookie = Staff.login(gateway.baseUrl(), Staff.GP, Staff.PASSWORD).cookieHeader();
    }

    /**
     * The gateway on CPU 0, this JVM (twins and viewers) on the others, unless {@code -Dbench.pin=false}: the
     * question is what viewers cost the gateway.
     */
    private static void pin() {
        pinning = CpuPinning.pinThisJvmAwayFromTheGateway(
                Boolean.parseBoolean(System.getProperty("bench.pin", "true")));
        if (CpuPinning.pinned(pinning)) {
            gateway.pinnedTo(CpuPinning.GATEWAY_CPUS);
        }
    }

    private static String serial(int oximeter) {
        return "OX3-BENCH-" + oximeter;
    }

    private static String bp(int i) {
        return String.format(Locale.ROOT, "bp-%02d", i);
    }

    @AfterAll
    static void stop() throws IOException {
        if (gateway != null) {
            gateway.close();
        }
        String table = String.join("\n", rows);
        System.out.println("\nLive WebSockets, " + INSTRUMENTS + " BPM-200 + 1 OX-300, " + VIEWERS + " viewers ("
                + pinning + "):\n" + table);
        Path out = Path.of("target", "benchmarks", "live-websocket.md");
        Files.createDirectories(out.getParent());
        Files.writeString(out, "(" + pinning + ")\n\n" + table + "\n");
    }

    private static List<Bpm200Twin> bpTwins(Duration interval) throws IOException {
        List<Bpm200Twin> twins = new ArrayList<>();
        for (int i = 1; i <= INSTRUMENTS; i++) {
            twins.add(Bpm200Twin.builder(dir.resolve("dev/" + bp(i))).interval(interval).seed(i).start());
        }
        for (int i = 1; i <= INSTRUMENTS; i++) {
            String id = bp(i);
            await().atMost(Duration.ofSeconds(60)).until(() -> "CONNECTED".equals(api.device(id).getString("state")));
        }
        return twins;
    }

    private static void closeAll(List<? extends AutoCloseable> all) throws Exception {
        for (AutoCloseable c : all) {
            c.close();
        }
    }

    private static List<LiveSocketClient> viewers(int n) {
        return viewers(n, false);
    }

    /** {@code n} viewers of the exam; counting ones only count frames (the ingest runs). */
    private static List<LiveSocketClient> viewers(int n, boolean counting) {
        List<LiveSocketClient> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String path = "/ws/exams/" + examId;
            Map<String, String> cookie = Map.of("Cookie", gpCookie);
            out.add(counting ? LiveSocketClient.counting(gateway.baseUrl(), path, cookie)
                    : LiveSocketClient.reading(gateway.baseUrl(), path, cookie));
        }
        if (counting && n > 0 && VIEWERS_NICE > 0) {
            ThreadCpu.renice("live-socket-cli", VIEWERS_NICE);
        }
        return out;
    }

    private static void pause(Duration d) throws InterruptedException {
        // A measurement window over time, not a wait for a result.
        TimeUnit.MILLISECONDS.sleep(d.toMillis());
    }

    private void latency(String load, int oximeter, int fps, Duration bpInterval) throws Exception {
        List<Bpm200Twin> bps = bpTwins(bpInterval);
        String device = "ox-" + oximeter;
        try (FrameTimingRelay relay = new FrameTimingRelay(OX_PORTS[oximeter]);
                Ox300Twin ox = Ox300Twin.builder(TwinPlug.tcpConnect("127.0.0.1", relay.port(), new byte[0]))
                        .serial(serial(oximeter)).framesPerSecond(fps).seed(fps).start()) {
            await().atMost(Duration.ofSeconds(60)).until(() -> "CONNECTED".equals(api.device(device).getString("state")));
            List<LiveSocketClient> viewers = viewers(VIEWERS);
            try {
                pause(WARM_UP);
                long from = System.nanoTime();
                pause(MEASURE);
                long to = System.nanoTime();
                rows.add(latencyRow(load, fps, bpInterval, device, relay, viewers, from, to));
            } finally {
                closeAll(viewers);
            }
        } finally {
            closeAll(bps);
        }
    }

    private static String latencyRow(String load, int fps, Duration bpInterval, String device,
            FrameTimingRelay relay, List<LiveSocketClient> viewers, long from, long to) {
        FrameTimingRelay.Matched m = relay.match(device, viewers, from, to);
        assertThat(m.latencies()).as("pleth frames matched to what the twin sent").isNotEmpty();
        return String.format(Locale.ROOT, "| %s | %d instruments every %.1f s + OX-300 at %d frames/s | %d | %d | %.1f"
                + " | %.1f | %.1f | %d | %d | %d |", load, INSTRUMENTS, bpInterval.toMillis() / 1000.0, fps, VIEWERS,
                m.latencies().size(), m.ms(0.50), m.ms(0.99), m.ms(1.0), m.mismatched(), m.dropped(), m.readings());
    }

    private static long stored() {
        long sum = 0;
        for (int i = 1; i <= INSTRUMENTS; i++) {
            sum += api.device(bp(i)).getLong("readingsStored");
        }
        return sum;
    }

    private static long acked(List<Bpm200Twin> twins) {
        return twins.stream().mapToLong(t -> t.stats().acked()).sum();
    }

    private void ingest() throws Exception {
        List<String> threadRows = new ArrayList<>();
        List<Bpm200Twin> bps = bpTwins(Duration.ZERO);
        AbbaRounds rates = new AbbaRounds();
        AbbaRounds cpuPerReading = new AbbaRounds();
        try (FrameTimingRelay relay = new FrameTimingRelay(OX_PORTS[0]);
                Ox300Twin ox = Ox300Twin.builder(TwinPlug.tcpConnect("127.0.0.1", relay.port(), new byte[0]))
                        .serial(serial(0)).seed(1).start()) {
            // Unmeasured rounds first, without and with viewers in turn: the gateway's JIT is still compiling, on
            // ingest and on sending to viewers, for about a minute (the C2 compiler's CPU in the thread table),
            // which would count against whichever kind of round came first.
            for (int round = 0; round < WARM_UP_ROUNDS; round++) {
                List<LiveSocketClient> warming = viewers(round % 2 == 0 ? 0 : VIEWERS, true);
                try {
                    pause(WARM_UP.plus(INGEST_WINDOW));
                } finally {
                    closeAll(warming);
                }
            }
            for (int round = 0; round < INGEST_ROUNDS; round++) {
                // A B B A: without, with, with, without, ...: a drift over the run (warming, the journal
                // growing) weighs on both kinds alike instead of on the later one.
                int n = AbbaRounds.isB(round) ? VIEWERS : 0;
                List<LiveSocketClient> viewers = viewers(n, true);
                try {
                    pause(Duration.ofSeconds(1));
                    long stored0 = stored();
                    long acked0 = acked(bps);
                    Duration cpu0 = gateway.cpuTime();
                    Map<String, Long> threads0 = ThreadCpu.ticks(gateway.pid());
                    long ownCpu0 = ThreadCpu.ownProcessNanos();
                    double feedLost0 = api.metric("smartclinic_live_feed_lost_total", "reason=\"behind\"");
                    pause(INGEST_WINDOW);
                    double cpu = 100.0 * gateway.cpuTime().minus(cpu0).toMillis() / INGEST_WINDOW.toMillis();
                    threadRows.add(String.format(Locale.ROOT, "| %d | %d | %s |", round + 1, n,
                            ThreadCpu.busiest(threads0, ThreadCpu.ticks(gateway.pid()), INGEST_WINDOW)));
                    double ownCpu = 100.0 * (ThreadCpu.ownProcessNanos() - ownCpu0) / INGEST_WINDOW.toNanos();
                    double perSecond = (stored() - stored0) / (double) INGEST_WINDOW.toSeconds();
                    double ackedPerSecond = (acked(bps) - acked0) / (double) INGEST_WINDOW.toSeconds();
                    long received = viewers.stream().mapToLong(v -> v.count("reading")).sum();
                    long bytes = viewers.stream().mapToLong(LiveSocketClient::payloadBytes).sum();
                    double feedLost = api.metric("smartclinic_live_feed_lost_total", "reason=\"behind\"") - feedLost0;
                    rates.add(perSecond);
                    cpuPerReading.add(cpu * 10_000 / perSecond);
                    rows.add(String.format(Locale.ROOT, "| ingest, round %d | %d instruments back to back + OX-300 at"
                            + " 25 frames/s | %d | %.0f journaled/s | %.0f acknowledged/s | readings the viewers got: %d"
                            + " (%.0f bytes each) | live feed behind, not shown: %.0f | gateway CPU %.0f %%, %.0f us"
                            + " per reading | twins and viewers CPU %.0f %% | |", round + 1, INSTRUMENTS, n, perSecond,
                            ackedPerSecond, received, received == 0 ? 0.0 : bytes / (double) received, feedLost, cpu,
                            cpu * 10_000 / perSecond, ownCpu));
                } finally {
                    closeAll(viewers);
                }
            }
        } finally {
            closeAll(bps);
        }
        rows.add("| ingest with " + VIEWERS + " viewers / without | | | journaled/s: " + rates.summary()
                + " | gateway CPU per reading: " + cpuPerReading.summary() + " | | | | | |");
        rows.add("");
        rows.add("| ingest round | viewers | the gateway's CPU by thread (% of one CPU, user and system) |");
        rows.add("|---|---|---|");
        rows.addAll(threadRows);
    }

    @Test
    void latencyAtReferenceAndTenTimesLoad_thenIngestWithAndWithoutViewers() throws Exception {
        rows.add("| run | load | viewers | pleth frames matched | p50 ms | p99 ms | max ms | unmatched | dropped |"
                + " readings received |");
        rows.add("|---|---|---|---|---|---|---|---|---|---|");
        ingest();
        // After the ingest rounds: the latency of a gateway in service, its JIT done. Right after the start, with the
        // JIT compiling in the normal scheduling class, the event loops in the idle class waited (p99 93 ms at 1×
        // then, 15 ms after the ingest rounds; docs/live-bus.md).
        if (!Boolean.getBoolean("bench.ingest-only")) {
            latency("1×", 0, 25, Duration.ofSeconds(3));
            latency("10×", 1, 250, Duration.ofMillis(300));
        }
    }
}
