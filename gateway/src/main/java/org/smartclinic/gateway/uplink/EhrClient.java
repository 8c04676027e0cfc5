package org.smartclinic.gateway.uplink;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import ca.uhn.fhir.parser.DataFormatException;
import ca.uhn.fhir.rest.api.EncodingEnum;
import ca.uhn.fhir.rest.api.MethodOutcome;
import ca.uhn.fhir.rest.client.api.IClientInterceptor;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.server.exceptions.AuthenticationException;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.smartclinic.fhir.FhirContexts;
import org.smartclinic.fhir.PatientIdentifier;
import org.smartclinic.fhir.SearchUrl;
import org.smartclinic.gateway.config.GatewayConfig;
import org.smartclinic.gateway.uplink.auth.EhrConnection;
import org.smartclinic.gateway.uplink.auth.RequestWritten;

/**
 * The EHR's FHIR R4 API as the gateway uses it - the whole list, so the contract tests can run every one of them
 * against the sandbox and the HAPI FHIR JPA server: transactions; Patient search by identifier and by name and
 * birth date; Patient conditional create; Observation search by identifier and update by id (retraction). Every
 * search value is escaped with HAPI's utilities ({@link SearchUrl}). Methods throw HAPI client exceptions; see
 * {@link DeliveryFailure}.
 */
@ApplicationScoped
public class EhrClient {

    @Inject
    GatewayConfig config;

    @Inject
    EhrConnection connection;

    private IGenericClient client;
    private volatile BooleanSupplier unauthorized = () -> false;

    /** The FHIR client on the EHR connection: TLS trust, timeouts and credentials ({@link EhrConnection}). */
    @PostConstruct
    void init() {
        client = connection.newClient(FhirContexts.r4());
    }

    public String baseUrl() {
        return config.fhir().baseUrl();
    }

    /**
     * Posts a transaction Bundle; returns the transaction-response. A 401 calls the {@link #onUnauthorized} hook
     * once and, if it renewed the credentials, sends again (safe: every upload is idempotent).
     */
    public Bundle transaction(Bundle bundle) {
        return againIfRenewed(() -> client.transaction().withBundle(bundle).execute());
    }

    /**
     * As {@link #transaction(Bundle)} for a transaction already encoded as FHIR JSON (the batch sender encodes it
     * once, to know its size, and sends that text); returns the location the EHR gave each entry, in entry order
     * (null where it gave none): all that delivery keeps ({@link TransactionResponse}). An answer that is not a FHIR
     * Bundle throws {@link DataFormatException}. {@code onWritten} runs on this thread once the request has gone out
     * (before the EHR answers), or before this returns if it never did ({@link RequestWritten}).
     */
    public List<String> transactionLocations(String json, Runnable onWritten) {
        String response = RequestWritten.around(onWritten,
                () -> againIfRenewed(() -> client.transaction().withBundle(json).execute()));
        EncodingEnum encoding = EncodingEnum.detectEncodingNoDefault(response);
        if (encoding == null) {
            throw new DataFormatException("the EHR answered the transaction with something that is not FHIR");
        }
        if (encoding == EncodingEnum.JSON) {
            return TransactionResponse.locations(response);
        }
        return TransactionResponse.locations(encoding.newParser(FhirContexts.r4())
                .parseResource(Bundle.class, response));
    }

    /** Runs {@code request}; after a 401, once more if the {@link #onUnauthorized} hook renewed the credentials. */
    private <T> T againIfRenewed(Supplier<T> request) {
        try {
            return request.get();
        } catch (AuthenticationException e) {
            if (!unauthorized.getAsBoolean()) {
                throw e;
            }
            return request.get();
        }
    }

    /** Adds an interceptor to the FHIR client (e.g. {@link RetryAfterHeader}, which delivery installs). */
    public void intercept(IClientInterceptor interceptor) {
        client.registerInterceptor(interceptor);
    }

    /**
     * The seam for EHR authentication: {@code refresh} is called when the EHR answers 401 and returns true if it
     * obtained fresh credentials (e.g. a new OAuth2 token), so the request is sent once more. Without it a 401 is
     * a transient failure (retried with backoff, never a dead letter).
     */
    public void onUnauthorized(BooleanSupplier refresh) {
        this.unauthorized = refresh == null ? () -> false : refresh;
    }

    /** The reference of the patient with this identifier, found or else created; e.g. {@code Patient/12}. */
    public String ensurePatient(PatientIdentifier id) {
        List<Patient> found = searchPatients(SearchUrl.patientByIdentifier(id.system(), id.value()), 1);
        if (!found.isEmpty()) {
            return reference(found.getFirst());
        }
        Patient p = new Patient();
        p.addIdentifier(new Identifier().setSystem(id.system()).setValue(id.value()));
        return createPatient(p, id);
    }

    /**
     * Creates {@code patient} unless one with {@code by} exists (a conditional create, so two gateways registering
     * the same person make one Patient); returns the reference of the one created or found.
     */
    public String createPatient(Patient patient, PatientIdentifier by) {
        String match = SearchUrl.patientByIdentifier(by.system(), by.value());
        MethodOutcome outcome = client.create().resource(patient)
                .conditionalByUrl(match).execute();
        if (outcome.getId() != null && outcome.getId().hasIdPart()) {
            return outcome.getId().toUnqualifiedVersionless().getValue();
        }
        // Some servers answer a matched conditional create without a Location: look it up.
        return reference(searchPatients(match, 1).stream().findFirst().orElseThrow(() ->
                new IllegalStateException("the EHR neither created nor found the patient")));
    }

    /** Patients matching a search URL such as {@link SearchUrl#patientByName}, at most {@code max}. */
    public List<Patient> searchPatients(String searchUrl, int max) {
        Bundle found = client.search().byUrl(searchUrl + "&_count=" + max).returnBundle(Bundle.class).execute();
        List<Patient> out = new ArrayList<>();
        for (Bundle.BundleEntryComponent e : found.getEntry()) {
            if (e.getResource() instanceof Patient p && out.size() < max) {
                out.add(p);
            }
        }
        return out;
    }

    /** The Observation with this identifier, if the EHR has one. */
    public Optional<Observation> observation(Identifier identifier) {
        Bundle found = client.search().byUrl(SearchUrl.byIdentifier("Observation", identifier.getSystem(),
                identifier.getValue())).returnBundle(Bundle.class).execute();
        return found.getEntry().stream().map(Bundle.BundleEntryComponent::getResource)
                .filter(Observation.class::isInstance).map(Observation.class::cast).findFirst();
    }

    /** Updates an Observation by its id (e.g. to mark it entered-in-error). */
    public void update(Observation observation) {
        client.update().resource(observation).execute();
    }

    static String reference(Patient p) {
        return "Patient/" + p.getIdElement().getIdPart();
    }
}
