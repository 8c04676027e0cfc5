package org.smartclinic.simulator.fhir.internal;

import org.hl7.fhir.r4.model.Resource;

/**
 * What an {@link EntryRequest} did.
 *
 * @param status   201 created, 200 otherwise (conditional create matched, updated, unchanged, read, searched)
 * @param stored   the resource version the entry created, matched, updated or read; {@code null} for a search
 * @param searched the searchset Bundle of a GET search, else {@code null}
 */
public record EntryResult(EntryRequest request, int status, StoredResource stored, Resource searched) {

    public boolean created() {
        return status == 201;
    }

    /** {@code 201 Created} / {@code 200 OK}, as in {@code Bundle.entry.response.status}. */
    public String statusLine() {
        return created() ? "201 Created" : "200 OK";
    }
}
