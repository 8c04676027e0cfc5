package org.smartclinic.simulator.fhir.internal;

import ca.uhn.fhir.model.api.ResourceMetadataKeyEnum;
import ca.uhn.fhir.model.valueset.BundleEntrySearchModeEnum;
import ca.uhn.fhir.rest.api.server.IBundleProvider;
import ca.uhn.fhir.rest.server.method.ResponsePage;
import jakarta.annotation.Nonnull;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.instance.model.api.IPrimitiveType;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.InstantType;
import org.hl7.fhir.r4.model.Resource;

import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.UUID;

/**
 * The matches of one search, handed to HAPI, which pages them ({@code _count}, next links) and sets
 * {@code Bundle.total}. Holds the immutable stored versions and copies only the page being returned.
 */
public final class SearchResults implements IBundleProvider {

    private final List<StoredResource> matches;
    private final InstantType published = InstantType.now();
    private final String uuid = UUID.randomUUID().toString();

    public SearchResults(List<StoredResource> matches) {
        this.matches = List.copyOf(matches);
    }

    /** A searchset Bundle with every match, for a GET entry of a transaction. */
    public static Bundle searchset(List<StoredResource> matches, String localBase) {
        Bundle bundle = new Bundle().setType(Bundle.BundleType.SEARCHSET).setTotal(matches.size());
        for (StoredResource match : matches) {
            bundle.addEntry()
                    .setFullUrl(localBase + "/" + match.reference())
                    .setResource(match.copy())
                    .getSearch().setMode(Bundle.SearchEntryMode.MATCH);
        }
        return bundle;
    }

    @Override
    public IPrimitiveType<Date> getPublished() {
        return published;
    }

    @Nonnull
    @Override
    public List<IBaseResource> getResources(int fromIndex, int toIndex) {
        List<IBaseResource> page = new ArrayList<>();
        for (int i = Math.max(0, fromIndex); i < Math.min(toIndex, matches.size()); i++) {
            Resource copy = matches.get(i).copy();
            ResourceMetadataKeyEnum.ENTRY_SEARCH_MODE.put(copy, BundleEntrySearchModeEnum.MATCH);
            page.add(copy);
        }
        return page;
    }

    @Nonnull
    @Override
    public List<IBaseResource> getResources(int fromIndex, int toIndex,
                                            @Nonnull ResponsePage.ResponsePageBuilder pageBuilder) {
        return getResources(fromIndex, toIndex);
    }

    @Override
    public String getUuid() {
        return uuid;
    }

    @Override
    public Integer preferredPageSize() {
        return null;
    }

    @Override
    public Integer size() {
        return matches.size();
    }
}
