package org.smartclinic.simulator.fhir.internal;

import org.hl7.fhir.r4.model.Resource;

/**
 * One interaction for the {@link TransactionEngine}: a transaction entry, or a single create/update sent to a
 * resource endpoint (then {@code index} is -1 and failures carry no entry label).
 *
 * @param index          position in {@code Bundle.entry}, or -1 for a single interaction
 * @param method         POST (create), PUT (update) or GET (read/search)
 * @param resourceType   the type the request addresses
 * @param resource       the body of a POST/PUT, else {@code null}
 * @param fullUrl        {@code Bundle.entry.fullUrl} (often a {@code urn:uuid:} placeholder), or {@code null}
 * @param id             the id of {@code PUT/GET Type/id}, or {@code null}
 * @param version        If-Match version of a PUT, or the version of a {@code GET Type/id/_history/v}
 * @param conditionalUrl If-None-Exist of a POST, match URL of a conditional PUT, query of a GET search
 * @param url            the request URL as sent, for messages
 */
public record EntryRequest(int index, Method method, String resourceType, Resource resource, String fullUrl,
                           String id, Long version, String conditionalUrl, String url) {

    /** Transaction entry methods the sandbox processes. */
    public enum Method { POST, PUT, GET }

    public static EntryRequest create(Resource resource, String ifNoneExist) {
        return new EntryRequest(-1, Method.POST, resource.fhirType(), resource, null, null, null, ifNoneExist,
                resource.fhirType());
    }

    public static EntryRequest update(Resource resource, String id, Long ifMatchVersion) {
        return new EntryRequest(-1, Method.PUT, resource.fhirType(), resource, null, id, ifMatchVersion, null,
                resource.fhirType() + "/" + id);
    }

    public static EntryRequest conditionalUpdate(Resource resource, String matchUrl) {
        return new EntryRequest(-1, Method.PUT, resource.fhirType(), resource, null, null, null, matchUrl, matchUrl);
    }

    public boolean inTransaction() {
        return index >= 0;
    }

    /** {@code Bundle.entry[3]}. */
    public String label() {
        return "Bundle.entry[" + index + "]";
    }

    /** {@code POST Observation, fullUrl urn:uuid:...}: how failures name the entry. */
    public String description() {
        return method + " " + url + (fullUrl != null ? ", fullUrl " + fullUrl : "");
    }
}
