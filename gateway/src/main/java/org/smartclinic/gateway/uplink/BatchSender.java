package org.smartclinic.gateway.uplink;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.hl7.fhir.r4.model.Bundle;
import org.smartclinic.fhir.FhirContexts;
import org.smartclinic.gateway.journal.Outbox;

/**
 * Sends readings as one transaction and, when the EHR refuses its content (400/422 with an OperationOutcome, or
 * 413 too large), splits it in halves and sends each, recursively, first half first: the readings the EHR accepts
 * go on, and only the one it refuses alone becomes a dead letter with the EHR's answer. A failure of the EHR itself
 * (unreachable, 5xx, 429, an unreadable answer) stops there: what was not accepted is retried later, in order.
 * A batch of n readings with one guilty costs about 2 log2(n) transactions.
 */
final class BatchSender {

    /** A reading ready to send: its item and its own transaction. */
    record Prepared(Outbox.Item item, Bundle transaction) {
    }

    /** What happened to each item of a batch. */
    static final class Result {
        final Map<Long, List<String>> sent = new LinkedHashMap<>();
        final Map<Outbox.Item, DeliveryFailure> dead = new LinkedHashMap<>();
        final List<Outbox.Item> retry = new ArrayList<>();
        DeliveryFailure retryFailure;
        int transactions;
    }

    private final EhrClient ehr;
    private final Clock clock;

    BatchSender(EhrClient ehr, Clock clock) {
        this.ehr = ehr;
        this.clock = clock;
    }

    Result send(List<Prepared> batch) {
        Result result = new Result();
        send(batch, result);
        return result;
    }

    private void send(List<Prepared> batch, Result result) {
        if (result.retryFailure != null) {
            batch.forEach(p -> result.retry.add(p.item()));
            return;
        }
        BatchBundle merged = new BatchBundle();
        batch.forEach(p -> merged.add(p.item().id(), p.transaction()));
        result.transactions++;
        try {
            result.sent.putAll(merged.locations(ehr.transaction(merged.bundle())));
        } catch (RuntimeException e) {
            DeliveryFailure f = DeliveryFailure.of(e, FhirContexts.r4(), clock.instant());
            if (f.refusesContent() && batch.size() > 1) {
                int half = batch.size() / 2;
                send(batch.subList(0, half), result);
                send(batch.subList(half, batch.size()), result);
            } else if (f.refusesContent()) {
                result.dead.put(batch.getFirst().item(), f);
            } else {
                result.retryFailure = f;
                batch.forEach(p -> result.retry.add(p.item()));
            }
        }
    }
}
