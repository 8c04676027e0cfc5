package org.smartclinic.gateway.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.smartclinic.fhir.FhirContexts;
import org.smartclinic.fhir.MappingException;
import org.smartclinic.gateway.it.BatchUploads;
import org.smartclinic.gateway.it.Ehr;
import org.smartclinic.gateway.it.JpaEhr;
import org.smartclinic.gateway.uplink.BatchSender;
import org.smartclinic.simulator.fhir.FhirSandbox;

/**
 * Drain rate of a backlog: readings (pulse, 3 devices per exam, 100 readings per exam) sent as the uplink sends
 * them ({@link BatchSender}, the production code: merged transactions, shared entries once), one per transaction
 * and then in batches, against the sandbox (validation off, and on: at most 2,000 readings, it is slow) and the
 * HAPI FHIR JPA server. Not part of the test suite (a benchmark, not a timed test); run it with
 * {@code ./mvnw -pl gateway -am verify -Dit.test=DrainBenchmark -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false}
 * ({@code -Ddrain.readings=10000}, {@code -Ddrain.batch=100}). Results go to standard output and
 * {@code gateway/target/benchmarks/drain.md}.
 */
class DrainBenchmark {

    private static final int READINGS = Integer.getInteger("drain.readings", 10_000);
    private static final int BATCH = Integer.getInteger("drain.batch", 100);
    private static final int SINGLES = Math.min(READINGS, 1_000);

    @TempDir
    static Path dir;

    private final List<String> rows = new ArrayList<>();
    private int exams;

    @Test
    void drain_backlog_readingsPerSecondPerEhr() throws Exception {
        // As the gateway's default read timeout (30 s) and more: a validating server takes long per batch.
        FhirContexts.r4().getRestfulClientFactory().setSocketTimeout(120_000);
        rows.add("| EHR | per transaction | readings | seconds | readings/s |");
        rows.add("|---|---|---|---|---|");
        try (FhirSandbox plain = FhirSandbox.start(new FhirSandbox.Settings("127.0.0.1", 0, "/fhir", false))) {
            plain.awaitReady(Duration.ofSeconds(60));
            measure("sandbox (validation off)", new Ehr(plain.baseUrl()), READINGS);
        }
        try (FhirSandbox validating = FhirSandbox.start(new FhirSandbox.Settings("127.0.0.1", 0, "/fhir", true))) {
            validating.awaitReady(Duration.ofSeconds(60));
            measure("sandbox (validating)", new Ehr(validating.baseUrl()), Math.min(READINGS, 2_000));
        }
        try (JpaEhr jpa = JpaEhr.start(dir.resolve("jpa"))) {
            measure("HAPI FHIR JPA server", new Ehr(jpa.baseUrl()), READINGS);
        }
        String table = String.join("\n", rows) + "\n";
        System.out.println(table);
        Path out = Path.of("target", "benchmarks", "drain.md");
        Files.createDirectories(out.getParent());
        Files.writeString(out, table);
    }

    private void measure(String name, Ehr ehr, int readings) throws MappingException {
        BatchSender sender = BatchUploads.sender(ehr);
        run(sender, 200, BATCH);
        int singles = Math.min(readings, SINGLES);
        rows.add(row(name, 1, singles, run(sender, singles, 1)));
        rows.add(row(name, BATCH, readings, run(sender, readings, BATCH)));
        System.out.println(rows.getLast());
    }

    /** Sends {@code count} new readings {@code perTransaction} at a time; the time it took. */
    private Duration run(BatchSender sender, int count, int perTransaction) throws MappingException {
        List<BatchSender.Prepared> backlog = new ArrayList<>();
        for (int left = count; left > 0; left -= 100) {
            backlog.addAll(BatchUploads.readings("drain-" + (++exams), String.format("900-%03d-%03d 00",
                    exams / 1000, exams % 1000), Math.min(100, left), 3, Instant.parse("2026-12-01T08:00:00Z")));
        }
        long start = System.nanoTime();
        int stored = 0;
        for (int i = 0; i < backlog.size(); i += perTransaction) {
            BatchSender.Result r = sender.send(backlog.subList(i, Math.min(backlog.size(), i + perTransaction)));
            assertThat(r.dead).as("readings the EHR refused").isEmpty();
            assertThat(r.retryFailure).as("a transient failure of the EHR").isNull();
            stored += r.sent.size();
        }
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertThat(stored).as("every reading of the backlog stored, so the rate counts only stored ones")
                .isEqualTo(backlog.size());
        return took;
    }

    private static String row(String name, int perTransaction, int count, Duration took) {
        double seconds = took.toMillis() / 1000.0;
        return "| %s | %d | %d | %.1f | %.0f |".formatted(name, perTransaction, count, seconds, count / seconds);
    }
}
