package org.smartclinic.gateway.uplink;

import java.util.List;
import java.util.Optional;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.client.api.IRestfulClientFactory;
import ca.uhn.fhir.rest.client.api.ServerValidationModeEnum;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Patient;
import org.smartclinic.fhir.FhirContexts;
import org.smartclinic.fhir.PatientIdentifier;
import org.smartclinic.gateway.config.GatewayConfig;

/** The EHR's FHIR R4 API as the gateway uses it. Methods throw HAPI client exceptions; see {@link DeliveryFailure}. */
@ApplicationScoped
public class EhrClient {

    @Inject
    GatewayConfig config;

    private IGenericClient client;

    @PostConstruct
    void init() {
        FhirContext fhir = FhirContexts.r4();
        IRestfulClientFactory factory = fhir.getRestfulClientFactory();
        factory.setServerValidationMode(ServerValidationModeEnum.NEVER);
        factory.setConnectTimeout((int) config.fhir().connectTimeout().toMillis());
        factory.setSocketTimeout((int) config.fhir().readTimeout().toMillis());
        client = fhir.newRestfulGenericClient(config.fhir().baseUrl());
    }

    public String baseUrl() {
        return config.fhir().baseUrl();
    }

    /** Posts a transaction Bundle; returns the transaction-response. */
    public Bundle transaction(Bundle bundle) {
        return client.transaction().withBundle(bundle).execute();
    }

    /** The reference of the patient with this identifier, found or else created; e.g. {@code Patient/12}. */
    public String ensurePatient(PatientIdentifier id) {
        Optional<String> found = findPatient(id);
        if (found.isPresent()) {
            return found.get();
        }
        Patient p = new Patient();
        p.addIdentifier(new Identifier().setSystem(id.system()).setValue(id.value()));
        var outcome = client.create().resource(p).conditionalByUrl("Patient?identifier=" + id.token()).execute();
        return outcome.getId().toUnqualifiedVersionless().getValue();
    }

    private Optional<String> findPatient(PatientIdentifier id) {
        Bundle found = client.search().forResource(Patient.class)
                .where(Patient.IDENTIFIER.exactly().systemAndIdentifier(id.system(), id.value()))
                .returnBundle(Bundle.class).execute();
        List<Bundle.BundleEntryComponent> entries = found.getEntry();
        return entries.isEmpty() ? Optional.empty()
                : Optional.of(entries.get(0).getResource().getIdElement().toUnqualifiedVersionless().getValue());
    }
}
