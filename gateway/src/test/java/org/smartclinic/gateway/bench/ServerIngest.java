package org.smartclinic.gateway.bench;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;

import ca.uhn.fhir.parser.IParser;

import org.hl7.fhir.r4.model.Bundle;
import org.smartclinic.fhir.DeviceInfo;
import org.smartclinic.fhir.FhirContexts;
import org.smartclinic.fhir.MapperSettings;
import org.smartclinic.fhir.MappingException;
import org.smartclinic.fhir.UcumUnits;
import org.smartclinic.fhir.UploadBundleFactory;
import org.smartclinic.gateway.binding.BindingPolicy;
import org.smartclinic.gateway.it.Ehr;
import org.smartclinic.gateway.journal.Journal;
import org.smartclinic.gateway.journal.JournalDatabase;
import org.smartclinic.gateway.journal.Outbox;
import org.smartclinic.gateway.journal.OutboxLedger;
import org.smartclinic.gateway.journal.StoredReading;
import org.smartclinic.gateway.uplink.BatchBundle;

/**
 * A FHIR server's own ingest rate for the readings a gateway delivered: the same readings, as the transactions the
 * uplink builds (the production mapper, {@link UploadBundleFactory}, one transaction per reading, merged
 * {@code batch} at a time by {@link BatchBundle}, in outbox order), built beforehand from the gateway's journal and
 * then encoded and posted by a plain HAPI client one after the other, as fast as it goes. One at a time because the uplink
 * sends on one thread: the same concurrency.
 */
final class ServerIngest {

    private ServerIngest() {
    }

    /**
     * The merged transactions for the READING items of {@code devices} the gateway delivered, read from its journal
     * (the gateway stopped), each device described as the gateway registered it.
     */
    static List<Bundle> transactions(Path journalFile, MapperSettings settings, Map<String, DeviceInfo> devices,
            int batch) throws MappingException {
        UploadBundleFactory factory = new UploadBundleFactory(settings, UcumUnits.standard());
        try (JournalDatabase db = JournalDatabase.open(journalFile)) {
            Journal journal = new Journal(db, Clock.systemUTC(), BindingPolicy.defaults());
            List<Outbox.Item> items = new OutboxLedger(journal).latest(Outbox.State.SENT, Integer.MAX_VALUE).stream()
                    .filter(i -> i.kind() == Outbox.Kind.READING && devices.containsKey(i.deviceId())).sorted(Comparator.comparingLong(Outbox.Item::id))
                    .toList();
            List<Bundle> out = new ArrayList<>();
            for (int from = 0; from < items.size(); from += batch) {
                BatchBundle merged = new BatchBundle();
                for (Outbox.Item item : items.subList(from, Math.min(items.size(), from + batch))) {
                    StoredReading r = journal.reading(item.readingId()).orElseThrow();
                    merged.add(item.id(), factory.transaction(r.reading(), r.examBinding(),
                            devices.get(r.reading().deviceId())));
                }
                out.add(merged.bundle());
            }
            return out;
        }
    }

    /**
     * When the EHR accepted the first and the last of the READING items of {@code devices}, as the gateway recorded
     * it ({@code sent_at}, the moment its answer came), read from the stopped gateway's journal.
     */
    static Instant[] sentBetween(Path journalFile, Set<String> devices) {
        try (JournalDatabase db = JournalDatabase.open(journalFile)) {
            Journal journal = new Journal(db, Clock.systemUTC(), BindingPolicy.defaults());
            List<Instant> sent = new OutboxLedger(journal).latest(Outbox.State.SENT, Integer.MAX_VALUE).stream()
                    .filter(i -> i.kind() == Outbox.Kind.READING && devices.contains(i.deviceId()))
                    .map(Outbox.Item::sentAt).sorted().toList();
            return new Instant[] {sent.getFirst(), sent.getLast()};
        }
    }

    /**
     * The transactions as FHIR JSON, encoded before the clock starts, as the uplink encodes its next batch while the
     * last is on its way.
     */
    static List<String> encoded(List<Bundle> transactions) {
        IParser json = FhirContexts.r4().newJsonParser();
        return transactions.stream().map(json::encodeResourceToString).toList();
    }

    /** Posts the transactions in turn to the server; the time from the first request to the last answer. */
    static Duration post(List<String> transactions, String baseUrl) {
        Ehr ehr = new Ehr(baseUrl);
        long start = System.nanoTime();
        for (String tx : transactions) {
            ehr.transaction(tx);
        }
        return Duration.ofNanos(System.nanoTime() - start);
    }
}
