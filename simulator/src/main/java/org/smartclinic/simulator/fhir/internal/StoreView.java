package org.smartclinic.simulator.fhir.internal;

import java.util.List;
import java.util.Optional;

/** What can be read from the store: the committed state, or the committed state plus a transaction's writes. */
public interface StoreView {

    Optional<StoredResource> current(String resourceType, String id);

    Optional<StoredResource> version(String resourceType, String id, long version);

    /** Every current resource matching {@code query}, in creation order. */
    List<StoredResource> search(SearchQuery query);
}
