package org.smartclinic.simulator.fhir.internal;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.util.FhirTerser;
import org.hl7.fhir.instance.model.api.IBase;
import org.hl7.fhir.r4.model.BaseDateTimeType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Enumeration;
import org.hl7.fhir.r4.model.HumanName;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.PrimitiveType;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.StringType;

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
 * the target is a Patient; {@code date} on AuditEvent is {@code AuditEvent.recorded}). Anything not listed here is
 * rejected with 400 rather than silently ignored.
 */
public final class SearchParameters {

    /** How a parameter's values are compared. */
    public enum Kind { ID, TOKEN, REFERENCE, STRING, DATE }

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

    /** The parameters of the resource types the sandbox hosts: its frozen feature set. */
    public static SearchParameters r4(FhirContext fhirContext) {
        SearchParameters params = new SearchParameters(fhirContext);
        params.define("Patient", token("identifier", "Patient.identifier"),
                string("family", "Patient.name.family"), string("given", "Patient.name.given"),
                string("name", "Patient.name"), date("birthdate", "Patient.birthDate"),
                token("gender", "Patient.gender"));
        params.define("Device", token("identifier", "Device.identifier"), patient("Device.patient"),
                token("status", "Device.status"));
        params.define("Encounter", token("identifier", "Encounter.identifier"),
                reference("subject", "Encounter.subject"), patient("Encounter.subject"),
                token("status", "Encounter.status"));
        params.define("Observation", token("identifier", "Observation.identifier"),
                reference("subject", "Observation.subject"), patient("Observation.subject"),
                reference("encounter", "Observation.encounter"), token("code", "Observation.code"),
                reference("device", "Observation.device"), token("status", "Observation.status"),
                reference("specimen", "Observation.specimen"), reference("has-member", "Observation.hasMember"));
        params.define("Specimen", token("identifier", "Specimen.identifier"),
                token("accession", "Specimen.accessionIdentifier"), reference("subject", "Specimen.subject"),
                patient("Specimen.subject"));
        params.define("DiagnosticReport", token("identifier", "DiagnosticReport.identifier"),
                reference("subject", "DiagnosticReport.subject"), patient("DiagnosticReport.subject"),
                reference("encounter", "DiagnosticReport.encounter"), token("code", "DiagnosticReport.code"),
                token("status", "DiagnosticReport.status"));
        params.define("AuditEvent", reference("entity", "AuditEvent.entity.what"),
                date("date", "AuditEvent.recorded"));
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

    /** Whether FHIR R4 defines {@code name} for {@code resourceType}, supported here or not. */
    public boolean definedByR4(String resourceType, String name) {
        return fhirContext.getResourceDefinition(resourceType).getSearchParam(name) != null;
    }

    /**
     * Extracts every indexed value of {@code resource}; called once per stored version.
     *
     * @param localBase this server's base URL, so absolute references to it index like relative ones
     */
    public Map<String, List<Indexed>> index(Resource resource, String localBase) {
        FhirTerser terser = fhirContext.newTerser();
        Map<String, List<Indexed>> index = new LinkedHashMap<>();
        for (Definition definition : of(resource.fhirType())) {
            if (definition.kind() == Kind.ID) {
                continue;
            }
            List<Indexed> values = new ArrayList<>();
            for (IBase element : terser.getValues(resource, definition.path())) {
                extract(definition, element, localBase, values);
            }
            index.put(definition.name(), List.copyOf(values));
        }
        return index;
    }

    private static void extract(Definition definition, IBase element, String localBase, List<Indexed> out) {
        switch (definition.kind()) {
            case REFERENCE -> {
                if (element instanceof Reference reference && reference.hasReference()) {
                    References.toIndexedValue(reference.getReference(), localBase)
                            .filter(v -> definition.targetType() == null
                                    || definition.targetType().equals(v.system()))
                            .ifPresent(out::add);
                }
            }
            case STRING -> addStrings(element, out);
            case DATE -> {
                if (element instanceof BaseDateTimeType date && date.hasValue()) {
                    IndexedDate.of(date.getValueAsString()).ifPresent(out::add);
                }
            }
            case TOKEN -> addTokens(element, out);
            case ID -> {
            }
        }
    }

    /** A HumanName indexes each of its parts, as HAPI JPA does: family, given, text, prefix and suffix. */
    private static void addStrings(IBase element, List<Indexed> out) {
        if (element instanceof HumanName name) {
            List<StringType> parts = new ArrayList<>();
            parts.add(name.getFamilyElement());
            parts.addAll(name.getGiven());
            parts.add(name.getTextElement());
            parts.addAll(name.getPrefix());
            parts.addAll(name.getSuffix());
            parts.forEach(part -> addStrings(part, out));
        } else if (element instanceof PrimitiveType<?> primitive && primitive.hasValue()
                && !primitive.getValueAsString().isBlank()) {
            out.add(IndexedString.of(primitive.getValueAsString()));
        }
    }

    private static void addTokens(IBase element, List<Indexed> out) {
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

    private void define(String resourceType, Definition... definitions) {
        Map<String, Definition> byName = new LinkedHashMap<>();
        byName.put("_id", new Definition("_id", Kind.ID, null, null));
        for (Definition definition : definitions) {
            byName.put(definition.name(), definition);
        }
        byType.put(resourceType, byName);
    }

    private static Definition token(String name, String path) {
        return new Definition(name, Kind.TOKEN, path, null);
    }

    private static Definition string(String name, String path) {
        return new Definition(name, Kind.STRING, path, null);
    }

    private static Definition date(String name, String path) {
        return new Definition(name, Kind.DATE, path, null);
    }

    private static Definition reference(String name, String path) {
        return new Definition(name, Kind.REFERENCE, path, null);
    }

    /** {@code patient}: the reference at {@code path} where it points to a Patient. */
    private static Definition patient(String path) {
        return new Definition("patient", Kind.REFERENCE, path, "Patient");
    }
}
