package org.smartclinic.simulator.fhir.internal;

import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Resource;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The writes of one interaction or transaction, staged over the committed state: reads and searches through the
 * batch see the staged versions, so later entries of a transaction match resources created by earlier ones. Only
 * valid inside {@link ResourceStore#write}.
 */
public final class WriteBatch implements StoreView {

    private final ResourceStore store;
    private final StoreView committed;
    private final String localBase;
    private final Instant timestamp = Instant.now();
    private final Map<String, StoredResource> staged = new LinkedHashMap<>();

    WriteBatch(ResourceStore store, StoreView committed, String localBase) {
        this.store = store;
        this.committed = committed;
        this.localBase = localBase;
    }

    public String localBase() {
        return localBase;
    }

    public String nextServerId() {
        return store.nextServerId();
    }

    /** The committed current version, ignoring this batch's writes. */
    public Optional<StoredResource> committed(String resourceType, String id) {
        return committed.current(resourceType, id);
    }

    /**
     * Stages {@code resource} as the next version of {@code resourceType/id}: sets its id, {@code meta.versionId}
     * and {@code meta.lastUpdated}, and indexes it. Staging the same id again in one batch replaces the staged
     * version (used after references are rewritten) without bumping the version twice.
     */
    public StoredResource stage(String resourceType, String id, Resource resource) {
        Optional<StoredResource> previous = committed.current(resourceType, id);
        long version = previous.map(p -> p.version() + 1).orElse(1L);
        StoredResource alreadyStaged = staged.get(resourceType + "/" + id);
        long order = previous.map(StoredResource::order)
                .orElseGet(() -> alreadyStaged != null ? alreadyStaged.order() : store.nextCreationOrder());
        resource.setId(new IdType(resourceType, id, Long.toString(version)));
        resource.getMeta().setVersionId(Long.toString(version)).setLastUpdated(Date.from(timestamp));
        StoredResource next = new StoredResource(resourceType, id, version, timestamp, order, resource,
                store.parameters().index(resource, localBase));
        staged.put(next.reference(), next);
        return next;
    }

    @Override
    public Optional<StoredResource> current(String resourceType, String id) {
        StoredResource pending = staged.get(resourceType + "/" + id);
        return pending != null ? Optional.of(pending) : committed.current(resourceType, id);
    }

    @Override
    public Optional<StoredResource> version(String resourceType, String id, long version) {
        StoredResource pending = staged.get(resourceType + "/" + id);
        return pending != null && pending.version() == version
                ? Optional.of(pending) : committed.version(resourceType, id, version);
    }

    @Override
    public List<StoredResource> search(SearchQuery query) {
        List<StoredResource> matches = new ArrayList<>();
        for (StoredResource candidate : committed.search(query)) {
            if (!staged.containsKey(candidate.reference())) {
                matches.add(candidate);
            }
        }
        for (StoredResource pending : staged.values()) {
            if (pending.resourceType().equals(query.resourceType()) && query.matches(pending)) {
                matches.add(pending);
            }
        }
        matches.sort(Comparator.comparingLong(StoredResource::order));
        return matches;
    }

    Collection<StoredResource> staged() {
        return staged.values();
    }
}
