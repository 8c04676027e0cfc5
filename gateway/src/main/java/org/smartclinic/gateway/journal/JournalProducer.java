package org.smartclinic.gateway.journal;

import java.time.Clock;
import java.util.function.ToDoubleFunction;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.configuration.MemorySize;

import org.smartclinic.gateway.binding.BindingPolicy;
import org.smartclinic.gateway.binding.DeviceClock;
import org.smartclinic.gateway.config.GatewayConfig;
import org.smartclinic.gateway.config.JournalConfig;

/**
 * Makes the journal database ({@code <data-dir>/journal.db}), its views (readings and outbox, exams, patients,
 * placements, corrections, device clocks, raw captures, device records), the binding policy and the clock
 * available to the application.
 */
@ApplicationScoped
public class JournalProducer {

    @Produces
    @Singleton
    Clock clock() {
        return Clock.systemUTC();
    }

    @Produces
    @Singleton
    JournalDatabase database(GatewayConfig config, MeterRegistry registry) {
        JournalConfig journal = config.journal();
        JournalDatabase db = JournalDatabase.open(config.dataDir().resolve("journal.db"), new JournalDatabase.Limits(
                journal.maxSize().map(MemorySize::asLongValue).orElse(0L), journal.writeQueue(),
                journal.writeQueueWait()));
        activityMeters(db.activity(), registry);
        Gauge.builder("smartclinic.journal.queued", db, JournalDatabase::queued).tag("store", "journal")
                .description("Writes waiting for the journal's disk (bounded by smartclinic.journal.write-queue)")
                .register(registry);
        return db;
    }

    /** The journal's counters, each tagged {@code store=journal} (docs/journal.md). */
    private static void activityMeters(JournalActivity a, MeterRegistry registry) {
        count(registry, "smartclinic.journal.commits", a, JournalActivity::commits, null,
                "Journal transactions committed");
        // The flush thread: a device hears "stored" only after the flush covering its transaction.
        count(registry, "smartclinic.journal.flushes", a, JournalActivity::flushes, null,
                "Flushes of the journal's write-ahead log to the disk (each covers every commit before it)");
        count(registry, "smartclinic.journal.flush", a, JournalActivity::flushSeconds, "seconds",
                "Time spent flushing the journal's write-ahead log to the disk");
        count(registry, "smartclinic.journal.writes", a, JournalActivity::committedWrites, null,
                "Units of work committed (a device's batch of readings, an outbox update...)");
        // Whether the journal keeps up is its one writer's time: near a second per second it is the bottleneck,
        // and the commit's share (writing the WAL) tells a slow disk from slow work.
        count(registry, "smartclinic.journal.busy", a, JournalActivity::workSeconds, "seconds",
                "Time the journal's writer spent running work in transactions", "phase", "work");
        count(registry, "smartclinic.journal.busy", a, JournalActivity::commitSeconds, "seconds",
                "Time the journal's writer spent committing (writing the WAL; the flush is apart)", "phase", "commit");
        // Busy time minus CPU time: what the writer spent waiting for a CPU (other threads) or the disk.
        count(registry, "smartclinic.journal.cpu", a, JournalActivity::writerCpuSeconds, "seconds",
                "CPU time of the journal's writer thread", "thread", "writer");
        count(registry, "smartclinic.journal.cpu", a, JournalActivity::checkpointCpuSeconds, "seconds",
                "CPU time of the journal's checkpoint thread", "thread", "checkpoint");
        // The writer thread is what every device waits for: how much of the judging the devices' threads took off it.
        count(registry, "smartclinic.journal.judged.ahead", a, JournalActivity::judgedAhead, null,
                "Readings whose clock and binding were judged on their device's thread, ahead of the journal's writer,"
                        + " and taken by it as they were (the rest the writer judged itself)");
        count(registry, "smartclinic.journal.checkpoints", a, JournalActivity::checkpointPasses, null,
                "Checkpoints run: the write-ahead log copied into the file");
        count(registry, "smartclinic.journal.checkpoint.failures", a, JournalActivity::checkpointFailures, null,
                "Checkpoints that failed (the log grows until one succeeds)");
        count(registry, "smartclinic.journal.checkpoint.wait", a, JournalActivity::checkpointWaitSeconds, "seconds",
                "Time the journal's writer waited for checkpoints so that the log could start over");
    }

    private static void count(MeterRegistry registry, String name, JournalActivity a,
            ToDoubleFunction<JournalActivity> value, String unit, String description, String... tags) {
        FunctionCounter.builder(name, a, value).baseUnit(unit).tag("store", "journal").tags(tags)
                .description(description).register(registry);
    }

    @Produces
    @Singleton
    BindingPolicy bindingPolicy(GatewayConfig config) {
        GatewayConfig.Binding b = config.binding();
        return new BindingPolicy(new DeviceClock.Settings(b.tolerance(), b.clockDriftThreshold(), b.clockMemory(),
                b.clockConfirmSpan()), config.exams().maxDuration(), station -> {
                    GatewayConfig.Station s = config.stations().get(station);
                    return s != null && s.review().strip().equalsIgnoreCase("confirm");
                });
    }

    @Produces
    @Singleton
    Journal journal(JournalDatabase db, Clock clock, BindingPolicy policy) {
        return new Journal(db, clock, policy);
    }

    @Produces
    @Singleton
    ExamRecords examRecords(JournalDatabase db, Clock clock) {
        return new ExamRecords(db, clock);
    }

    @Produces
    @Singleton
    PatientRecords patientRecords(JournalDatabase db, Clock clock) {
        return new PatientRecords(db, clock);
    }

    @Produces
    @Singleton
    Placements placements(JournalDatabase db, Clock clock) {
        return new Placements(db, clock);
    }

    @Produces
    @Singleton
    Corrections corrections(JournalDatabase db, Clock clock) {
        return new Corrections(db, clock);
    }

    @Produces
    @Singleton
    DeviceClocks deviceClocks(JournalDatabase db, BindingPolicy policy) {
        return new DeviceClocks(db, policy.clock());
    }

    @Produces
    @Singleton
    Captures captures(JournalDatabase db, Clock clock) {
        return new Captures(db, clock);
    }

    @Produces
    @Singleton
    DeviceRecords deviceRecords(JournalDatabase db, Clock clock) {
        return new DeviceRecords(db, clock);
    }

    void close(@Disposes JournalDatabase db) {
        db.close();
    }
}
