package org.smartclinic.gateway.health;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.smartclinic.gateway.journal.Journal;

/** Ready only while the journal can be written: without it no reading may be acknowledged. */
@Readiness
@ApplicationScoped
public class JournalHealthCheck implements HealthCheck {

    @Inject
    Journal journal;

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("journal").status(journal.database().healthy())
                .withData("file", journal.database().file().toAbsolutePath().toString()).build();
    }
}
