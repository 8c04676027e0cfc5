package org.smartclinic.gateway.uplink;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import ca.uhn.fhir.parser.IParser;

import org.hl7.fhir.r4.model.Bundle;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.smartclinic.fhir.FhirContexts;
import org.smartclinic.gateway.it.BatchUploads;
import org.smartclinic.gateway.it.Ehr;
import org.smartclinic.simulator.fhir.FhirSandbox;

/** Batches of readings against the real in-process FHIR sandbox (validating): merge, bisect, idempotent resend. */
class BatchSenderTest {

    private static FhirSandbox sandbox;
    private static Ehr ehr;

    @BeforeAll
    static void start() {
        sandbox = FhirSandbox.start(new FhirSandbox.Settings("127.0.0.1", 0, "/fhir", true));
        sandbox.awaitReady(Duration.ofSeconds(60));
        ehr = new Ehr(sandbox.baseUrl());
    }

    @AfterAll
    static void stop() {
        sandbox.close();
    }

    @Test
    void send_threeDevicesOneExam_oneTransactionSharedEntriesOnce() throws Exception {
        List<BatchSender.Prepared> batch = BatchUploads.readings("bs-exam-1", "100-000-001 01", 30, 3,
                Instant.parse("2026-12-01T09:00:00Z"));

        BatchSender.Result r = BatchUploads.sender(ehr).send(batch);

        assertThat(r.transactions).isEqualTo(1);
        assertThat(r.sent).hasSize(30);
        assertThat(r.sent.get(1L)).anyMatch(id -> id.startsWith("Observation/"))
                .anyMatch(id -> id.startsWith("Patient/")).anyMatch(id -> id.startsWith("Device/"));
        assertThat(observationsOf("bs-exam-1")).hasSize(30);
        assertThat(ehr.patients(BatchUploads.PATIENT_SYSTEM, "100-000-001 01")).hasSize(1);
    }

    @Test
    void send_sameBatchTwice_noDuplicateOnTheEhr() throws Exception {
        List<BatchSender.Prepared> batch = BatchUploads.readings("bs-exam-2", "100-000-002 02", 20, 2,
                Instant.parse("2026-12-01T10:00:00Z"));
        BatchSender sender = BatchUploads.sender(ehr);

        BatchSender.Result first = sender.send(batch);
        BatchSender.Result again = sender.send(batch);

        assertThat(again.sent).isEqualTo(first.sent);
        assertThat(observationsOf("bs-exam-2")).hasSize(20);
    }

    @Test
    void send_onePoisonReading_bisectedOthersStoredOnlyItDead() throws Exception {
        List<BatchSender.Prepared> batch = BatchUploads.readings("bs-exam-3", "100-000-003 03", 16, 4,
                Instant.parse("2026-12-01T11:00:00Z"), 9);

        BatchSender.Result r = BatchUploads.sender(ehr).send(batch);

        assertThat(r.sent).hasSize(15).doesNotContainKey(10L);
        assertThat(r.dead).hasSize(1);
        var dead = r.dead.entrySet().iterator().next();
        assertThat(dead.getKey().id()).isEqualTo(10L);
        assertThat(dead.getValue().status()).isEqualTo(400);
        assertThat(dead.getValue().outcome()).contains("OperationOutcome").contains("not found");
        assertThat(r.retry).isEmpty();
        assertThat(r.transactions).as("1 + 2 log2(16)").isLessThanOrEqualTo(9);
        assertThat(observationsOf("bs-exam-3")).hasSize(15);
    }

    @Test
    void send_ehrUnreachable_wholeBatchToRetryNoSplit() throws Exception {
        List<BatchSender.Prepared> batch = BatchUploads.readings("bs-exam-4", "100-000-004 04", 8, 2,
                Instant.parse("2026-12-01T12:00:00Z"));
        Ehr gone = new Ehr("http://127.0.0.1:9/fhir");

        BatchSender.Result r = BatchUploads.sender(gone).send(batch);

        assertThat(r.transactions).isEqualTo(1);
        assertThat(r.retry).hasSize(8);
        assertThat(r.retryFailure.transientFailure()).isTrue();
        assertThat(r.retryFailure.countsAgainstItem()).isFalse();
    }

    @Test
    void send_asJsonLargerThanMaxBytes_halvedUntilEachPartFitsAllStoredOnce() throws Exception {
        List<BatchSender.Prepared> batch = BatchUploads.readings("bs-exam-5", "100-000-005 05", 16, 2,
                Instant.parse("2026-12-01T13:00:00Z"));
        List<Integer> sizes = new ArrayList<>();
        IParser json = FhirContexts.r4().newJsonParser();
        long oneReading = json.encodeResourceToString(batch.getFirst().transaction()).length();
        BatchSender sender = new BatchSender((body, written) -> {
            written.run();
            sizes.add(body.length());
            return TransactionResponse.locations(ehr.transaction(json.parseResource(Bundle.class, body)));
        }, oneReading * 5, Clock.systemUTC());

        AtomicInteger hookRuns = new AtomicInteger();
        BatchSender.Result r = sender.send(batch, null, hookRuns::incrementAndGet);

        assertThat(r.sent).hasSize(16);
        assertThat(r.transactions).as("halved at least once, never down to single readings").isBetween(2, 8);
        assertThat(hookRuns).as("the caller's action runs with the first request only").hasValue(1);
        assertThat(sizes).allSatisfy(size -> assertThat((long) size).isLessThanOrEqualTo(oneReading * 5));
        assertThat(observationsOf("bs-exam-5")).hasSize(16);
    }

    private static List<?> observationsOf(String examId) {
        String encounter = ehr.encounterOfExam(BatchUploads.GATEWAY_ID, examId).orElseThrow().getIdElement()
                .toUnqualifiedVersionless().getValue();
        return ehr.observationsOfEncounter(encounter);
    }
}
