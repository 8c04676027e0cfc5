package org.smartclinic.gateway.uplink;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.hl7.fhir.r4.model.Bundle;

/**
 * One transaction made of the transactions of several readings. Their shared entries (the exam's Patient and
 * Encounter, the Device) appear once: the mapper names every entry by a {@code urn:uuid} derived from its
 * identifier, so equal fullUrls are the same resource, and a server such as HAPI JPA refuses a transaction that
 * holds the same conditional create twice. Remembers which entries belong to which item, to hand each item what
 * the EHR stored for it.
 */
public final class BatchBundle {

    private final Bundle bundle = new Bundle().setType(Bundle.BundleType.TRANSACTION);
    private final Map<String, Integer> byFullUrl = new HashMap<>();
    private final Map<Long, List<Integer>> entriesOf = new LinkedHashMap<>();

    /** Adds the transaction of outbox item {@code itemId}. */
    public BatchBundle add(long itemId, Bundle transaction) {
        List<Integer> indices = new ArrayList<>();
        for (Bundle.BundleEntryComponent e : transaction.getEntry()) {
            String key = e.hasFullUrl() ? e.getFullUrl() : null;
            Integer at = key == null ? null : byFullUrl.get(key);
            if (at == null) {
                bundle.addEntry(e);
                at = bundle.getEntry().size() - 1;
                if (key != null) {
                    byFullUrl.put(key, at);
                }
            }
            indices.add(at);
        }
        entriesOf.put(itemId, indices);
        return this;
    }

    /** The merged transaction. */
    public Bundle bundle() {
        return bundle;
    }

    /** What the EHR stored for each item ({@code Observation/12}, no history part), in entry order. */
    public Map<Long, List<String>> locations(Bundle response) {
        return locations(TransactionResponse.locations(response));
    }

    /**
     * As {@link #locations(Bundle)} from the location the EHR gave each entry of the merged transaction, in entry
     * order (null where it gave none).
     */
    public Map<Long, List<String>> locations(List<String> entryLocations) {
        Map<Long, List<String>> out = new LinkedHashMap<>();
        for (Map.Entry<Long, List<Integer>> item : entriesOf.entrySet()) {
            Set<String> ids = new LinkedHashSet<>();
            for (int i : item.getValue()) {
                String location = i < entryLocations.size() ? entryLocations.get(i) : null;
                if (location != null) {
                    int history = location.indexOf("/_history");
                    ids.add(history > 0 ? location.substring(0, history) : location);
                }
            }
            out.put(item.getKey(), List.copyOf(ids));
        }
        return out;
    }
}
