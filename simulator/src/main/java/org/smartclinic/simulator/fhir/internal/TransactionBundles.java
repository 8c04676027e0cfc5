package org.smartclinic.simulator.fhir.internal;

import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Bundle.BundleEntryComponent;
import org.hl7.fhir.r4.model.Bundle.BundleEntryRequestComponent;
import org.hl7.fhir.r4.model.Resource;
import org.smartclinic.simulator.fhir.internal.EntryRequest.Method;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a {@code transaction} Bundle into {@link EntryRequest}s (rejecting malformed entries with 400 before any
 * validation or storage) and writes the {@code transaction-response} Bundle: one entry per request entry, in the
 * same order, with {@code response.status}, {@code location} ({@code Type/id/_history/v}), {@code etag} and
 * {@code lastModified}.
 */
final class TransactionBundles {

    private static final Pattern INSTANCE_URL = Pattern.compile(
            "([A-Z][A-Za-z]+)/([^/?]+)(?:/_history/([^/?]+))?");
    private static final Pattern WEAK_ETAG = Pattern.compile("(?:W/)?\"?([0-9]+)\"?");

    private TransactionBundles() {
    }

    static List<EntryRequest> entries(Bundle bundle, Set<String> hostedTypes, String localBase) {
        if (bundle.getType() != Bundle.BundleType.TRANSACTION) {
            throw OperationOutcomes.badRequest("Unable to process Bundle of type \""
                    + (bundle.hasType() ? bundle.getType().toCode() : "") + "\": the sandbox processes only"
                    + " Bundle.type \"transaction\" posted to the base URL");
        }
        List<EntryRequest> entries = new ArrayList<>();
        Set<String> fullUrls = new HashSet<>();
        for (int i = 0; i < bundle.getEntry().size(); i++) {
            EntryRequest entry = entry(i, bundle.getEntry().get(i), hostedTypes, localBase);
            if (entry.fullUrl() != null && !fullUrls.add(entry.fullUrl())) {
                throw OperationOutcomes.badRequest(entry.label() + ": fullUrl " + entry.fullUrl()
                        + " is used by an earlier entry too; references to it would be ambiguous");
            }
            entries.add(entry);
        }
        return entries;
    }

    static Bundle response(List<EntryResult> results, boolean returnRepresentation, String localBase) {
        Bundle response = new Bundle().setType(Bundle.BundleType.TRANSACTIONRESPONSE);
        response.setId(UUID.randomUUID().toString());
        response.getMeta().setLastUpdated(Date.from(Instant.now()));
        for (EntryResult result : results) {
            BundleEntryComponent entry = response.addEntry();
            entry.getResponse().setStatus(result.statusLine());
            StoredResource stored = result.stored();
            if (stored != null) {
                entry.getResponse().setLocation(stored.versionedReference()).setEtag(stored.etag())
                        .setLastModified(Date.from(stored.lastUpdated()));
                if (returnRepresentation || result.request().method() == Method.GET) {
                    entry.setFullUrl(localBase + "/" + stored.reference()).setResource(stored.copy());
                }
            } else if (result.searched() != null) {
                entry.setResource(result.searched());
            }
        }
        return response;
    }

    private static EntryRequest entry(int index, BundleEntryComponent entry, Set<String> hostedTypes,
                                      String localBase) {
        String label = "Bundle.entry[" + index + "]";
        BundleEntryRequestComponent request = entry.getRequest();
        if (!request.hasMethod() || !request.hasUrl()) {
            throw OperationOutcomes.badRequest(label + ": request.method and request.url are required");
        }
        String url = References.relativize(request.getUrl(), localBase);
        String fullUrl = entry.hasFullUrl() ? entry.getFullUrl() : null;
        String type = url.split("[/?]", 2)[0];
        if (!hostedTypes.contains(type)) {
            throw OperationOutcomes.badRequest(label + ": resource type \"" + type + "\" in request.url \"" + url
                    + "\" is not hosted by the sandbox; it stores " + hostedTypes);
        }
        return switch (request.getMethod()) {
            case POST -> post(index, label, entry, type, url, fullUrl);
            case PUT -> put(index, label, entry, type, url, fullUrl);
            case GET -> get(index, label, type, url);
            default -> throw OperationOutcomes.badRequest(label + ": request.method " + request.getMethod().toCode()
                    + " is not supported by the sandbox (POST, PUT and GET are)");
        };
    }

    private static EntryRequest post(int index, String label, BundleEntryComponent entry, String type, String url,
                                     String fullUrl) {
        Resource resource = body(label, entry, type);
        if (!url.equals(type)) {
            throw OperationOutcomes.badRequest(label + ": a POST request.url must be the resource type, not " + url);
        }
        resource.setId((String) null);
        String ifNoneExist = entry.getRequest().hasIfNoneExist() ? entry.getRequest().getIfNoneExist() : null;
        return new EntryRequest(index, Method.POST, type, resource, fullUrl, null, null, ifNoneExist, url);
    }

    private static EntryRequest put(int index, String label, BundleEntryComponent entry, String type, String url,
                                    String fullUrl) {
        Resource resource = body(label, entry, type);
        if (url.contains("?")) {
            if (resource.hasIdElement() && !References.ID.matcher(resource.getIdElement().getIdPart()).matches()) {
                resource.setId((String) null);
            }
            return new EntryRequest(index, Method.PUT, type, resource, fullUrl, null, null, url, url);
        }
        Matcher instance = INSTANCE_URL.matcher(url);
        if (!instance.matches() || instance.group(3) != null) {
            throw OperationOutcomes.badRequest(label + ": a PUT request.url must be Type/id or Type?criteria, not "
                    + url);
        }
        resource.setId(instance.group(2));
        return new EntryRequest(index, Method.PUT, type, resource, fullUrl, instance.group(2),
                ifMatch(label, entry.getRequest()), null, url);
    }

    private static EntryRequest get(int index, String label, String type, String url) {
        if (url.equals(type) || url.startsWith(type + "?")) {
            String query = url.equals(type) ? type + "?" : url;
            return new EntryRequest(index, Method.GET, type, null, null, null, null, query, url);
        }
        Matcher instance = INSTANCE_URL.matcher(url);
        if (!instance.matches()) {
            throw OperationOutcomes.badRequest(label + ": a GET request.url must be Type/id[/_history/v] or"
                    + " Type?criteria, not " + url);
        }
        Long version = instance.group(3) == null ? null : number(label, instance.group(3));
        return new EntryRequest(index, Method.GET, type, null, null, instance.group(2), version, null, url);
    }

    private static Resource body(String label, BundleEntryComponent entry, String type) {
        if (!entry.hasResource()) {
            throw OperationOutcomes.badRequest(label + ": a POST or PUT entry needs a resource");
        }
        Resource resource = entry.getResource();
        if (!resource.fhirType().equals(type)) {
            throw OperationOutcomes.badRequest(label + ": resource is a " + resource.fhirType()
                    + " but request.url addresses " + type);
        }
        return resource;
    }

    private static Long ifMatch(String label, BundleEntryRequestComponent request) {
        if (!request.hasIfMatch()) {
            return null;
        }
        Matcher etag = WEAK_ETAG.matcher(request.getIfMatch().trim());
        if (!etag.matches()) {
            throw OperationOutcomes.badRequest(label + ": request.ifMatch must be an ETag like W/\"3\", not "
                    + request.getIfMatch());
        }
        return number(label, etag.group(1));
    }

    private static Long number(String label, String version) {
        try {
            return Long.parseLong(version);
        } catch (NumberFormatException e) {
            throw OperationOutcomes.badRequest(label + ": version \"" + version + "\" is not a number");
        }
    }
}
