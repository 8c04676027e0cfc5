package org.smartclinic.simulator.fhir.internal;

import org.smartclinic.simulator.fhir.internal.SearchParameters.Definition;
import org.smartclinic.simulator.fhir.internal.SearchParameters.Kind;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
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
 * section 3.1.1.4). Tokens accept {@code system|code}, {@code code}, {@code |code} and {@code system|}; references
 * accept {@code Type/id}, a plain {@code id} (any type) and the {@code :Type} modifier. Unknown parameters, other
 * modifiers, chains and empty values are rejected with 400 instead of being ignored.
 */
public final class SearchQuery {

    /** Parameters that shape the response, not the match; HAPI handles them. */
    private static final Set<String> RESULT_PARAMETERS =
            Set.of("_count", "_format", "_pretty", "_summary", "_elements", "_total");

    /** One OR-alternative of a clause; {@code anySystem} ignores the system, {@code value == null} any value. */
    private record Criterion(String system, boolean anySystem, String value) {
        boolean matches(IndexedValue indexed) {
            return (anySystem || Objects.equals(system, indexed.system()))
                    && (value == null || value.equals(indexed.value()));
        }
    }

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
        return parse(parameters, resourceType, raw, localBase, UnaryOperator.identity());
    }

    private static SearchQuery parse(SearchParameters parameters, String resourceType,
                                     Map<String, List<String>> raw, String localBase,
                                     UnaryOperator<String> placeholders) {
        List<Clause> clauses = new ArrayList<>();
        raw.forEach((name, values) -> {
            if (RESULT_PARAMETERS.contains(name)) {
                return;
            }
            String[] nameAndModifier = name.split(":", 2);
            Definition definition = definition(parameters, resourceType, nameAndModifier[0]);
            String modifier = nameAndModifier.length > 1 ? nameAndModifier[1] : null;
            for (String value : values) {
                clauses.add(new Clause(definition, criteria(definition, modifier, value, localBase, placeholders)));
            }
        });
        return new SearchQuery(resourceType, clauses);
    }

    /**
     * Parses a conditional URL: {@code Type?query}, {@code ?query} or bare {@code query}, URL-encoded as in a request
     * line (If-None-Exist header, conditional update URL, {@code Bundle.entry.request.url/ifNoneExist}).
     *
     * @param placeholders    maps reference values that are transaction placeholders to the ids they resolved to
     * @param requireCriteria {@code true} for conditional interactions, where "no criteria" would match everything
     */
    public static SearchQuery parseUrl(SearchParameters parameters, String resourceType, String url,
                                       String localBase, UnaryOperator<String> placeholders,
                                       boolean requireCriteria) {
        String query = Objects.requireNonNull(url).trim();
        int questionMark = query.indexOf('?');
        if (questionMark >= 0) {
            String type = References.relativize(query.substring(0, questionMark), localBase).replaceFirst("^/", "");
            if (!type.isEmpty() && !type.equals(resourceType)) {
                throw OperationOutcomes.badRequest("Conditional URL \"" + url + "\" names resource type " + type
                        + " but the resource is a " + resourceType);
            }
            query = query.substring(questionMark + 1);
        }
        SearchQuery parsed = parse(parameters, resourceType, splitQuery(url, query), localBase, placeholders);
        if (requireCriteria && parsed.clauses.isEmpty()) {
            throw OperationOutcomes.badRequest("Conditional URL \"" + url + "\" has no search criteria");
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
            if (clause.definition().name().equals("identifier")
                    && clause.anyOf().stream().allMatch(c -> c.value() != null)) {
                return Optional.of(clause.anyOf().stream()
                        .map(c -> new IndexedValue(c.anySystem() ? null : Objects.requireNonNullElse(c.system(), ""),
                                c.value()))
                        .toList());
            }
        }
        return Optional.empty();
    }

    private static boolean matches(Definition definition, Criterion criterion, StoredResource resource) {
        if (definition.kind() == Kind.ID) {
            return criterion.value().equals(resource.id());
        }
        return resource.index().getOrDefault(definition.name(), List.of()).stream().anyMatch(criterion::matches);
    }

    private static Definition definition(SearchParameters parameters, String resourceType, String name) {
        return parameters.find(resourceType, name).orElseThrow(() -> {
            Set<String> valid = new TreeSet<>();
            parameters.of(resourceType).forEach(d -> valid.add(d.name()));
            String hint = name.contains(".") ? " (chained search is not supported by the sandbox)" : "";
            return OperationOutcomes.badRequest("Unknown search parameter \"" + name + "\" for resource type \""
                    + resourceType + "\"" + hint + ". Valid search parameters for this search are: " + valid);
        });
    }

    private static List<Criterion> criteria(Definition definition, String modifier, String raw, String localBase,
                                            UnaryOperator<String> placeholders) {
        if (modifier != null && !(definition.kind() == Kind.REFERENCE && modifier.matches("[A-Z][A-Za-z]+"))) {
            throw OperationOutcomes.badRequest("Modifier \":" + modifier + "\" on search parameter \""
                    + definition.name() + "\" is not supported by the sandbox");
        }
        List<Criterion> criteria = new ArrayList<>();
        for (String value : splitUnescaped(raw, ',')) {
            if (value.isEmpty()) {
                throw OperationOutcomes.badRequest("Search parameter \"" + definition.name() + "\" has an empty value");
            }
            criteria.add(switch (definition.kind()) {
                case ID -> new Criterion(null, true, unescape(value));
                case TOKEN -> token(value);
                case REFERENCE -> reference(modifier, placeholders.apply(unescape(value)), localBase);
            });
        }
        return criteria;
    }

    private static Criterion token(String value) {
        List<String> parts = splitUnescaped(value, '|');
        if (parts.size() == 1) {
            return new Criterion(null, true, unescape(value));
        }
        String system = parts.get(0).isEmpty() ? null : unescape(parts.get(0));
        String code = String.join("|", parts.subList(1, parts.size()));
        return new Criterion(system, false, code.isEmpty() ? null : unescape(code));
    }

    private static Criterion reference(String typeModifier, String value, String localBase) {
        IndexedValue target = References.toIndexedValue(value, localBase).orElseThrow();
        if (target.system() == null && !References.isExternal(value, localBase)) {
            return new Criterion(typeModifier, typeModifier == null, value);
        }
        if (typeModifier != null && !typeModifier.equals(target.system())) {
            throw OperationOutcomes.badRequest("Reference \"" + value + "\" does not match modifier :" + typeModifier);
        }
        return new Criterion(target.system(), false, target.value());
    }

    private static Map<String, List<String>> splitQuery(String url, String query) {
        Map<String, List<String>> parameters = new LinkedHashMap<>();
        for (String pair : query.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            if (equals <= 0) {
                throw OperationOutcomes.badRequest("Conditional URL \"" + url + "\" has a malformed parameter: " + pair);
            }
            parameters.computeIfAbsent(decode(pair.substring(0, equals)), k -> new ArrayList<>())
                    .add(decode(pair.substring(equals + 1)));
        }
        return parameters;
    }

    private static String decode(String text) {
        return URLDecoder.decode(text, StandardCharsets.UTF_8);
    }

    /** Splits on {@code separator} not preceded by a backslash; escapes stay in place for {@link #unescape}. */
    private static List<String> splitUnescaped(String text, char separator) {
        List<String> parts = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\' && i + 1 < text.length()) {
                current.append(c).append(text.charAt(++i));
            } else if (c == separator) {
                parts.add(current.toString());
                current.setLength(0);
            } else {
                current.append(c);
            }
        }
        parts.add(current.toString());
        return parts;
    }

    private static String unescape(String text) {
        return text.replaceAll("\\\\([\\\\,|$])", "$1");
    }
}
