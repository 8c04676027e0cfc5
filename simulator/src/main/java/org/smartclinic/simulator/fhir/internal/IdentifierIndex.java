package org.smartclinic.simulator.fhir.internal;

import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Resource ids by identifier, per type, so conditional creates and identifier searches stay O(1) as the store grows
 * (the uplink does one per reading). Each identifier is indexed twice: by {@code system|value} and by value alone.
 * Not thread-safe: the store guards it with its lock.
 */
final class IdentifierIndex {

    private final Map<String, Map<String, Set<String>>> byType = new HashMap<>();

    void add(StoredResource resource) {
        Map<String, Set<String>> ofType = byType.computeIfAbsent(resource.resourceType(), t -> new HashMap<>());
        for (String key : keys(resource)) {
            ofType.computeIfAbsent(key, k -> new HashSet<>()).add(resource.id());
        }
    }

    void remove(StoredResource resource) {
        Map<String, Set<String>> ofType = byType.getOrDefault(resource.resourceType(), Map.of());
        for (String key : keys(resource)) {
            Set<String> ids = ofType.get(key);
            if (ids != null && ids.remove(resource.id()) && ids.isEmpty()) {
                ofType.remove(key);
            }
        }
    }

    /**
     * Ids carrying any of {@code identifiers}: a {@code null} system means "any system", an empty one "no system".
     */
    Set<String> lookup(String resourceType, List<IndexedValue> identifiers) {
        Map<String, Set<String>> ofType = byType.getOrDefault(resourceType, Map.of());
        Set<String> ids = new LinkedHashSet<>();
        for (IndexedValue identifier : identifiers) {
            String key = identifier.system() == null
                    ? valueKey(identifier.value()) : systemKey(identifier.system(), identifier.value());
            ids.addAll(ofType.getOrDefault(key, Set.of()));
        }
        return ids;
    }

    private static Set<String> keys(StoredResource resource) {
        Set<String> keys = new HashSet<>();
        for (Indexed indexed : resource.index().getOrDefault("identifier", List.of())) {
            if (indexed instanceof IndexedValue identifier) {
                keys.add(valueKey(identifier.value()));
                keys.add(systemKey(identifier.system() == null ? "" : identifier.system(), identifier.value()));
            }
        }
        return keys;
    }

    private static String valueKey(String value) {
        return "V\u0000" + value;
    }

    private static String systemKey(String system, String value) {
        return "S\u0000" + system + "\u0000" + value;
    }
}
