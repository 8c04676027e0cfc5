package org.smartclinic.gateway.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.smartclinic.gateway.it.GatewayApi;
import org.smartclinic.gateway.it.GatewayProcess;
import org.smartclinic.simulator.load.MqttLoad;

/**
 * Durable ingest of the production gateway (its own JVM) fed by the simulator's load generator: {@code devices}
 * MQTT vitals devices publishing QoS 1 with up to {@code inflight} messages in flight each, through Mosquitto.
 * A reading counts once the gateway journaled it and PUBACKed its message (the PUBACK follows the commit); the
 * rate is taken between 10 % and 90 % of the total, from the gateway's own counters. In the same run, on the
 * same disk: a plain JDBC loop storing copies of the gateway's own rows in transactions of the batch size the
 * gateway actually committed ({@link RawSqliteInserts}), at least ten of them, three times (the median counts); and
 * beside it, not for the ratio, the loop storing as much as the measured run.
 * Not part of the test suite (a benchmark, not a timed test); run it with {@code ./mvnw -pl gateway -am verify
 * -Dit.test=IngestBenchmark -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false
 * -Dfailsafe.failIfNoSpecifiedTests=false} (settings:
 * {@code -Dbench.devices=20 -Dbench.messages=3000 -Dbench.inflight=500 -Dbench.readings-per-message=1
 * -Dbench.warm-up-messages=3000 -Dbench.gateway-heap=1g -Dbench.gateway-jvm="more JVM options"
 * -Dbench.rate=20000}; above 1 the devices send batches of stored readings; the warm-up's readings are sent by other
 * devices before the measured run; with {@code bench.rate} (readings per second, all devices together) the devices
 * offer that load at an even pace instead of flooding the broker, and the report says whether the gateway kept up;
 * {@code -Dbench.jfr=true} records the gateway with JFR in {@code target/benchmarks/ingest.jfr};
 * {@code -Dbench.timeline=true} adds the figures of every sample). Results go to
 * standard output and {@code gateway/target/benchmarks/ingest.md}.
 */
class IngestBenchmark {

    private static final int DEVICES = Integer.getInteger("bench.devices", 20);
    private static final int MESSAGES = Integer.getInteger("bench.messages", 3000);
    private static final int INFLIGHT = Integer.getInteger("bench.inflight", 500);
    private static final int PER_MESSAGE = Integer.getInteger("bench.readings-per-message", 1);
    private static final boolean JFR = Boolean.getBoolean("bench.jfr");
    /** The gateway's heap ({@code -Xmx}). */
    private static final String HEAP = System.getProperty("bench.gateway-heap", "1g");
    /** Messages per device sent before the measured run, by other devices ({@code warm-n}), to warm the JIT. */
    private static final int WARM_UP = Integer.getInteger("bench.warm-up-messages", 3000);
    /** Readings per second the devices offer together, at an even pace; 0: as fast as the broker takes them. */
    private static final double RATE = Double.parseDouble(System.getProperty("bench.rate", "0"));
    /** Whether the report ends with the figures of every 250 ms sample ({@link IngestSample#timeline}). */
    private static final boolean TIMELINE = Boolean.getBoolean("bench.timeline");
    /** Runs of the plain SQLite loop after the ingest; the ratio takes their median. */
    private static final int RAW_RUNS = 3;

    @TempDir
    static Path dir;

    private static MosquittoForBench broker;
    private static GatewayProcess gateway;

    @AfterAll
    static void stop() {
        if (gateway != null) {
            gateway.close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void ingest_manyMqttDevices_reportsDurableRateAgainstRawSqlite() throws Exception {
        // The broker's in-flight window towards the gateway is what the devices have in flight together: more (it
        // was at least 1,000) let batches pile past a device's inbox bound (1 MiB), whose overflow is dropped and
        // redelivered, which measures the redelivery, not the ingest.
        broker = MosquittoForBench.start(dir.resolve("broker"), DEVICES * INFLIGHT);
        gateway = new GatewayProcess(dir.resolve("gateway"))
                .property("smartclinic.fhir.base-url", "http://127.0.0.1:9/fhir")
                .property("smartclinic.uplink.enabled", "false")
                // A journal slower than the default 10 s (a machine shared with other builds) would make the devices
                // send again, and the readings then count as duplicates: the benchmark measures throughput instead.
                .property("smartclinic.link.store-timeout", "120s")
                .property("smartclinic.mqtt.default.url", broker.url())
                // HTTP event loops (the metric scrapes) in the idle class as in production; the test harness has them
                // in the normal class, as -Dbench.event-loops-yield=false does
                .property("smartclinic.live.event-loops-yield", System.getProperty("bench.event-loops-yield", "true"));
        // the production launch leaves the heap to the JVM (a quarter of the memory); the test harness's 256 MiB made
        // G1 take a third of a core in batch runs
        gateway.jvmOption("-Xmx" + HEAP);
        for (String option : System.getProperty("bench.gateway-jvm", "").split(" ")) {
            if (!option.isBlank()) {
                gateway.jvmOption(option);
            }
        }
        if (JFR) {
            Path out = Path.of("target", "benchmarks").toAbsolutePath();
            Files.createDirectories(out);
            gateway.flightRecording(out.resolve("ingest.jfr"));
        }
        MqttLoad load = new MqttLoad(broker.url(), "clinic/devices", DEVICES, MESSAGES, INFLIGHT, PER_MESSAGE)
                .withRate(RATE / PER_MESSAGE);
        MqttLoad warm = new MqttLoad(broker.url(), "warm", DEVICES, Math.max(1, WARM_UP / PER_MESSAGE), INFLIGHT,
                PER_MESSAGE);
        for (int d = 1; d <= DEVICES; d++) {
            gateway.device(MqttLoad.deviceId(d), "vitals-json", "bench", "mqtt")
                    .deviceProperty(MqttLoad.deviceId(d), "mqtt.topic", load.topic(d))
                    .device("warm-" + d, "vitals-json", "bench", "mqtt")
                    .deviceProperty("warm-" + d, "mqtt.topic", warm.topic(d));
        }
        gateway.start();
        GatewayApi api = new GatewayApi(gateway.baseUrl());
        for (int d = 1; d <= DEVICES; d++) {
            String id = MqttLoad.deviceId(d);
            String warmId = "warm-" + d;
            await().atMost(Duration.ofSeconds(60)).until(() -> "CONNECTED".equals(api.device(id).getString("state"))
                    && "CONNECTED".equals(api.device(warmId).getString("state")));
        }
        // a gateway in service has run for hours: its code is compiled before the measured run starts
        if (WARM_UP > 0) {
            warm.run(Duration.ofMinutes(10));
            await().atMost(Duration.ofMinutes(10)).pollInterval(Duration.ofMillis(250)).until(() -> {
                IngestSample s = sample(api, IngestSample.ZERO);
                return s.readings() >= warm.readings() && s.acks() >= warm.readings();
            });
            Duration settled = gateway.awaitJitSettled(Duration.ofMinutes(5));
            System.out.printf(Locale.ROOT, "waited %.1f s for the gateway's JIT compilers to settle%n",
                    settled.toNanos() / 1e9);
        }
        IngestSample base = sample(api, IngestSample.ZERO);

        long[] publishedAt = {0};
        CompletableFuture<MqttLoad.Result> published = CompletableFuture.supplyAsync(() -> {
            try {
                MqttLoad.Result r = load.run(Duration.ofMinutes(10));
                publishedAt[0] = System.nanoTime();
                return r;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        long total = load.readings();
        List<IngestSample> samples = new ArrayList<>();
        await().atMost(Duration.ofMinutes(10)).pollInterval(Duration.ofMillis(250)).until(() -> {
            IngestSample s = sample(api, base);
            samples.add(s);
            return s.readings() >= total && s.acks() >= total;
        });
        MqttLoad.Result pub = published.join();

        report(pub, publishedAt[0], samples, total, WARM_UP > 0 ? warm.readings() / DEVICES : 0);
        Files.copy(gateway.dataDir().resolve("gateway-1.log"), Path.of("target", "benchmarks", "ingest-gateway.log"),
                StandardCopyOption.REPLACE_EXISTING);
        assertThat(api.metric("smartclinic_mqtt_redeliveries_total"))
                .as("no message had to be sent again (see target/benchmarks/ingest-gateway.log)").isZero();
        assertThat(samples.getLast().readings()).as("every message journaled").isEqualTo(total);
    }

    /**
     * The counters now, less {@code base}'s; acknowledgements counted in readings (every message holds
     * {@code PER_MESSAGE}).
     */
    private static IngestSample sample(GatewayApi api, IngestSample base) {
        // one scrape per sample: a scrape costs the gateway CPU the load would otherwise get
        long before = System.nanoTime();
        String text = api.metrics();
        long now = before + (System.nanoTime() - before) / 2;
        return new IngestSample(now, GatewayApi.metricIn(text, "smartclinic_readings_total") - base.readings(),
                GatewayApi.metricIn(text, "smartclinic_mqtt_acks_total") * PER_MESSAGE - base.acks(),
                GatewayApi.metricIn(text, "smartclinic_journal_commits_total") - base.commits(),
                gateway.cpuTime().toNanos(), gateway.jitCpuTime().toNanos(), broker.cpuTime().toNanos(),
                ProcessHandle.current().info().totalCpuDuration().orElse(Duration.ZERO).toNanos(),
                GatewayApi.metricIn(text, "smartclinic_journal_busy_seconds_total", "phase=\"work\""),
                GatewayApi.metricIn(text, "smartclinic_journal_busy_seconds_total", "phase=\"commit\""),
                GatewayApi.metricIn(text, "smartclinic_journal_checkpoint_wait_seconds_total"),
                GatewayApi.metricIn(text, "smartclinic_journal_cpu_seconds_total", "thread=\"writer\""),
                GatewayApi.metricIn(text, "smartclinic_journal_cpu_seconds_total", "thread=\"checkpoint\""),
                journalPages(), GatewayApi.metricIn(text, "smartclinic_journal_flushes_total"),
                GatewayApi.metricIn(text, "smartclinic_journal_flush_seconds_total"),
                GatewayApi.metricIn(text, "smartclinic_journal_judged_ahead_total"));
    }

    /**
     * Pages of the journal's database file now: what the checkpoints have copied into it, each page once (a page
     * copied again by a later pass does not count), assuming SQLite's default page size of 4,096 bytes.
     */
    private static double journalPages() {
        try {
            return Files.size(gateway.dataDir().resolve("journal.db")) / 4096.0;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * With an offered rate: the offered load, the largest backlog (readings offered by a sample's moment, at the
     * pace, but not yet durable) while the devices published, and how long after the last publish everything was
     * durable. The gateway kept up if it journaled at least 97 % of the offered rate while they published and its
     * backlog never exceeded one second of it. Empty as fast as possible.
     */
    private static String offered(long start, long publishedAt, List<IngestSample> samples, long total,
            IngestSample.Steady steady) {
        if (RATE <= 0) {
            return "";
        }
        double backlog = 0;
        for (IngestSample s : samples) {
            if (s.nanos() > publishedAt) {
                break;
            }
            double offered = Math.min(total, RATE * (s.nanos() - start) / 1e9);
            backlog = Math.max(backlog, offered - s.durable());
        }
        boolean keptUp = steady.perSecond() >= 0.97 * RATE && backlog <= RATE;
        return String.format(Locale.ROOT, """
                | offered load (all devices together, even pace) | %.0f readings/s |
                | largest backlog while publishing (offered, not yet durable) | %.0f readings (%.2f s of the load) |
                | everything durable after the last publish (to the next 250 ms sample) | %.2f s |
                | **kept up with the offered load** | %s |
                """, RATE, backlog, backlog / RATE, Math.max(0, samples.getLast().nanos() - publishedAt) / 1e9,
                keptUp ? "**yes**" : "**no**");
    }

    private static void report(MqttLoad.Result pub, long publishedAt, List<IngestSample> samples, long total,
            long warmedPerDevice) throws Exception {
        IngestSample from = IngestSample.first(samples, total * 0.1);
        IngestSample to = IngestSample.first(samples, total * 0.9);
        double seconds = (to.nanos() - from.nanos()) / 1e9;
        double counted = to.durableSince(from);
        double durable = counted / seconds;
        // When the devices publish faster than the gateway journals, the broker queues the rest and part of the
        // 10-90 % window is a queued burst being drained with the broker only forwarding. The steady rate is the
        // one while the devices still publish: from the 10 % mark to the last sample before they finished.
        IngestSample.Steady whilePublishing = IngestSample.Steady.of(samples, publishedAt, total);
        String steady = whilePublishing.seconds() < 1 ? "not measured: the devices had finished publishing before the"
                + " 10 % mark or less than 1 s after it"
                : String.format(Locale.ROOT, "%.0f readings/s over %.1f s", whilePublishing.perSecond(),
                        whilePublishing.seconds());
        String offered = offered(pub.startNanos(), publishedAt, samples, total, whilePublishing);
        IngestSample last = samples.getLast();
        double publishedShare = samples.stream().filter(s -> s.nanos() <= publishedAt)
                .mapToDouble(IngestSample::readings).max().orElse(0) / Math.max(1, last.readings());
        double cpuPerReading = (to.cpuNanos() - from.cpuNanos()) / 1e3 / counted;
        double jitPerReading = (to.jitNanos() - from.jitNanos()) / 1e3 / counted;
        double brokerPerReading = (to.brokerCpuNanos() - from.brokerCpuNanos()) / 1e3 / counted;
        double loadPerReading = (to.loadCpuNanos() - from.loadCpuNanos()) / 1e3 / counted;
        int perCommit = (int) Math.max(1, Math.round(last.readings() / Math.max(1, last.commits())));
        double writerWork = (to.writerWork() - from.writerWork()) * 1e6 / counted;
        double writerCommit = (to.writerCommit() - from.writerCommit()) * 1e6 / counted;
        double writerWait = (to.writerWait() - from.writerWait()) * 1e6 / counted;
        double writerIdle = seconds * 1e6 / counted - writerWork - writerCommit - writerWait;
        double writerCpu = (to.writerCpu() - from.writerCpu()) * 1e6 / counted;
        double checkpointCpu = (to.checkpointCpu() - from.checkpointCpu()) * 1e6 / counted;
        double grown = to.journalPages() - from.journalPages();
        double cpuPerPage = grown <= 0 ? 0 : (to.checkpointCpu() - from.checkpointCpu()) * 1e6 / grown;
        double perFlush = counted / Math.max(1, to.flushes() - from.flushes());
        double flushPerReading = (to.flushSeconds() - from.flushSeconds()) * 1e6 / counted;
        double ahead = (to.judgedAhead() - from.judgedAhead()) / Math.max(1, to.readings() - from.readings());
        // The plain loop's rate moved by a third between runs minutes apart on this shared host: the median of three
        Path journal = gateway.dataDir().resolve("journal.db");
        int rawRun = (int) Math.min(total, Math.max(60_000, 10L * perCommit));
        List<RawSqliteInserts.Result> raws = RawSqliteInserts.runs(RAW_RUNS, i -> gateway.dataDir()
                .resolve("raw-bench.db"), journal, rawRun, perCommit, PER_MESSAGE);
        RawSqliteInserts.Result raw = RawSqliteInserts.median(raws);
        // Beside it, the loop storing as much as the measured run, each run into a new file kept until all ran (the
        // runs above reuse the memory the run before freed): in this benchmark such runs cost the loop two to three
        // times the CPU per reading, though a loop alone on the machine does not slow down with volume
        // (docs/benchmarks.md, 2026-12-06 11:20-11:40); reported, not used for the ratio.
        List<RawSqliteInserts.Result> large = RawSqliteInserts.runs(RAW_RUNS, i -> gateway.dataDir()
                .resolve("raw-large-" + i + ".db"), journal, (int) Math.max(rawRun, total), perCommit, PER_MESSAGE);
        RawSqliteInserts.Result largeRaw = RawSqliteInserts.median(large);
        String text = String.format(Locale.ROOT, """
                | figure | value |
                |---|---|
                | devices x messages x readings per message, in flight per device | %d x %d x %d, %d |
                | warm-up before the run, readings per device; gateway heap | %d; %s |
                | publish rate (broker-acknowledged) | %.0f messages/s |
                | durable ingest (journaled and PUBACKed, 10-90 %%) | %.0f readings/s |
                | share journaled when the devices finished publishing | %.0f %% |
                | durable ingest while the devices still published (from 10 %%) | %s |
                | CPU per durable reading, 10-90 %%: gateway (all threads; of it JIT) / broker / generator and \
                this JVM | %.1f (%.1f) / %.1f / %.1f us |
                | readings per journal commit (gateway's own counters) | %d |
                | journal writer's time per durable reading, 10-90 %%: running the work / committing / waiting for a \
                checkpoint / waiting for work | %.1f / %.1f / %.1f / %.1f us |
                | CPU per durable reading of the journal's writer thread (of its work and commit above: the rest it \
                waited for a CPU or the disk) / of its checkpoint thread | %.1f / %.1f us |
                | journal file: pages it grew by per durable reading; checkpoint thread CPU per page it grew by | \
                %.2f; %.1f us |
                | the journal log's flush thread, 10-90 %%: durable readings per flush; its time flushing per durable \
                reading | %.0f; %.1f us |
                | readings judged on their device's thread and taken by the writer as judged, 10-90 %% | %.1f %% |
                | raw SQLite WAL FULL, same disk, %d readings per transaction (median of %d runs of %d readings; \
                all runs) | %.0f readings/s, %.1f us CPU each (%s) |
                | ratio durable / raw | %.2f |
                | not for the ratio: raw storing as much as the measured run, %d readings a run, each into a new \
                file (median of %d; all runs); durable / that | %.0f readings/s, %.1f us CPU each (%s); %.2f |
                %s""", DEVICES, MESSAGES, PER_MESSAGE, INFLIGHT, warmedPerDevice, HEAP, pub.perSecond(), durable,
                publishedShare * 100, steady, cpuPerReading, jitPerReading, brokerPerReading, loadPerReading,
                perCommit, writerWork, writerCommit, writerWait, writerIdle, writerCpu, checkpointCpu, grown / counted,
                cpuPerPage, perFlush, flushPerReading, ahead * 100, perCommit, RAW_RUNS, rawRun, raw.perSecond(),
                raw.cpuMicrosPerReading(),
                RawSqliteInserts.rates(raws), durable / raw.perSecond(), Math.max(rawRun, total), RAW_RUNS,
                largeRaw.perSecond(), largeRaw.cpuMicrosPerReading(), RawSqliteInserts.rates(large),
                durable / largeRaw.perSecond(), offered) + (TIMELINE ? "\n" + IngestSample.timeline(samples) : "");
        System.out.println(text);
        Path out = Path.of("target", "benchmarks", "ingest.md");
        Files.createDirectories(out.getParent());
        Files.writeString(out, text);
    }
}
