package org.smartclinic.simulator.fhir.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * In-memory, versioned resource storage. Readers share a read lock; a writer holds the write lock for a whole
 * {@link WriteBatch} (one create, one update or one transaction), which is committed only if the batch completes,
 * so a failing transaction leaves nothing behind. Server-assigned ids are numeric and shared by all types, like a
 * HAPI JPA server's; every version is kept for {@code vread}.
 */
public final class ResourceStore {

    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private final Map<String, Map<String, List<StoredResource>>> byType = new HashMap<>();
    private final IdentifierIndex identifiers = new IdentifierIndex();
    private final AtomicLong serverIds = new AtomicLong();
    private final AtomicLong creationOrder = new AtomicLong();
    private final SearchParameters parameters;
    private final StoreView committed = new CommittedView();

    public ResourceStore(SearchParameters parameters) {
        this.parameters = parameters;
    }

    public SearchParameters parameters() {
        return parameters;
    }

    /** Runs {@code action} against the committed state under the read lock. */
    public <T> T read(Function<StoreView, T> action) {
        lock.readLock().lock();
        try {
            return action.apply(committed);
        } finally {
            lock.readLock().unlock();
        }
    }

    /**
     * Runs {@code action} with exclusive access and commits what it staged when it returns; if it throws, nothing
     * it staged is kept.
     *
     * @param localBase this server's base URL as the client addressed it, for indexing absolute references
     */
    public <T> T write(String localBase, Function<WriteBatch, T> action) {
        lock.writeLock().lock();
        try {
            WriteBatch batch = new WriteBatch(this, committed, localBase);
            T result = action.apply(batch);
            commit(batch.staged());
            return result;
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** How many current resources of {@code resourceType} are stored. */
    public int count(String resourceType) {
        return read(view -> byType.getOrDefault(resourceType, Map.of()).size());
    }

    String nextServerId() {
        return Long.toString(serverIds.incrementAndGet());
    }

    long nextCreationOrder() {
        return creationOrder.incrementAndGet();
    }

    private void commit(Collection<StoredResource> staged) {
        for (StoredResource next : staged) {
            List<StoredResource> versions = byType.computeIfAbsent(next.resourceType(), t -> new LinkedHashMap<>())
                    .computeIfAbsent(next.id(), id -> new ArrayList<>());
            if (!versions.isEmpty()) {
                identifiers.remove(versions.getLast());
            }
            versions.add(next);
            identifiers.add(next);
        }
    }

    private final class CommittedView implements StoreView {

        @Override
        public Optional<StoredResource> current(String resourceType, String id) {
            return Optional.ofNullable(versions(resourceType, id)).map(List::getLast);
        }

        @Override
        public Optional<StoredResource> version(String resourceType, String id, long version) {
            List<StoredResource> versions = versions(resourceType, id);
            return versions == null || version < 1 || version > versions.size()
                    ? Optional.empty() : Optional.of(versions.get((int) version - 1));
        }

        @Override
        public List<StoredResource> search(SearchQuery query) {
            Map<String, List<StoredResource>> ofType = byType.getOrDefault(query.resourceType(), Map.of());
            Stream<List<StoredResource>> candidates = query.identifierLookup()
                    .map(keys -> identifiers.lookup(query.resourceType(), keys).stream().map(ofType::get))
                    .orElseGet(() -> ofType.values().stream());
            return candidates.map(List::getLast)
                    .filter(query::matches)
                    .sorted(Comparator.comparingLong(StoredResource::order))
                    .toList();
        }

        private List<StoredResource> versions(String resourceType, String id) {
            return byType.getOrDefault(resourceType, Map.of()).get(id);
        }
    }
}
