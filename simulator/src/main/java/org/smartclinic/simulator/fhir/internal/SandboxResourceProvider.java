package org.smartclinic.simulator.fhir.internal;

import ca.uhn.fhir.rest.annotation.ConditionalUrlParam;
import ca.uhn.fhir.rest.annotation.Create;
import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.Read;
import ca.uhn.fhir.rest.annotation.ResourceParam;
import ca.uhn.fhir.rest.annotation.Search;
import ca.uhn.fhir.rest.annotation.Update;
import ca.uhn.fhir.rest.api.MethodOutcome;
import ca.uhn.fhir.rest.api.server.IBundleProvider;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.IResourceProvider;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Resource;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The type-level endpoints of one resource type: read/vread, create (with If-None-Exist), update (by id, with
 * If-Match, or conditional by search URL) and search. HAPI handles content negotiation, Location/ETag/Last-Modified
 * headers, paging and turning exceptions into OperationOutcome responses.
 */
public final class SandboxResourceProvider<T extends Resource> implements IResourceProvider {

    private final Class<T> type;
    private final String typeName;
    private final TransactionEngine engine;
    private final ResourceValidator validator;

    public SandboxResourceProvider(Class<T> type, String typeName, TransactionEngine engine,
                                   ResourceValidator validator) {
        this.type = type;
        this.typeName = typeName;
        this.engine = engine;
        this.validator = validator;
    }

    @Override
    public Class<T> getResourceType() {
        return type;
    }

    @Read(version = true)
    public T read(@IdParam IdType id) {
        Optional<StoredResource> found = engine.store().read(view -> id.hasVersionIdPart()
                ? versionNumber(id.getVersionIdPart()).flatMap(v -> view.version(typeName, id.getIdPart(), v))
                : view.current(typeName, id.getIdPart()));
        return type.cast(found.orElseThrow(() -> OperationOutcomes.notFound("Resource " + typeName + "/"
                + id.getIdPart() + (id.hasVersionIdPart() ? "/_history/" + id.getVersionIdPart() : "")
                + " is not known")).copy());
    }

    @Create
    public MethodOutcome create(@ResourceParam T resource, @ConditionalUrlParam String ifNoneExist,
                                RequestDetails request) {
        return outcome(engine.executeOne(EntryRequest.create(resource, ifNoneExist), bodyIssues(request),
                request.getFhirServerBase()));
    }

    @Update
    public MethodOutcome update(@IdParam IdType id, @ResourceParam T resource,
                                @ConditionalUrlParam String matchUrl, RequestDetails request) {
        EntryRequest entry = matchUrl != null
                ? EntryRequest.conditionalUpdate(resource, matchUrl)
                : EntryRequest.update(resource, id.getIdPart(), ifMatchVersion(id));
        return outcome(engine.executeOne(entry, bodyIssues(request), request.getFhirServerBase()));
    }

    @Search(allowUnknownParams = true)
    public IBundleProvider search(RequestDetails request) {
        Map<String, List<String>> parameters = new LinkedHashMap<>();
        request.getParameters().forEach((name, values) -> parameters.put(name, Arrays.asList(values)));
        SearchQuery query = SearchQuery.parse(engine.store().parameters(), typeName, parameters,
                request.getFhirServerBase());
        return new SearchResults(engine.store().read(view -> view.search(query)));
    }

    private List<ValidationIssue> bodyIssues(RequestDetails request) {
        Charset charset = request.getCharset() != null ? request.getCharset() : StandardCharsets.UTF_8;
        return validator.checkBody(new String(request.loadRequestContents(), charset));
    }

    private static MethodOutcome outcome(EntryResult result) {
        Resource body = result.stored().copy();
        MethodOutcome outcome = new MethodOutcome(body.getIdElement());
        outcome.setResource(body);
        outcome.setCreated(result.created());
        return outcome;
    }

    private Long ifMatchVersion(IdType id) {
        if (!id.hasVersionIdPart()) {
            return null;
        }
        return versionNumber(id.getVersionIdPart()).orElseThrow(() -> OperationOutcomes.badRequest(
                "If-Match version \"" + id.getVersionIdPart() + "\" is not a version of " + typeName));
    }

    private static Optional<Long> versionNumber(String version) {
        try {
            return Optional.of(Long.parseLong(version));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
