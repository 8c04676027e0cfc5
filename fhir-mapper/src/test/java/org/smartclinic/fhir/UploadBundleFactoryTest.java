package org.smartclinic.fhir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Instant;
import java.util.List;

import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Bundle.BundleEntryComponent;
import org.hl7.fhir.r4.model.Bundle.BundleType;
import org.hl7.fhir.r4.model.Bundle.HTTPVerb;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Encounter.EncounterStatus;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Device;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.Test;
import org.smartclinic.drivers.Measurement;
import org.smartclinic.drivers.Reading;
import org.smartclinic.fhir.internal.NameUuids;

class UploadBundleFactoryTest {

    private static final Instant CLOSED_AT = Instant.parse("2026-11-23T09:41:30Z");

    private final UploadBundleFactory factory = new UploadBundleFactory(TestReadings.SETTINGS, UcumUnits.standard());

    private Bundle bpm200Bundle() throws MappingException {
        return factory.transaction(TestReadings.bpm200(), TestReadings.BINDING, TestReadings.DEVICE);
    }

    private static Identifier identifier(Resource resource) {
        return switch (resource) {
            case Patient p -> p.getIdentifierFirstRep();
            case Encounter e -> e.getIdentifierFirstRep();
            case Device d -> d.getIdentifierFirstRep();
            case Observation o -> o.getIdentifierFirstRep();
            default -> throw new AssertionError("unexpected " + resource.fhirType());
        };
    }

    @Test
    void transaction_bpm200Reading_isTransactionOfConditionalCreatesInOrder() throws MappingException {
        Bundle bundle = bpm200Bundle();

        assertThat(bundle.getType()).isEqualTo(BundleType.TRANSACTION);
        assertThat(bundle.hasId()).isFalse();
        assertThat(bundle.hasTimestamp()).as("nothing from the clock").isFalse();
        assertThat(bundle.getEntry()).extracting(e -> e.getResource().fhirType())
                .containsExactly("Patient", "Encounter", "Device", "Observation", "Observation");
        assertThat(bundle.getEntry()).extracting(e -> e.getRequest().getMethod()).containsOnly(HTTPVerb.POST);
        assertThat(bundle.getEntry()).extracting(e -> e.getRequest().getUrl())
                .containsExactly("Patient", "Encounter", "Device", "Observation", "Observation");
        assertThat(bundle.getEntry()).extracting(e -> e.getRequest().getIfNoneExist()).containsExactly(
                "identifier=https%3A%2F%2Fexample.org%2Ffhir%2Fsid%2Fnational-id|7701-123456",
                "identifier=urn%3Asmartclinic%3Aid%2Fexam|gw-demo-01%2Fexam-0007",
                "identifier=urn%3Asmartclinic%3Aid%2Fdevice|gw-demo-01%2Fbpm-1",
                "identifier=urn%3Asmartclinic%3Aid%2Fobservation|gw-demo-01%2Fbpm-1%2F85354-9%2F20261123101500%230042",
                "identifier=urn%3Asmartclinic%3Aid%2Fobservation|gw-demo-01%2Fbpm-1%2F8867-4%2F20261123101500%230042");
        assertThat(bundle.getEntry()).extracting(e -> e.getResource().hasId()).containsOnly(false);
    }

    @Test
    void transaction_fullUrls_areName5UuidsOfEachIdentifier() throws MappingException {
        for (BundleEntryComponent entry : bpm200Bundle().getEntry()) {
            Identifier id = identifier(entry.getResource());
            assertThat(entry.getFullUrl()).as(entry.getResource().fhirType())
                    .isEqualTo(NameUuids.urnForIdentifier(id.getSystem(), id.getValue()))
                    .matches("urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
        }
    }

    @Test
    void transaction_bpm200Reading_patientEncounterAndDeviceAsBound() throws MappingException {
        List<BundleEntryComponent> entries = bpm200Bundle().getEntry();

        Patient patient = (Patient) entries.get(0).getResource();
        assertThat(patient.getIdentifier()).hasSize(1);
        assertThat(patient.getIdentifierFirstRep().getSystem()).isEqualTo("https://example.org/fhir/sid/national-id");
        assertThat(patient.getIdentifierFirstRep().getValue()).isEqualTo("7701-123456");
        assertThat(patient.hasName()).as("the EHR owns the patient record").isFalse();

        Encounter encounter = (Encounter) entries.get(1).getResource();
        assertThat(encounter.getIdentifierFirstRep().getSystem()).isEqualTo("urn:smartclinic:id/exam");
        assertThat(encounter.getIdentifierFirstRep().getValue()).isEqualTo("gw-demo-01/exam-0007");
        assertThat(encounter.getStatus()).isEqualTo(EncounterStatus.INPROGRESS);
        assertThat(encounter.getClass_().getSystem()).isEqualTo("http://terminology.hl7.org/CodeSystem/v3-ActCode");
        assertThat(encounter.getClass_().getCode()).isEqualTo("AMB");
        assertThat(encounter.getSubject().getReference()).isEqualTo(entries.get(0).getFullUrl());
        assertThat(encounter.getPeriod().getStartElement().getValueAsString()).isEqualTo("2026-11-23T09:05:00Z");
        assertThat(encounter.getPeriod().hasEnd()).isFalse();

        assertThat(((Device) entries.get(2).getResource()).getIdentifierFirstRep().getValue()).isEqualTo("gw-demo-01/bpm-1");
    }

    @Test
    void transaction_observations_referToThePatientEncounterAndDeviceEntries() throws MappingException {
        List<BundleEntryComponent> entries = bpm200Bundle().getEntry();

        for (BundleEntryComponent entry : entries.subList(3, entries.size())) {
            Observation observation = (Observation) entry.getResource();
            assertThat(observation.getSubject().getReference()).isEqualTo(entries.get(0).getFullUrl());
            assertThat(observation.getEncounter().getReference()).isEqualTo(entries.get(1).getFullUrl());
            assertThat(observation.getDevice().getReference()).isEqualTo(entries.get(2).getFullUrl());
        }
    }

    @Test
    void transaction_bpm200Readings_validateWithoutErrors() throws MappingException {
        FhirValidation.assertNoErrors(bpm200Bundle());
        FhirValidation.assertNoErrors(factory.transaction(TestReadings.bpm200Kpa(), TestReadings.BINDING,
                TestReadings.DEVICE));
    }

    @Test
    void transaction_bpm200Reading_matchesGoldenJson() throws MappingException, IOException {
        GoldenFiles.assertMatchesGolden("bundle-transaction-bpm200", bpm200Bundle());
    }

    @Test
    void transaction_sameReadingTwice_isByteIdentical() throws MappingException {
        UploadBundleFactory other = new UploadBundleFactory(TestReadings.SETTINGS, UcumUnits.standard());

        String first = GoldenFiles.json(bpm200Bundle());
        String second = GoldenFiles.json(other.transaction(TestReadings.bpm200(), TestReadings.BINDING,
                TestReadings.DEVICE));

        assertThat(second).isEqualTo(first);
    }

    @Test
    void transaction_nextReadingOfTheSameExam_sharesContextEntriesButNotObservations() throws MappingException {
        Reading next = new Reading(TestReadings.DEVICE_ID, "20261123102000#0043", Instant.parse("2026-11-23T09:20:00Z"),
                Instant.parse("2026-11-23T09:20:01Z"), List.of(TestReadings.pulse("74")), null, null, null);

        List<BundleEntryComponent> first = bpm200Bundle().getEntry();
        List<BundleEntryComponent> second = factory.transaction(next, TestReadings.BINDING, TestReadings.DEVICE).getEntry();

        assertThat(second.subList(0, 3)).extracting(BundleEntryComponent::getFullUrl)
                .containsExactlyElementsOf(first.subList(0, 3).stream().map(BundleEntryComponent::getFullUrl).toList());
        assertThat(second.get(3).getFullUrl()).isNotEqualTo(first.get(4).getFullUrl());
    }

    @Test
    void transaction_readingOfAnotherDevice_isRefused() {
        DeviceInfo other = new DeviceInfo("spo-1", "ox100", "OX-100", null, "station-2");

        assertThatThrownBy(() -> factory.transaction(TestReadings.bpm200(), TestReadings.BINDING, other))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("bpm-1").hasMessageContaining("spo-1");
    }

    @Test
    void transaction_unmappableResult_throwsAndBuildsNoPartialBundle() {
        Measurement glucose = Measurement.of(TestReadings.device("GLU", ""), List.of(TestReadings.mdc("160184", "")),
                TestReadings.quantity("5.4", "mmol/L"));
        Reading reading = TestReadings.reading(TestReadings.DEVICE_TIME, List.of(TestReadings.pulse("71"), glucose));

        assertThatThrownBy(() -> factory.transaction(reading, TestReadings.BINDING, TestReadings.DEVICE))
                .isInstanceOf(MappingException.class).hasMessageContaining("GLU");
    }

    @Test
    void encounterFinished_closedExam_isConditionalUpdateWithPeriod() {
        Bundle bundle = factory.encounterFinished(TestReadings.BINDING, CLOSED_AT);

        assertThat(bundle.getType()).isEqualTo(BundleType.TRANSACTION);
        assertThat(bundle.getEntry()).hasSize(2);
        BundleEntryComponent patient = bundle.getEntry().get(0);
        assertThat(patient.getRequest().getMethod()).isEqualTo(HTTPVerb.POST);
        assertThat(patient.getRequest().getIfNoneExist()).isEqualTo("identifier=https%3A%2F%2Fexample.org%2Ffhir%2Fsid%2Fnational-id|7701-123456");
        BundleEntryComponent entry = bundle.getEntry().get(1);
        assertThat(entry.getRequest().getMethod()).isEqualTo(HTTPVerb.PUT);
        assertThat(entry.getRequest().getUrl()).isEqualTo("Encounter?identifier=urn%3Asmartclinic%3Aid%2Fexam|gw-demo-01%2Fexam-0007");
        Encounter encounter = (Encounter) entry.getResource();
        assertThat(encounter.getStatus()).isEqualTo(EncounterStatus.FINISHED);
        assertThat(encounter.getPeriod().getStartElement().getValueAsString()).isEqualTo("2026-11-23T09:05:00Z");
        assertThat(encounter.getPeriod().getEndElement().getValueAsString()).isEqualTo("2026-11-23T09:41:30Z");
        assertThat(encounter.getSubject().getReference()).isEqualTo(patient.getFullUrl());
    }

    @Test
    void encounterFinished_fullUrls_sameAsInTheReadingBundles() throws MappingException {
        List<BundleEntryComponent> reading = bpm200Bundle().getEntry();
        List<BundleEntryComponent> finished = factory.encounterFinished(TestReadings.BINDING, CLOSED_AT).getEntry();

        assertThat(finished.get(0).getFullUrl()).isEqualTo(reading.get(0).getFullUrl());
        assertThat(finished.get(1).getFullUrl()).isEqualTo(reading.get(1).getFullUrl());
    }

    @Test
    void encounterFinished_closedExam_validatesWithoutErrorsAndMatchesGolden() throws IOException {
        Bundle bundle = factory.encounterFinished(TestReadings.BINDING, CLOSED_AT);

        FhirValidation.assertNoErrors(bundle);
        GoldenFiles.assertMatchesGolden("bundle-encounter-finished", bundle);
    }

    @Test
    void encounterFinished_closedBeforeOpened_isRefused() {
        assertThatThrownBy(() -> factory.encounterFinished(TestReadings.BINDING, TestReadings.OPENED_AT.minusSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("exam-0007");
    }

    @Test
    void deviceUpdate_reportedIdentity_isConditionalUpdateOfTheSameDeviceAndValidates() throws MappingException {
        DeviceInfo reported = new DeviceInfo(TestReadings.DEVICE.deviceId(), TestReadings.DEVICE.driverId(),
                TestReadings.DEVICE.displayName(), "SN-BPM-0042", TestReadings.DEVICE.station(), "BPM-200", "2.0.1");

        Bundle bundle = factory.deviceUpdate(reported);

        assertThat(bundle.getType()).isEqualTo(BundleType.TRANSACTION);
        BundleEntryComponent entry = bundle.getEntry().getFirst();
        assertThat(bundle.getEntry()).hasSize(1);
        assertThat(entry.getRequest().getMethod()).isEqualTo(HTTPVerb.PUT);
        assertThat(entry.getRequest().getUrl()).isEqualTo("Device?identifier=urn%3Asmartclinic%3Aid%2Fdevice|gw-demo-01%2Fbpm-1");
        assertThat(entry.getFullUrl()).as("same Device as the readings' bundles refer to")
                .isEqualTo(bpm200Bundle().getEntry().get(2).getFullUrl());
        assertThat(((Device) entry.getResource()).getVersionFirstRep().getValue()).isEqualTo("2.0.1");
        FhirValidation.assertNoErrors(bundle);
    }

    @Test
    void transaction_patientKnownByReference_noPatientEntryAndEverySubjectIsThatReference() throws MappingException {
        Bundle bundle = factory.transaction(TestReadings.bpm200(), TestReadings.BINDING_BY_REFERENCE,
                TestReadings.DEVICE);

        assertThat(bundle.getEntry()).extracting(e -> e.getResource().fhirType())
                .containsExactly("Encounter", "Device", "Observation", "Observation");
        assertThat(((Encounter) bundle.getEntry().get(0).getResource()).getSubject().getReference())
                .isEqualTo("Patient/123");
        assertThat(bundle.getEntry().subList(2, 4)).extracting(e -> ((Observation) e.getResource()).getSubject()
                .getReference()).containsOnly("Patient/123");
        FhirValidation.assertNoErrors(bundle);
    }

    @Test
    void encounterFinished_patientKnownByReference_onlyTheEncounterReferringToIt() {
        Bundle bundle = factory.encounterFinished(TestReadings.BINDING_BY_REFERENCE, CLOSED_AT);

        assertThat(bundle.getEntry()).hasSize(1);
        Encounter encounter = (Encounter) bundle.getEntry().getFirst().getResource();
        assertThat(encounter.getSubject().getReference()).isEqualTo("Patient/123");
        FhirValidation.assertNoErrors(bundle);
    }

    @Test
    void observationIdentifiers_firstAndLaterBinding_exactlyThoseOfTheTransactionsObservations()
            throws MappingException {
        for (ExamBinding binding : List.of(TestReadings.BINDING, TestReadings.REASSIGNED)) {
            Bundle bundle = factory.transaction(TestReadings.bpm200(), binding, TestReadings.DEVICE);
            List<String> created = bundle.getEntry().stream().map(BundleEntryComponent::getResource)
                    .filter(Observation.class::isInstance).map(UploadBundleFactoryTest::identifier)
                    .map(i -> i.getSystem() + "|" + i.getValue()).toList();

            assertThat(factory.observationIdentifiers(TestReadings.bpm200(), binding))
                    .extracting(i -> i.getSystem() + "|" + i.getValue()).containsExactlyElementsOf(created);
        }
    }

    @Test
    void transaction_reassignedReading_newObservationsInTheNewExamNoneMatchingTheFirstUpload()
            throws MappingException {
        List<BundleEntryComponent> first = bpm200Bundle().getEntry();
        List<BundleEntryComponent> again = factory.transaction(TestReadings.bpm200(), TestReadings.REASSIGNED,
                TestReadings.DEVICE).getEntry();

        assertThat(again.subList(3, 5)).extracting(e -> e.getRequest().getIfNoneExist())
                .allSatisfy(query -> assertThat(query).endsWith("%7E2"))
                .doesNotContainAnyElementsOf(first.subList(3, 5).stream()
                        .map(e -> e.getRequest().getIfNoneExist()).toList());
        assertThat(again.get(1).getFullUrl()).as("another exam").isNotEqualTo(first.get(1).getFullUrl());
        assertThat(again.get(2).getFullUrl()).as("the same device").isEqualTo(first.get(2).getFullUrl());
        FhirValidation.assertNoErrors(factory.transaction(TestReadings.bpm200(), TestReadings.REASSIGNED,
                TestReadings.DEVICE));
    }
}
