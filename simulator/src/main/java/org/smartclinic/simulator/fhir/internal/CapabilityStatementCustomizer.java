package org.smartclinic.simulator.fhir.internal;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Pointcut;
import org.hl7.fhir.instance.model.api.IBaseConformance;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.CapabilityStatement.CapabilityStatementRestResourceComponent;
import org.hl7.fhir.r4.model.CapabilityStatement.ConditionalDeleteStatus;
import org.hl7.fhir.r4.model.CapabilityStatement.ConditionalReadStatus;
import org.hl7.fhir.r4.model.Enumerations.SearchParamType;

/**
 * Completes the CapabilityStatement HAPI generates at {@code /metadata} so that it lists exactly the frozen feature
 * set: the search parameters each type supports, with the forms of value it accepts (HAPI cannot see them, as the
 * search methods read raw parameters), conditional create and update, and no includes, conditional read or delete.
 * The interactions (read, vread, create, update, search-type; transaction) come from the providers' annotations.
 */
final class CapabilityStatementCustomizer {

    private final SearchParameters parameters;

    CapabilityStatementCustomizer(SearchParameters parameters) {
        this.parameters = parameters;
    }

    @Hook(Pointcut.SERVER_CAPABILITY_STATEMENT_GENERATED)
    public void customize(IBaseConformance generated) {
        if (!(generated instanceof CapabilityStatement statement)) {
            return;
        }
        statement.getSoftware().setName("Smart Mini-Clinic FHIR sandbox");
        for (CapabilityStatement.CapabilityStatementRestComponent rest : statement.getRest()) {
            rest.setDocumentation("In-memory stand-in for a HAPI FHIR JPA server, limited to the interactions and"
                    + " search parameters listed here; anything else is refused with 400 or 405.");
            // HAPI lists OperationDefinition for reading the definitions of a server's operations: there are none.
            rest.getResource().removeIf(resource -> !parameters.resourceTypes().contains(resource.getType()));
            rest.getResource().forEach(this::describe);
        }
    }

    private void describe(CapabilityStatementRestResourceComponent resource) {
        resource.setConditionalCreate(true).setConditionalUpdate(true).setUpdateCreate(true).setReadHistory(true)
                .setConditionalRead(ConditionalReadStatus.NOTSUPPORTED)
                .setConditionalDelete(ConditionalDeleteStatus.NOTSUPPORTED)
                .setVersioning(CapabilityStatement.ResourceVersionPolicy.VERSIONEDUPDATE);
        resource.getSearchParam().clear();
        resource.getSearchInclude().clear();
        resource.getSearchRevInclude().clear();
        for (SearchParameters.Definition definition : parameters.of(resource.getType())) {
            resource.addSearchParam().setName(definition.name()).setType(type(definition.kind()))
                    .setDocumentation(documentation(definition.kind()));
        }
    }

    private static SearchParamType type(SearchParameters.Kind kind) {
        return switch (kind) {
            case ID, TOKEN -> SearchParamType.TOKEN;
            case REFERENCE -> SearchParamType.REFERENCE;
            case STRING -> SearchParamType.STRING;
            case DATE -> SearchParamType.DATE;
        };
    }

    private static String documentation(SearchParameters.Kind kind) {
        return switch (kind) {
            case ID -> "The logical id; a comma separates alternatives.";
            case TOKEN -> "system|code, code, |code or system|; a comma separates alternatives.";
            case REFERENCE -> "Type/id, a bare id, or the :Type modifier with an id; a comma separates alternatives.";
            case STRING -> "Starts with, ignoring case and accents; :exact matches the whole value as written."
                    + " No other modifiers.";
            case DATE -> "Equality (no prefix or eq) at year, month or day precision: yyyy, yyyy-mm, yyyy-mm-dd."
                    + " No other prefixes, no times.";
        };
    }
}
