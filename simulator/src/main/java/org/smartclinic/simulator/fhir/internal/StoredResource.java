package org.smartclinic.simulator.fhir.internal;

import org.hl7.fhir.r4.model.Resource;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One version of a stored resource. The wrapped model object is never modified once committed and never handed
 * out: callers get {@link #copy()}.
 *
 * @param order creation sequence of the resource (shared by all its versions): the order searches return matches in
 * @param index the resource's search-parameter values, extracted when this version was written
 */
public record StoredResource(String resourceType, String id, long version, Instant lastUpdated, long order,
                             Resource resource, Map<String, List<Indexed>> index) {

    public Resource copy() {
        return resource.copy();
    }

    /** {@code Type/id}. */
    public String reference() {
        return resourceType + "/" + id;
    }

    /** {@code Type/id/_history/version}, as in {@code Bundle.entry.response.location}. */
    public String versionedReference() {
        return reference() + "/_history/" + version;
    }

    /** The weak ETag of this version, {@code W/"3"}. */
    public String etag() {
        return "W/\"" + version + "\"";
    }
}
