package org.smartclinic.simulator.fhir.internal;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Pointcut;
import org.hl7.fhir.instance.model.api.IBaseConformance;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.CapabilityStatement.CapabilityStatementRestResourceComponent;
import org.hl7.fhir.r4.model.Enumerations.SearchParamType;

/**
 * Completes the CapabilityStatement HAPI generates at {@code /metadata}: the search parameters each type supports
 * (HAPI cannot see them, as the search methods read raw parameters), and conditional create/update.
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
            for (CapabilityStatementRestResourceComponent resource : rest.getResource()) {
                if (parameters.resourceTypes().contains(resource.getType())) {
                    describe(resource);
                }
            }
        }
    }

    private void describe(CapabilityStatementRestResourceComponent resource) {
        resource.setConditionalCreate(true).setConditionalUpdate(true).setUpdateCreate(true)
                .setVersioning(CapabilityStatement.ResourceVersionPolicy.VERSIONEDUPDATE);
        resource.getSearchParam().clear();
        resource.getSearchInclude().clear();
        for (SearchParameters.Definition definition : parameters.of(resource.getType())) {
            resource.addSearchParam().setName(definition.name()).setType(switch (definition.kind()) {
                case ID, TOKEN -> SearchParamType.TOKEN;
                case REFERENCE -> SearchParamType.REFERENCE;
            });
        }
    }
}
