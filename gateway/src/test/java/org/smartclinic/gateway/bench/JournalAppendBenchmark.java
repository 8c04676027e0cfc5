package org.smartclinic.gateway.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.smartclinic.drivers.Code;
import org.smartclinic.drivers.Measurement;
import org.smartclinic.drivers.Reading;
import org.smartclinic.drivers.Value;
import org.smartclinic.gateway.binding.BindingPolicy;
import org.smartclinic.gateway.journal.Journal;
import org.smartclinic.gateway.journal.JournalDatabase;

/**
 * The journal's own cost per reading, without transports or HTTP: {@code devices} threads each appending batches
 * of {@code batch} readings (as {@code ManagedDevice.storeAll} does) to a real SQLite file, in inputs of
 * {@code bench.readings-per-input} readings with one raw capture each (default 1: a frame; 100: a batch message),
 * beside the raw JDBC ceiling at the same batch size and captures per reading. For profiling the ingest path (run with JFR:
 * {@code -DargLine="-XX:StartFlightRecording=filename=target/append.jfr"}). Not a timed test; run with
 * {@code ./mvnw -pl gateway -am test -Dtest=JournalAppendBenchmark -Dsurefire.failIfNoSpecifiedTests=false}.
 */
class JournalAppendBenchmark {

    private static final int DEVICES = Integer.getInteger("bench.devices", 20);
    private static final int PER_DEVICE = Integer.getInteger("bench.messages", 3000);
    private static final int BATCH = Integer.getInteger("bench.batch", 256);
    /** Readings per input (one raw capture each): 1 as a frame, 100 as a vitals-batch message. */
    private static final int PER_INPUT = Integer.getInteger("bench.readings-per-input", 1);

    @TempDir
    Path dir;

    private static Reading reading(String device, int n) {
        Instant t = Instant.now();
        Measurement pulse = Measurement.of(Code.deviceCode("vitals-json", "pulse", "Pulse"),
                List.of(new Code(Code.LOINC, "8867-4", "Heart rate")),
                new Value.Quantity(BigDecimal.valueOf(60 + n % 40), "/min"));
        return new Reading(device, "load-" + device + "-" + n, t, t, List.of(pulse), null, null, null);
    }

    @Test
    void append_manyDevicesInBatches_reportsReadingsPerSecond() throws Exception {
        try (JournalDatabase db = JournalDatabase.open(dir.resolve("journal.db"))) {
            Journal journal = new Journal(db, Clock.systemUTC(), BindingPolicy.defaults());
            long start = System.nanoTime();
            List<Thread> threads = new ArrayList<>();
            for (int d = 1; d <= DEVICES; d++) {
                String device = "load-" + d;
                threads.add(Thread.ofPlatform().start(() -> appendAll(journal, device)));
            }
            for (Thread t : threads) {
                t.join();
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            double writerCpuUs = writerCpuNanos() / 1e3;
            long total = (long) DEVICES * PER_DEVICE;
            double rate = total / seconds;
            long commits = db.activity().commits();
            RawSqliteInserts.Result raw = RawSqliteInserts.run(dir.resolve("raw.db"), db.file(),
                    (int) Math.min(total, 60_000), (int) Math.max(1, total / commits), PER_INPUT);
            System.out.printf(Locale.ROOT, "journal append: %d readings in %.1f s = %.0f readings/s, %d commits"
                    + " (%.0f readings each), writer thread CPU %.1f us per reading; raw JDBC at that batch: %.0f"
                    + " readings/s, %.1f us CPU per reading; ratio %.2f (by CPU per reading %.2f)%n", total, seconds,
                    rate, commits, (double) total / commits, writerCpuUs / total, raw.perSecond(),
                    raw.cpuMicrosPerReading(), rate / raw.perSecond(), raw.cpuMicrosPerReading() / (writerCpuUs / total));
            assertThat(commits).isPositive();
        }
    }

    /**
     * CPU time the journal's writer thread used so far: its work per reading, which other load on the machine does
     * not change (the wall-clock rate it does).
     */
    private static long writerCpuNanos() {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals("journal-writer"))
                .mapToLong(t -> mx.getThreadCpuTime(t.threadId())).sum();
    }

    private static void appendAll(Journal journal, String device) {
        for (int n = 0; n < PER_DEVICE; n += BATCH) {
            List<Journal.Input> inputs = new ArrayList<>();
            for (int i = n; i < Math.min(PER_DEVICE, n + BATCH); i += PER_INPUT) {
                List<Reading> readings = new ArrayList<>(PER_INPUT);
                for (int j = i; j < Math.min(PER_DEVICE, i + PER_INPUT); j++) {
                    readings.add(reading(device, j));
                }
                inputs.add(new Journal.Input(readings,
                        new Journal.RawInput(device, Instant.now(), new byte[140 * readings.size()])));
            }
            Journal.AppendResult r = journal.appendAll("bench", inputs).join();
            assertThat(r.stored()).isEqualTo(inputs.stream().mapToInt(in -> in.readings().size()).sum());
        }
    }
}
