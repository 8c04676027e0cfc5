package org.smartclinic.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Stream;

import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Observation;

/** What the EHR-authentication ITs check: readings on the EHR exactly once, and no secret in the gateway's logs. */
final class AuthDelivery {

    static final Duration DELIVERY = Duration.ofSeconds(60);

    private AuthDelivery() {
    }

    /** The exam's blood pressures on the EHR, once there are at least {@code atLeast}. */
    static List<Observation> awaitBloodPressures(Supplier<Ehr> ehr, String examId, int atLeast) {
        Encounter enc = await("encounter of exam " + examId).atMost(DELIVERY)
                .until(() -> ehr.get().encounterOfExam("demo-clinic", examId), Optional::isPresent).orElseThrow();
        String ref = "Encounter/" + enc.getIdElement().getIdPart();
        return await("blood pressures of " + ref).atMost(DELIVERY)
                .until(() -> bloodPressures(ehr.get().observationsOfEncounter(ref)), list -> list.size() >= atLeast);
    }

    /** Every blood pressure appears once (by identifier) and there are exactly {@code expected}. */
    static void assertExactlyOnce(List<Observation> bp, int expected) {
        assertThat(bp).hasSize(expected);
        assertThat(bp).extracting(o -> o.getIdentifierFirstRep().getValue()).doesNotHaveDuplicates();
    }

    /** None of {@code secrets} appears in any log the gateway wrote. */
    static void assertNotLogged(GatewayProcess gateway, List<String> secrets) {
        String logs = logs(gateway.dataDir());
        assertThat(logs).as("gateway logs").isNotEmpty();
        for (String secret : secrets) {
            assertThat(logs).as("gateway logs hold a secret").doesNotContain(secret);
        }
    }

    static String logs(Path dataDir) {
        try (Stream<Path> files = Files.list(dataDir)) {
            StringBuilder all = new StringBuilder();
            for (Path log : files.filter(p -> p.getFileName().toString().endsWith(".log")).toList()) {
                all.append(Files.readString(log));
            }
            return all.toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<Observation> bloodPressures(List<Observation> all) {
        return all.stream().filter(o -> o.getCode().getCoding().stream()
                .anyMatch(c -> "85354-9".equals(c.getCode()))).toList();
    }
}
