package org.smartclinic.simulator.fhir.internal;

import ca.uhn.fhir.i18n.Msg;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.util.MatchUrlUtil;
import org.apache.http.NameValuePair;
import org.smartclinic.simulator.fhir.internal.SearchParameters.Definition;
import org.smartclinic.simulator.fhir.internal.SearchParameters.Kind;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.UnaryOperator;

/**
 * A parsed search: parameters combine with AND, comma-separated values of one parameter with OR (FHIR R4 search,
 * section 3.1.1.4); {@link SearchValues} reads each value. Unknown parameters, parameters the sandbox does not
 * support, chains and empty values are rejected with 400 instead of being ignored.
 */
public final class SearchQuery {

    /** Parameters that shape the response, not the match; HAPI handles them. */
    private static final Set<String> RESULT_PARAMETERS =
            Set.of("_count", "_format", "_pretty", "_summary", "_elements", "_total");

    private record Clause(Definition definition, List<Criterion> anyOf) {
    }

    private final String resourceType;
    private final List<Clause> clauses;

    private SearchQuery(String resourceType, List<Clause> clauses) {
        this.resourceType = resourceType;
        this.clauses = List.copyOf(clauses);
    }

    /** Parses HTTP search parameters (already URL-decoded), one list of values per repetition of a name. */
    public static SearchQuery parse(SearchParameters parameters, String resourceType,
                                    Map<String, List<String>> raw, String localBase) {
        return parse(parameters, resourceType, raw, localBase, UnaryOperator.identity(), null);
    }

    /**
     * Parses a conditional URL ({@code conditional}: If-None-Exist header, conditional update URL,
     * {@code Bundle.entry.request.ifNoneExist/url}) or the query of a GET entry: {@code Type?query}, {@code ?query}
     * or bare {@code query}. As a HAPI JPA server does (its {@code MatchUrlUtil}, used here), a conditional URL with
     * a raw space is refused (HAPI-1744), percent-escapes are decoded once ({@code +} is a space), and blank values
     * are no criteria: a conditional URL left without any is refused (HAPI-0518), as it would match everything.
     *
     * @param placeholders maps reference values that are transaction placeholders to the ids they resolved to
     */
    public static SearchQuery parseUrl(SearchParameters parameters, String resourceType, String url,
                                       String localBase, UnaryOperator<String> placeholders, boolean conditional) {
        Objects.requireNonNull(url);
        int questionMark = url.indexOf('?');
        if (questionMark >= 0) {
            String type = References.relativize(url.substring(0, questionMark), localBase).replaceFirst("^/", "");
            if (!type.isEmpty() && !type.equals(resourceType)) {
                throw OperationOutcomes.badRequest("Conditional URL \"" + url + "\" names resource type " + type
                        + " but the resource is a " + resourceType);
            }
        }
        Map<String, List<String>> raw = new LinkedHashMap<>();
        for (NameValuePair pair : decode(url, conditional)) {
            String value = Objects.requireNonNullElse(pair.getValue(), "");
            if (!conditional || !value.isBlank()) {
                raw.computeIfAbsent(pair.getName(), k -> new ArrayList<>()).add(value);
            }
        }
        SearchQuery parsed = parse(parameters, resourceType, raw, localBase, placeholders, conditional ? url : null);
        if (conditional && parsed.clauses.isEmpty()) {
            throw OperationOutcomes.badRequest(Msg.code(518) + "Invalid match URL[" + url
                    + "] - URL has no search parameters");
        }
        return parsed;
    }

    public String resourceType() {
        return resourceType;
    }

    /** Whether a stored resource of this query's type satisfies every clause. */
    public boolean matches(StoredResource resource) {
        for (Clause clause : clauses) {
            if (clause.anyOf().stream().noneMatch(criterion -> matches(clause.definition(), criterion, resource))) {
                return false;
            }
        }
        return true;
    }

    /**
     * Identifier values any match must carry, when the query pins {@code identifier} to exact values, so the store
     * can use its identifier index instead of scanning every resource of the type.
     */
    public Optional<List<IndexedValue>> identifierLookup() {
        for (Clause clause : clauses) {
            if (clause.definition().name().equals("identifier") && clause.anyOf().stream()
                    .allMatch(c -> c instanceof Criterion.Token token && token.value() != null)) {
                return Optional.of(clause.anyOf().stream()
                        .map(Criterion.Token.class::cast)
                        .map(t -> new IndexedValue(t.anySystem() ? null : Objects.requireNonNullElse(t.system(), ""),
                                t.value()))
                        .toList());
            }
        }
        return Optional.empty();
    }

    private static SearchQuery parse(SearchParameters parameters, String resourceType,
                                     Map<String, List<String>> raw, String localBase,
                                     UnaryOperator<String> placeholders, String matchUrl) {
        List<Clause> clauses = new ArrayList<>();
        raw.forEach((name, values) -> {
            if (RESULT_PARAMETERS.contains(name)) {
                return;
            }
            String[] nameAndModifier = name.split(":", 2);
            Definition definition = definition(parameters, resourceType, nameAndModifier[0], matchUrl);
            String modifier = nameAndModifier.length > 1 ? nameAndModifier[1] : null;
            for (String value : values) {
                clauses.add(new Clause(definition,
                        SearchValues.criteria(definition, modifier, value, localBase, placeholders)));
            }
        });
        return new SearchQuery(resourceType, clauses);
    }

    private static boolean matches(Definition definition, Criterion criterion, StoredResource resource) {
        if (definition.kind() == Kind.ID) {
            return criterion instanceof Criterion.Token id && id.value().equals(resource.id());
        }
        return resource.index().getOrDefault(definition.name(), List.of()).stream().anyMatch(criterion::matches);
    }

    /**
     * The sandbox's definition of {@code name}, else 400: with HAPI JPA's code and wording when FHIR R4 does not
     * define the parameter either (HAPI-0488 in a conditional URL, HAPI-0524 in a search), and saying the sandbox
     * does not support it when R4 does.
     */
    private static Definition definition(SearchParameters parameters, String resourceType, String name,
                                         String matchUrl) {
        Optional<Definition> supported = parameters.find(resourceType, name);
        if (supported.isPresent()) {
            return supported.get();
        }
        Set<String> valid = new TreeSet<>();
        parameters.of(resourceType).forEach(d -> valid.add(d.name()));
        if (parameters.definedByR4(resourceType, name)) {
            throw OperationOutcomes.badRequest("Search parameter \"" + name + "\" for resource type \""
                    + resourceType + "\" is not supported by the FHIR sandbox. Supported search parameters are: "
                    + valid);
        }
        if (matchUrl != null) {
            throw OperationOutcomes.badRequest(Msg.code(488) + "Failed to parse match URL[" + matchUrl
                    + "] - Resource type " + resourceType + " does not have a parameter with name: " + name);
        }
        String hint = name.contains(".") ? " (chained search is not supported by the sandbox)" : "";
        throw OperationOutcomes.badRequest(Msg.code(524) + "Unknown search parameter \"" + name
                + "\" for resource type \"" + resourceType + "\"" + hint
                + ". Valid search parameters for this search are: " + valid);
    }

    /** Name/value pairs, percent-decoded once by HAPI's own match-URL parser (raw spaces refused, HAPI-1744). */
    private static List<NameValuePair> decode(String url, boolean conditional) {
        try {
            return MatchUrlUtil.translateMatchUrl(conditional ? url : url.replace(" ", "%20"));
        } catch (InvalidRequestException e) {
            throw OperationOutcomes.badRequest(e.getMessage());
        }
    }
}
