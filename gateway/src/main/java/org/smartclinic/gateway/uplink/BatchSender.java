package org.smartclinic.gateway.uplink;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.UnaryOperator;

import org.hl7.fhir.r4.model.Bundle;
import org.smartclinic.fhir.FhirContexts;
import org.smartclinic.gateway.journal.Outbox;

/**
 * Sends readings as one transaction and, when the EHR refuses its content (400/422 with an OperationOutcome, or
 * 413 too large), splits it in halves and sends each, recursively, first half first: the readings the EHR accepts
 * go on, and only the one it refuses alone becomes a dead letter with the EHR's answer. A failure of the EHR itself
 * (unreachable, 5xx, 429, an unreadable answer) stops there: what was not accepted is retried later, in order.
 * A batch of n readings with one guilty costs about 2 log2(n) transactions.
 *
 * <p>The gateway posts the merged transaction as FHIR JSON it encodes once: the same text gives its size, and a
 * batch larger than {@code batch-max-bytes} is halved as a 413 would be (one reading is sent whatever its size).
 * Encoding each reading's transaction beforehand only to weigh it cost more than the rest of a round.
 */
public final class BatchSender {

    /** A reading ready to send: its item and its own transaction. */
    public record Prepared(Outbox.Item item, Bundle transaction) {
    }

    /** What happened to each item of a batch. */
    public static final class Result {
        /** What the EHR stored for each accepted item, by item id. */
        public final Map<Long, List<String>> sent = new LinkedHashMap<>();
        /** Items the EHR refused, each with its answer. */
        public final Map<Outbox.Item, DeliveryFailure> dead = new LinkedHashMap<>();
        /** Items not accepted because the EHR failed transiently ({@link #retryFailure}). */
        public final List<Outbox.Item> retry = new ArrayList<>();
        /** The transient failure that stopped the batch, or null. */
        public DeliveryFailure retryFailure;
        /** Transactions posted, splits included. */
        public int transactions;
        private Runnable onWritten = () -> { };

        /** The action for the next request to run once written: the caller's for the first, nothing after it. */
        private Runnable takeOnWritten() {
            Runnable r = onWritten;
            onWritten = () -> { };
            return r;
        }
    }

    private final UnaryOperator<Bundle> transaction;
    private final BiFunction<String, Runnable, List<String>> jsonTransaction;
    private final long maxBytes;
    private final Clock clock;

    /**
     * A sender posting the merged Bundle as it is, with no size limit (tests and benchmarks with their own client).
     *
     * @param transaction posts a transaction Bundle and returns the response, e.g. {@link EhrClient#transaction}
     */
    public BatchSender(UnaryOperator<Bundle> transaction, Clock clock) {
        this.transaction = transaction;
        this.jsonTransaction = null;
        this.maxBytes = Long.MAX_VALUE;
        this.clock = clock;
    }

    /**
     * A sender posting the merged Bundle as FHIR JSON, encoded once, at most {@code maxBytes} characters of it
     * per transaction unless a single reading is larger.
     *
     * @param jsonTransaction posts a transaction Bundle given as JSON and returns the location the EHR gave each
     *                        entry, running the given action once the request has gone out, e.g.
     *                        {@link EhrClient#transactionLocations(String, Runnable)}
     */
    public BatchSender(BiFunction<String, Runnable, List<String>> jsonTransaction, long maxBytes, Clock clock) {
        this.transaction = null;
        this.jsonTransaction = jsonTransaction;
        this.maxBytes = maxBytes;
        this.clock = clock;
    }

    /**
     * A whole batch merged into one transaction and, for a JSON sender, encoded: what
     * {@link #send(List, Encoded, Runnable)} posts first. Built ahead, while the batch before it is on its way, so
     * the EHR does not wait for the encoding.
     */
    public record Encoded(BatchBundle merged, String json) {
    }

    /** Merges (and, for a JSON sender, encodes) {@code batch} as it would be posted whole. */
    public Encoded encode(List<Prepared> batch) {
        BatchBundle merged = new BatchBundle();
        batch.forEach(p -> merged.add(p.item().id(), p.transaction()));
        String json = jsonTransaction == null ? null
                : FhirContexts.r4().newJsonParser().encodeResourceToString(merged.bundle());
        return new Encoded(merged, json);
    }

    /** Sends the batch, splitting it where the EHR refuses content. */
    public Result send(List<Prepared> batch) {
        return send(batch, null, () -> { });
    }

    /**
     * As {@link #send(List)} with the whole batch already {@link #encode encoded} (null: encode it now);
     * {@code onWritten} runs once, as soon as the first transaction has gone out to the EHR (for a JSON sender;
     * otherwise before it is sent), and in any case before this returns.
     */
    public Result send(List<Prepared> batch, Encoded whole, Runnable onWritten) {
        Result result = new Result();
        result.onWritten = onWritten;
        try {
            send(batch, whole, result);
        } finally {
            result.takeOnWritten().run();
        }
        return result;
    }

    private void send(List<Prepared> batch, Encoded whole, Result result) {
        if (result.retryFailure != null) {
            batch.forEach(p -> result.retry.add(p.item()));
            return;
        }
        Encoded encoded = whole != null ? whole : encode(batch);
        BatchBundle merged = encoded.merged();
        String json = encoded.json();
        if (json != null && json.length() > maxBytes && batch.size() > 1) {
            halves(batch, result);
            return;
        }
        result.transactions++;
        try {
            if (json != null) {
                result.sent.putAll(merged.locations(jsonTransaction.apply(json, result.takeOnWritten())));
            } else {
                result.takeOnWritten().run();
                result.sent.putAll(merged.locations(transaction.apply(merged.bundle())));
            }
        } catch (RuntimeException e) {
            DeliveryFailure f = DeliveryFailure.of(e, FhirContexts.r4(), clock.instant());
            if (f.refusesContent() && batch.size() > 1) {
                halves(batch, result);
            } else if (f.refusesContent()) {
                result.dead.put(batch.getFirst().item(), f);
            } else {
                result.retryFailure = f;
                batch.forEach(p -> result.retry.add(p.item()));
            }
        }
    }

    /** Sends the first half, then the second. */
    private void halves(List<Prepared> batch, Result result) {
        int half = batch.size() / 2;
        send(batch.subList(0, half), null, result);
        send(batch.subList(half, batch.size()), null, result);
    }
}
