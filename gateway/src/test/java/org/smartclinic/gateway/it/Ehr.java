package org.smartclinic.gateway.it;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.client.interceptor.BearerTokenAuthInterceptor;
import ca.uhn.fhir.rest.client.api.ServerValidationModeEnum;

import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Device;
import org.hl7.fhir.r4.model.DiagnosticReport;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.Specimen;
import org.smartclinic.fhir.FhirContexts;
import org.smartclinic.fhir.SearchUrl;

/** What the EHR (a real FHIR server over HTTP) holds, as the tests ask it. */
public final class Ehr {

    static final String EXAM_SYSTEM = "urn:smartclinic:id/exam";
    static final String DEVICE_SYSTEM = "urn:smartclinic:id/device";
    static final String REPORT_SYSTEM = "urn:smartclinic:id/report";
    static final String SPECIMEN_SYSTEM = "urn:smartclinic:id/specimen";
    static final String OBSERVATION_SYSTEM = "urn:smartclinic:id/observation";

    private final IGenericClient client;

    public Ehr(String baseUrl) {
        FhirContexts.r4().getRestfulClientFactory().setServerValidationMode(ServerValidationModeEnum.NEVER);
        client = FhirContexts.r4().newRestfulGenericClient(baseUrl);
    }

    /** For an EHR that requires a token: every request carries {@code Authorization: Bearer <token>}. */
    public Ehr(String baseUrl, String bearerToken) {
        this(baseUrl);
        client.registerInterceptor(new BearerTokenAuthInterceptor(bearerToken));
    }

    /** How long the end-to-end tests wait for something to reach the EHR. */
    public static final Duration DELIVERY = Duration.ofSeconds(30);

    /**
     * The Observations of the exam's Encounter (gateway id {@code demo-clinic}), once there are at least
     * {@code atLeast} of them; fails after {@link #DELIVERY}.
     */
    public List<Observation> awaitObservationsOfExam(String examId, int atLeast) {
        Encounter encounter = await("encounter of exam " + examId).atMost(DELIVERY)
                .until(() -> encounterOfExam("demo-clinic", examId), Optional::isPresent).orElseThrow();
        String ref = "Encounter/" + encounter.getIdElement().getIdPart();
        return await("observations of " + ref).atMost(DELIVERY).until(() -> observationsOfEncounter(ref),
                list -> list.size() >= atLeast);
    }

    public Optional<Encounter> encounterOfExam(String gatewayId, String examId) {
        return first(search(SearchUrl.byIdentifier("Encounter", EXAM_SYSTEM, gatewayId + "/" + examId)),
                Encounter.class);
    }

    public Optional<Patient> patient(String system, String value) {
        return patients(system, value).stream().findFirst();
    }

    /** Every Patient with this identifier (escaped as the FHIR search rules say). */
    public List<Patient> patients(String system, String value) {
        return all(search(SearchUrl.patientByIdentifier(system, value)), Patient.class);
    }

    /** The DiagnosticReport the gateway (id {@code demo-clinic}) made for the exam. */
    public Optional<DiagnosticReport> reportOfExam(String examId) {
        return first(search(SearchUrl.byIdentifier("DiagnosticReport", REPORT_SYSTEM, "demo-clinic/" + examId)),
                DiagnosticReport.class);
    }

    /** Every Specimen the gateway minted for {@code <gatewayId>/<sampleId>}. */
    public List<Specimen> specimens(String gatewayAndSampleId) {
        return all(search(SearchUrl.byIdentifier("Specimen", SPECIMEN_SYSTEM, gatewayAndSampleId)), Specimen.class);
    }

    /** The Observations that name {@code specimenId} ({@code Specimen/12}) as their specimen. */
    public List<Observation> observationsOfSpecimen(String specimenId) {
        return allPages("Observation?specimen=" + specimenId + "&_count=500").stream()
                .map(Observation.class::cast).toList();
    }

    /** The Observation with this identifier value (system: the gateway's observation system). */
    public Optional<Observation> observation(String identifierValue) {
        return first(search(SearchUrl.byIdentifier("Observation", OBSERVATION_SYSTEM, identifierValue)),
                Observation.class);
    }

    /** Sends a transaction as the uplink does; the response bundle. */
    public Bundle transaction(Bundle bundle) {
        return client.transaction().withBundle(bundle).execute();
    }

    /** Sends a transaction already encoded as JSON, as the uplink sends its batches; the response's text. */
    public String transaction(String bundleJson) {
        return client.transaction().withBundle(bundleJson).execute();
    }

    public List<AuditEvent> auditEvents() {
        return all(search("AuditEvent?_count=200"), AuditEvent.class);
    }

    public List<Observation> observationsOfEncounter(String encounterId) {
        return allPages("Observation?encounter=" + encounterId + "&_count=500").stream()
                .map(Observation.class::cast).toList();
    }

    /** The Device the gateway minted for {@code <gatewayId>/<deviceId>}. */
    public Optional<Device> device(String gatewayAndDeviceId) {
        return first(search(SearchUrl.byIdentifier("Device", DEVICE_SYSTEM, gatewayAndDeviceId)), Device.class);
    }

    public int count(String type) {
        return allPages(type + "?_count=1000").size();
    }

    public List<Observation> observations() {
        return allPages("Observation?_count=1000").stream().map(Observation.class::cast).toList();
    }

    /**
     * Every match, following {@code next} links: the JPA server returns at most 50 per page whatever
     * {@code _count} asks, and no total on the first page.
     */
    private List<Resource> allPages(String query) {
        List<Resource> out = new ArrayList<>();
        Bundle page = search(query);
        while (true) {
            page.getEntry().forEach(e -> out.add(e.getResource()));
            if (page.getLink(Bundle.LINK_NEXT) == null) {
                return out;
            }
            page = client.loadPage().next(page).execute();
        }
    }

    private Bundle search(String query) {
        return client.search().byUrl(query).returnBundle(Bundle.class).execute();
    }

    private static <T extends Resource> Optional<T> first(Bundle b, Class<T> type) {
        return all(b, type).stream().findFirst();
    }

    private static <T extends Resource> List<T> all(Bundle b, Class<T> type) {
        List<T> out = new ArrayList<>();
        b.getEntry().forEach(e -> out.add(type.cast(e.getResource())));
        return out;
    }
}
