package org.smartclinic.simulator.fhir.internal;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import org.hl7.fhir.r4.model.Device;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.Test;
import org.smartclinic.simulator.fhir.internal.EntryRequest.Method;

import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Write semantics without HTTP: ordering, placeholders, atomicity, versions. */
class TransactionEngineTest {

    private static final FhirContext FHIR = FhirContext.forR4Cached();
    private static final String BASE = "http://127.0.0.1:8090/fhir";

    private final ResourceStore store = new ResourceStore(SearchParameters.r4(FHIR));

    @Test
    void execute_placeholdersAcrossEntries_areRewrittenToTheNewIds() {
        List<EntryResult> results = engine(ResourceValidator.NONE).execute(List.of(
                post(0, "urn:uuid:obs", observation("urn:uuid:patient"), null),
                post(1, "urn:uuid:patient", patient("MRN-1"), "identifier=MRN-1")), List.of(), BASE);

        String patientReference = results.get(1).stored().reference();
        Observation stored = (Observation) results.get(0).stored().resource();
        assertThat(stored.getSubject().getReference()).isEqualTo(patientReference);
        assertThat(results).extracting(EntryResult::status).containsExactly(201, 201);
    }

    @Test
    void execute_sameConditionalCreateTwiceInOneTransaction_createsOnce() {
        List<EntryResult> results = engine(ResourceValidator.NONE).execute(List.of(
                post(0, "urn:uuid:a", patient("MRN-2"), "identifier=MRN-2"),
                post(1, "urn:uuid:b", patient("MRN-2"), "identifier=MRN-2")), List.of(), BASE);

        assertThat(results).extracting(EntryResult::status).containsExactly(201, 200);
        assertThat(results.get(1).stored().reference()).isEqualTo(results.get(0).stored().reference());
        assertThat(store.count("Patient")).isEqualTo(1);
    }

    @Test
    void execute_placeholderInConditionalUrl_matchesTheResolvedResource() {
        TransactionEngine engine = engine(ResourceValidator.NONE);
        List<EntryRequest> bundle = List.of(
                post(0, "urn:uuid:p", patient("MRN-3"), "identifier=MRN-3"),
                post(1, "urn:uuid:o", observation("urn:uuid:p"), "subject=urn:uuid:p&code=8867-4"));

        engine.execute(bundle, List.of(), BASE);
        List<EntryResult> again = engine.execute(List.of(
                post(0, "urn:uuid:p", patient("MRN-3"), "identifier=MRN-3"),
                post(1, "urn:uuid:o", observation("urn:uuid:p"), "subject=urn:uuid:p&code=8867-4")), List.of(), BASE);

        assertThat(again).extracting(EntryResult::status).containsExactly(200, 200);
        assertThat(store.count("Observation")).isEqualTo(1);
    }

    @Test
    void execute_laterEntryFails_storesNothingAndNamesTheEntry() {
        TransactionEngine engine = engine(ResourceValidator.NONE);

        assertThatThrownBy(() -> engine.execute(List.of(
                post(0, "urn:uuid:p", patient("MRN-4"), null),
                post(1, null, observation("Patient/does-not-exist"), null)), List.of(), BASE))
                .isInstanceOfSatisfying(BaseServerResponseException.class, failure -> {
                    assertThat(failure.getStatusCode()).isEqualTo(400);
                    assertThat(failure.getMessage()).contains("Bundle.entry[1]", "Patient/does-not-exist");
                    assertThat(((OperationOutcome) failure.getOperationOutcome()).getIssueFirstRep()
                            .getExpression()).extracting(e -> e.getValue()).containsExactly("Bundle.entry[1]");
                });
        assertThat(store.count("Patient")).isZero();
    }

    @Test
    void execute_invalidResources_rejectsAllWith422BeforeStoring() {
        ResourceValidator rejectsObservations = resource -> resource instanceof Observation
                ? List.of(new ValidationIssue(false, "Observation.value", "bad unit")) : List.of();

        assertThatThrownBy(() -> engine(rejectsObservations).execute(List.of(
                post(0, "urn:uuid:p", patient("MRN-5"), null),
                post(1, null, observation("urn:uuid:p"), null),
                post(2, null, observation("urn:uuid:p"), null)), List.of(), BASE))
                .isInstanceOfSatisfying(BaseServerResponseException.class, failure -> {
                    assertThat(failure.getStatusCode()).isEqualTo(422);
                    assertThat(((OperationOutcome) failure.getOperationOutcome()).getIssue())
                            .extracting(i -> i.getExpression().getFirst().getValue())
                            .containsExactly("Bundle.entry[1].resource.value", "Bundle.entry[2].resource.value");
                });
        assertThat(store.count("Patient")).isZero();
    }

    @Test
    void executeOne_update_addsVersionAndKeepsTheOldOneReadable() {
        TransactionEngine engine = engine(ResourceValidator.NONE);
        engine.executeOne(EntryRequest.update(device("v1"), "dev-1", null), List.of(), BASE);

        EntryResult second = engine.executeOne(EntryRequest.update(device("v2"), "dev-1", 1L), List.of(), BASE);

        assertThat(second.status()).isEqualTo(200);
        assertThat(second.stored().versionedReference()).isEqualTo("Device/dev-1/_history/2");
        Optional<StoredResource> first = store.read(view -> view.version("Device", "dev-1", 1));
        assertThat(first).hasValueSatisfying(v1 -> assertThat(((Device) v1.resource()).getVersionFirstRep()
                .getValue()).isEqualTo("v1"));
    }

    @Test
    void execute_twoWritesToTheSameId_isRejected() {
        TransactionEngine engine = engine(ResourceValidator.NONE);

        assertThatThrownBy(() -> engine.execute(List.of(
                new EntryRequest(0, Method.PUT, "Device", device("a"), null, "dev-2", null, null, "Device/dev-2"),
                new EntryRequest(1, Method.PUT, "Device", device("b"), null, "dev-2", null, null, "Device/dev-2")),
                List.of(), BASE))
                .isInstanceOf(BaseServerResponseException.class)
                .hasMessageContaining("multiple resources with ID: Device/dev-2");
        assertThat(store.count("Device")).isZero();
    }

    private TransactionEngine engine(ResourceValidator validator) {
        return new TransactionEngine(FHIR, store, validator);
    }

    private static EntryRequest post(int index, String fullUrl, Resource resource, String ifNoneExist) {
        return new EntryRequest(index, Method.POST, resource.fhirType(), resource, fullUrl, null, null, ifNoneExist,
                resource.fhirType());
    }

    private static Patient patient(String mrn) {
        Patient patient = new Patient();
        patient.addIdentifier().setSystem("urn:mrn").setValue(mrn);
        return patient;
    }

    private static Observation observation(String subject) {
        Observation observation = new Observation().setStatus(Observation.ObservationStatus.FINAL);
        observation.getCode().addCoding().setSystem("http://loinc.org").setCode("8867-4");
        observation.setSubject(new Reference(subject));
        return observation;
    }

    private static Device device(String version) {
        Device device = new Device();
        device.addVersion().setValue(version);
        return device;
    }
}
