package org.smartclinic.gateway.journal;

import java.time.Clock;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

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
    JournalDatabase database(GatewayConfig config) {
        GatewayConfig.Journal journal = config.journal();
        return JournalDatabase.open(config.dataDir().resolve("journal.db"), new JournalDatabase.Limits(
                journal.maxSize().map(MemorySize::asLongValue).orElse(0L), journal.writeQueue(),
                journal.writeQueueWait()));
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
