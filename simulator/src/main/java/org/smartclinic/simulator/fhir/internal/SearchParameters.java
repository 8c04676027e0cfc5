package org.smartclinic.simulator.fhir.internal;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.util.FhirTerser;
import org.hl7.fhir.instance.model.api.IBase;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Enumeration;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.PrimitiveType;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The search parameters the sandbox supports, per resource type, with the FHIR R4 paths they index. Names and paths
 * follow the R4 search parameter registry (e.g. {@code patient} on Observation is {@code Observation.subject} where
 * the target is a Patient). Anything not listed here is rejected with 400 rather than silently ignored.
 */
public final class SearchParameters {

    /** How a parameter's values are compared. */
    public enum Kind { ID, TOKEN, REFERENCE }

    /**
     * @param name       the search parameter name, e.g. {@code subject}
     * @param kind       how values compare
     * @param path       simple dotted element path indexed by this parameter ({@code null} for {@code _id})
     * @param targetType for a reference parameter restricted to one target type ({@code patient}), else {@code null}
     */
    public record Definition(String name, Kind kind, String path, String targetType) {
    }

    private final FhirContext fhirContext;
    private final Map<String, Map<String, Definition>> byType = new LinkedHashMap<>();

    private SearchParameters(FhirContext fhirContext) {
        this.fhirContext = fhirContext;
    }

    /** The parameters of the five resource types the sandbox hosts. */
    public static SearchParameters r4(FhirContext fhirContext) {
        SearchParameters params = new SearchParameters(fhirContext);
        params.define("Patient", "identifier");
        params.define("Device", "identifier", "patient:Device.patient", "status");
        params.define("Encounter", "identifier", "subject", "patient:Encounter.subject", "status");
        params.define("Observation", "identifier", "subject", "patient:Observation.subject", "encounter", "code",
                "device", "status");
        params.define("DiagnosticReport", "identifier", "subject", "patient:DiagnosticReport.subject", "encounter",
                "code", "status");
        return params;
    }

    public Set<String> resourceTypes() {
        return byType.keySet();
    }

    public Optional<Definition> find(String resourceType, String name) {
        return Optional.ofNullable(byType.getOrDefault(resourceType, Map.of()).get(name));
    }

    public Collection<Definition> of(String resourceType) {
        return byType.getOrDefault(resourceType, Map.of()).values();
    }

    /**
     * Extracts every indexed value of {@code resource}; called once per stored version.
     *
     * @param localBase this server's base URL, so absolute references to it index like relative ones
     */
    public Map<String, List<IndexedValue>> index(Resource resource, String localBase) {
        FhirTerser terser = fhirContext.newTerser();
        Map<String, List<IndexedValue>> index = new LinkedHashMap<>();
        for (Definition definition : of(resource.fhirType())) {
            if (definition.kind() == Kind.ID) {
                continue;
            }
            List<IndexedValue> values = new ArrayList<>();
            for (IBase element : terser.getValues(resource, definition.path())) {
                extract(definition, element, localBase, values);
            }
            index.put(definition.name(), List.copyOf(values));
        }
        return index;
    }

    private static void extract(Definition definition, IBase element, String localBase, List<IndexedValue> out) {
        if (definition.kind() == Kind.REFERENCE) {
            if (element instanceof Reference reference && reference.hasReference()) {
                References.toIndexedValue(reference.getReference(), localBase)
                        .filter(v -> definition.targetType() == null || definition.targetType().equals(v.system()))
                        .ifPresent(out::add);
            }
            return;
        }
        addTokens(element, out);
    }

    private static void addTokens(IBase element, List<IndexedValue> out) {
        if (element instanceof Identifier identifier && identifier.hasValue()) {
            out.add(new IndexedValue(identifier.getSystem(), identifier.getValue()));
        } else if (element instanceof CodeableConcept concept && concept.hasCoding()) {
            concept.getCoding().forEach(coding -> addTokens(coding, out));
        } else if (element instanceof Coding coding && coding.hasCode()) {
            out.add(new IndexedValue(coding.getSystem(), coding.getCode()));
        } else if (element instanceof Enumeration<?> code && code.hasValue()) {
            out.add(new IndexedValue(code.getSystem(), code.getValueAsString()));
        } else if (element instanceof PrimitiveType<?> primitive && primitive.hasValue()) {
            out.add(new IndexedValue(null, primitive.getValueAsString()));
        }
    }

    /** Each spec is a parameter name, or {@code name:Path} for a reference restricted to Patient targets. */
    private void define(String resourceType, String... specs) {
        Map<String, Definition> definitions = new LinkedHashMap<>();
        definitions.put("_id", new Definition("_id", Kind.ID, null, null));
        for (String spec : specs) {
            Definition definition = definitionFor(resourceType, spec);
            definitions.put(definition.name(), definition);
        }
        byType.put(resourceType, definitions);
    }

    private static Definition definitionFor(String resourceType, String spec) {
        if (spec.startsWith("patient:")) {
            return new Definition("patient", Kind.REFERENCE, spec.substring("patient:".length()), "Patient");
        }
        String path = resourceType + "." + spec;
        return switch (spec) {
            case "subject", "encounter", "device", "patient" -> new Definition(spec, Kind.REFERENCE, path, null);
            default -> new Definition(spec, Kind.TOKEN, path, null);
        };
    }
}
