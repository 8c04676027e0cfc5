package org.smartclinic.gateway.journal;

import java.time.Clock;

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
        GatewayConfig.Journal journal = config.journal();
        JournalDatabase db = JournalDatabase.open(config.dataDir().resolve("journal.db"), new JournalDatabase.Limits(
                journal.maxSize().map(MemorySize::asLongValue).orElse(0L), journal.writeQueue(),
                journal.writeQueueWait()));
        FunctionCounter.builder("smartclinic.journal.commits", db, JournalDatabase::commits).tag("store", "journal")
                .description("Journal transactions committed (one disk flush each)").register(registry);
        FunctionCounter.builder("smartclinic.journal.writes", db, JournalDatabase::committedWrites)
                .tag("store", "journal").description("Units of work committed (a device's batch of readings, an outbox update...)")
                .register(registry);
        // Whether the journal keeps up is its one writer's time: near a second per second it is the bottleneck,
        // and the commit's share (WAL write, flush, checkpoint) tells a slow disk from slow work.
        FunctionCounter.builder("smartclinic.journal.busy", db, JournalDatabase::workSeconds).baseUnit("seconds")
                .tag("store", "journal").tag("phase", "work")
                .description("Time the journal's writer spent running work in transactions").register(registry);
        FunctionCounter.builder("smartclinic.journal.busy", db, JournalDatabase::commitSeconds).baseUnit("seconds")
                .tag("store", "journal").tag("phase", "commit")
                .description("Time the journal's writer spent committing (WAL write, disk flush, checkpoint)")
                .register(registry);
        // Busy time minus CPU time: what the writer spent waiting for a CPU (other threads) or the disk.
        FunctionCounter.builder("smartclinic.journal.cpu", db, JournalDatabase::writerCpuSeconds).baseUnit("seconds")
                .tag("store", "journal").tag("thread", "writer")
                .description("CPU time of the journal's writer thread").register(registry);
        FunctionCounter.builder("smartclinic.journal.cpu", db, JournalDatabase::checkpointCpuSeconds)
                .baseUnit("seconds").tag("store", "journal").tag("thread", "checkpoint")
                .description("CPU time of the journal's checkpoint thread").register(registry);
        FunctionCounter.builder("smartclinic.journal.checkpoints", db, JournalDatabase::checkpointPasses)
                .tag("store", "journal").description("Checkpoints run: the write-ahead log copied into the file")
                .register(registry);
        FunctionCounter.builder("smartclinic.journal.checkpoint.failures", db, JournalDatabase::checkpointFailures)
                .tag("store", "journal").description("Checkpoints that failed (the log grows until one succeeds)")
                .register(registry);
        FunctionCounter.builder("smartclinic.journal.checkpoint.wait", db, JournalDatabase::checkpointWaitSeconds)
                .baseUnit("seconds").tag("store", "journal")
                .description("Time the journal's writer waited for checkpoints so that the log could start over")
                .register(registry);
        Gauge.builder("smartclinic.journal.queued", db, JournalDatabase::queued).tag("store", "journal")
                .description("Writes waiting for the journal's disk (bounded by smartclinic.journal.write-queue)")
                .register(registry);
        return db;
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
