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
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.smartclinic.gateway.it.GatewayApi;
import org.smartclinic.gateway.it.GatewayProcess;
import org.smartclinic.gateway.it.LiveClient;
import org.smartclinic.simulator.device.oximetry.Ox300Twin;

/**
 * Live-bus figures with the simulator as the load generator: the OX-300 twin streams at a chosen frame rate over
 * a real pty into the gateway (its own process, the production jar), and a viewer reads the pleth over SSE on a
 * real socket. For each rate: frames the twin sent, chunks the viewer received, live events dropped, bytes the
 * link had to drop, rejections. Then an overload on purpose: a viewer that never reads beside one that does.
 * Not part of the test suite (a benchmark, not a timed test); run it with
 * {@code ./mvnw -pl gateway -am verify -Dit.test=LiveBusBenchmark -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false}.
 * Results go to standard output and {@code gateway/target/benchmarks/live-bus.md}.
 */
class LiveBusBenchmark {

    private static final Duration WARM_UP = Duration.ofSeconds(3);
    private static final Duration MEASURE = Duration.ofSeconds(10);

    @TempDir
    static Path dir;

    private static GatewayProcess gateway;
    private static GatewayApi api;
    private static final List<String> rows = new ArrayList<>();

    @BeforeAll
    static void start() {
        gateway = new GatewayProcess(dir.resolve("gateway"))
                .property("smartclinic.fhir.base-url", "http://127.0.0.1:9/fhir")
                .property("smartclinic.uplink.enabled", "false")
                .device("ox-b", "ox300", "bench", dir.resolve("dev/ox-b"))
                .deviceProperty("ox-b", "options.interval", "1s")
                .start();
        api = new GatewayApi(gateway.baseUrl());
        rows.add("| frames/s offered | frames sent | frames decoded by the gateway | chunks received by the viewer"
                + " | received/s | live drops | link bytes dropped | rejected |");
        rows.add("|---|---|---|---|---|---|---|---|");
    }

    @AfterAll
    static void stop() throws IOException {
        if (gateway != null) {
            gateway.close();
        }
        String table = String.join("\n", rows);
        System.out.println("\nLive bus, OX-300 over a pty, one SSE viewer, " + MEASURE.toSeconds() + " s each:\n" + table);
        Path out = Path.of("target", "benchmarks", "live-bus.md");
        Files.createDirectories(out.getParent());
        Files.writeString(out, table + "\n");
    }

    private record Sample(long sent, long decoded, long received, double dropped, long linkDropped,
            double rejected) {
    }

    private Sample sample(Ox300Twin twin, LiveClient viewer) {
        return new Sample(twin.stats().dataFrames(), api.device("ox-b").getLong("framesAccepted"),
                viewer.events("waveform").size(),
                api.metric("smartclinic_live_dropped_total", "device=\"ox-b\""),
                api.device("ox-b").getLong("traffic.bytesDropped"),
                api.metric("smartclinic_frames_rejected_total", "device=\"ox-b\""));
    }

    private Sample run(int fps, boolean withStalledViewer) throws Exception {
        try (Ox300Twin twin = Ox300Twin.builder(dir.resolve("dev/ox-b")).framesPerSecond(fps).seed(fps).start();
                LiveClient stalled = withStalledViewer ? LiveClient.stalled(gateway.baseUrl(), "device=ox-b") : null;
                LiveClient viewer = LiveClient.reading(gateway.baseUrl(), "device=ox-b")) {
            await().atMost(Duration.ofSeconds(30)).until(() -> "CONNECTED".equals(api.device("ox-b").getString("state")));
            // Fixed windows: these are measurements over time, not waits for a result.
            TimeUnit.MILLISECONDS.sleep(WARM_UP.toMillis());
            Sample before = sample(twin, viewer);
            TimeUnit.MILLISECONDS.sleep(MEASURE.toMillis());
            Sample after = sample(twin, viewer);
            Sample delta = new Sample(after.sent() - before.sent(), after.decoded() - before.decoded(),
                    after.received() - before.received(),
                    after.dropped() - before.dropped(), after.linkDropped() - before.linkDropped(),
                    after.rejected() - before.rejected());
            rows.add(String.format(Locale.ROOT, "| %d%s | %d | %d | %d | %.0f | %.0f | %d | %.0f |", fps,
                    withStalledViewer ? " + a stalled viewer" : "", delta.sent(), delta.decoded(), delta.received(),
                    delta.received() / (double) MEASURE.toSeconds(), delta.dropped(), delta.linkDropped(),
                    delta.rejected()));
            return delta;
        }
    }

    @Test
    void sustainedRates_thenAnOverloadOnPurpose() throws Exception {
        for (int fps : new int[] {25, 250, 1000, 2000, 4000, 8000}) {
            Sample s = run(fps, false);
            assertThat(s.rejected()).as("rejections at %d frames/s", fps).isZero();
        }
        Sample overload = run(2000, true);
        assertThat(overload.dropped()).as("the stalled viewer's losses are counted").isPositive();
    }
}
