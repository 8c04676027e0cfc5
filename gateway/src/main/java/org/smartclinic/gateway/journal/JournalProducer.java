package org.smartclinic.gateway.journal;

import java.time.Clock;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import io.quarkus.runtime.configuration.MemorySize;

import org.smartclinic.gateway.config.GatewayConfig;

/**
 * Makes the journal database ({@code <data-dir>/journal.db}), its three views (readings and outbox, raw captures,
 * device records) and the clock available to the application.
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
        return JournalDatabase.open(config.dataDir().resolve("journal.db"),
                config.journal().maxSize().map(MemorySize::asLongValue).orElse(0L));
    }

    @Produces
    @Singleton
    Journal journal(JournalDatabase db, Clock clock) {
        return new Journal(db, clock);
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
