package org.smartclinic.gateway.journal;

import java.time.Clock;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import org.smartclinic.gateway.config.GatewayConfig;

/** Makes the journal ({@code <data-dir>/journal.db}) and the clock available to the application. */
@ApplicationScoped
public class JournalProducer {

    @Produces
    @Singleton
    Clock clock() {
        return Clock.systemUTC();
    }

    @Produces
    @Singleton
    Journal journal(GatewayConfig config, Clock clock) {
        return new Journal(JournalDatabase.open(config.dataDir().resolve("journal.db")), clock);
    }

    void close(@Disposes Journal journal) {
        journal.close();
    }
}
