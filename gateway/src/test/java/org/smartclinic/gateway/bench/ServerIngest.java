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
 * then encoded and posted by a plain HAPI client one after the other, as fast as it goes. One at a time because the
 * uplink sends on one thread: the same concurrency.
 */
final class ServerIngest {

    private ServerIngest() {
    }

    /**
     * The merged transactions for the READING items of {@code devices} the gateway delivered, read from its journal,
     * each device described as the gateway registered it.
     */
    static List<Bundle> transactions(Path journalFile, MapperSettings settings, Map<String, DeviceInfo> devices,
            int batch) throws MappingException {
        return transactions(journalFile, Outbox.State.SENT, settings, devices, batch);
    }

    /**
     * As {@link #transactions(Path, MapperSettings, Map, int)} for the items in {@code state}: PENDING reads a
     * backlog the gateway still holds (a second connection to its journal in WAL mode reads beside the gateway's).
     * With a gateway id in {@code settings} other than the gateway's, the identifiers of the Observations, the
     * Devices and the Encounter are others: a copy of the readings the server stores anew.
     */
    static List<Bundle> transactions(Path journalFile, Outbox.State state, MapperSettings settings,
            Map<String, DeviceInfo> devices, int batch) throws MappingException {
        UploadBundleFactory factory = new UploadBundleFactory(settings, UcumUnits.standard());
        try (JournalDatabase db = JournalDatabase.open(journalFile)) {
            Journal journal = new Journal(db, Clock.systemUTC(), BindingPolicy.defaults());
            List<Outbox.Item> items = new OutboxLedger(journal).latest(state, Integer.MAX_VALUE).stream()
                    .filter(i -> i.kind() == Outbox.Kind.READING && devices.containsKey(i.deviceId()))
                    .sorted(Comparator.comparingLong(Outbox.Item::id)).toList();
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
     * How a run of transactions went: from the first request to the last answer, from the first answer to the last,
     * and how many readings were answered after the first answer (the delivery rate is those over that time: it
     * leaves out how long the first answer took, e.g. the gateway noticing that the EHR is back).
     */
    record Delivery(Duration total, Duration afterFirstAnswer, int readingsAfterFirstAnswer) {
        double ratePerSecond() {
            return readingsAfterFirstAnswer / (afterFirstAnswer.toNanos() / 1e9);
        }
    }

    /**
     * When the EHR accepted the READING items of {@code devices}, as the gateway recorded it ({@code sent_at}, the
     * moment its answer came), read from the stopped gateway's journal; in order.
     */
    static List<Instant> sentTimes(Path journalFile, Set<String> devices) {
        try (JournalDatabase db = JournalDatabase.open(journalFile)) {
            Journal journal = new Journal(db, Clock.systemUTC(), BindingPolicy.defaults());
            return new OutboxLedger(journal).latest(Outbox.State.SENT, Integer.MAX_VALUE).stream()
                    .filter(i -> i.kind() == Outbox.Kind.READING && devices.contains(i.deviceId()))
                    .map(Outbox.Item::sentAt).sorted().toList();
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

    /**
     * Posts the transactions in turn to the server, each holding {@code perTransaction} readings (the last one the
     * rest of {@code readings}).
     */
    static Delivery post(List<String> transactions, String baseUrl, int readings, int perTransaction) {
        Ehr ehr = new Ehr(baseUrl);
        long start = System.nanoTime();
        long firstAnswer = 0;
        for (String tx : transactions) {
            ehr.transaction(tx);
            if (firstAnswer == 0) {
                firstAnswer = System.nanoTime();
            }
        }
        long end = System.nanoTime();
        return new Delivery(Duration.ofNanos(end - start), Duration.ofNanos(end - firstAnswer),
                readings - Math.min(readings, perTransaction));
    }
}
