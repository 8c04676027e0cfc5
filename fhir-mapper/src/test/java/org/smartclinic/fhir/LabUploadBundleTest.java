package org.smartclinic.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.List;
import java.util.regex.Pattern;

import ca.uhn.fhir.validation.ResultSeverityEnum;
import ca.uhn.fhir.validation.SingleValidationMessage;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Bundle.BundleEntryComponent;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Specimen;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.smartclinic.drivers.Reading;

/** The upload transaction of lab readings: the Specimen of the sample, specimen references, the panel entry. */
class LabUploadBundleTest {

    /**
     * Warnings accepted for lab bundles validated offline: no narrative (dom-6, the EHR renders its own), LOINC and
     * the analyzers' own code systems unknown to an offline validator, and "observations should have a performer"
     * (a device measured; the gateway knows no responsible person).
     */
    private static final Pattern ACCEPTED_WARNING = Pattern.compile(".*(dom-6: 'A resource should have narrative"
            + "|CodeSystem is unknown and can't be validated: (http://loinc\\.org|urn:smartclinic:device-code:)"
            + "|all observations should have a performer).*");

    private final UploadBundleFactory factory = new UploadBundleFactory(TestReadings.SETTINGS, UcumUnits.standard());

    private Bundle transaction(Reading reading) throws MappingException {
        return factory.transaction(reading, TestReadings.BINDING, new DeviceInfo(reading.deviceId(), "analyzer",
                "lab analyzer", "SN-" + reading.deviceId(), "lab"));
    }

    static List<Reading> labReadings() {
        return List.of(LabReadings.hba1c(), LabReadings.lipidPanel(), LabReadings.bloodCount(),
                LabReadings.urineStrip(), LabReadings.chemistry());
    }

    @ParameterizedTest
    @MethodSource("labReadings")
    void transaction_labReading_noErrorsAndOnlyTheAcceptedWarnings(Reading reading) throws MappingException {
        Bundle bundle = transaction(reading);

        FhirValidation.assertNoErrors(bundle);
        List<SingleValidationMessage> warnings = FhirValidation.validate(bundle).getMessages().stream()
                .filter(m -> m.getSeverity() == ResultSeverityEnum.WARNING).toList();
        assertThat(warnings).as("%s", FhirValidation.format(warnings))
                .allMatch(m -> ACCEPTED_WARNING.matcher(m.getMessage()).matches());
    }

    @Test
    void transaction_sampleId_specimenAfterDeviceAndEveryObservationRefersToIt() throws MappingException {
        List<BundleEntryComponent> entries = transaction(LabReadings.lipidPanel()).getEntry();

        assertThat(entries).extracting(e -> e.getResource().fhirType()).containsExactly("Patient", "Encounter",
                "Device", "Specimen", "Observation", "Observation", "Observation", "Observation", "Observation",
                "Observation");
        BundleEntryComponent entry = entries.get(3);
        Specimen specimen = (Specimen) entry.getResource();
        assertThat(specimen.getIdentifierFirstRep().getSystem()).isEqualTo("urn:smartclinic:id/specimen");
        assertThat(specimen.getIdentifierFirstRep().getValue()).isEqualTo("gw-demo-01/4711000018");
        assertThat(specimen.getAccessionIdentifier().equalsDeep(specimen.getIdentifierFirstRep())).isTrue();
        assertThat(specimen.getSubject().getReference()).isEqualTo(entries.get(0).getFullUrl());
        assertThat(specimen.hasCollection()).as("no clock data").isFalse();
        assertThat(entry.getRequest().getIfNoneExist())
                .isEqualTo("identifier=urn%3Asmartclinic%3Aid%2Fspecimen|gw-demo-01%2F4711000018");
        for (BundleEntryComponent o : entries.subList(4, entries.size())) {
            assertThat(((Observation) o.getResource()).getSpecimen().getReference()).isEqualTo(entry.getFullUrl());
        }
    }

    @Test
    void transaction_panel_hasMemberAreTheMembersFullUrls() throws MappingException {
        List<BundleEntryComponent> entries = transaction(LabReadings.lipidPanel()).getEntry();

        Observation panel = (Observation) entries.getLast().getResource();
        assertThat(panel.getHasMember()).extracting(r -> r.getReference()).containsExactlyElementsOf(
                entries.subList(4, 9).stream().map(BundleEntryComponent::getFullUrl).toList());
    }

    @Test
    void transaction_builtTwice_byteIdentical() throws MappingException {
        for (Reading reading : labReadings()) {
            assertThat(GoldenFiles.json(transaction(reading))).isEqualTo(GoldenFiles.json(transaction(reading)));
        }
    }

    @Test
    void transaction_reassignedAfterUpload_specimenOfTheNewExamNotTheFirstPatients() throws MappingException {
        Bundle bundle = factory.transaction(LabReadings.hba1c(), TestReadings.REASSIGNED, LabReadings.LP100);

        Specimen specimen = (Specimen) bundle.getEntry().get(3).getResource();
        assertThat(specimen.getIdentifierFirstRep().getValue()).isEqualTo("gw-demo-01/4711000018~exam-0008");
        assertThat(specimen.getSubject().getReference()).isEqualTo(bundle.getEntry().getFirst().getFullUrl());
        assertThat(((Patient) bundle.getEntry().getFirst().getResource()).getIdentifierFirstRep().getValue())
                .isEqualTo("7702-654321");
    }

    @Test
    void transaction_noSampleId_noSpecimen() throws MappingException {
        Reading hba1c = LabReadings.hba1c();
        Reading withoutSample = new Reading(hba1c.deviceId(), hba1c.key(), hba1c.deviceTime(), hba1c.receivedAt(),
                hba1c.measurements(), null, null, null, List.of());

        Bundle bundle = transaction(withoutSample);

        assertThat(bundle.getEntry()).extracting(e -> e.getResource().fhirType()).doesNotContain("Specimen");
        assertThat(((Observation) bundle.getEntry().getLast().getResource()).hasSpecimen()).isFalse();
    }

    @Test
    void transaction_sampleIdOnAReadingWithoutLabResults_noSpecimen() throws MappingException {
        Reading bp = TestReadings.bpm200();
        Reading withSample = new Reading(bp.deviceId(), bp.key(), bp.deviceTime(), bp.receivedAt(),
                bp.measurements(), null, "4711000018", null);

        Bundle bundle = factory.transaction(withSample, TestReadings.BINDING, TestReadings.DEVICE);

        assertThat(bundle.getEntry()).extracting(e -> e.getResource().fhirType()).doesNotContain("Specimen");
    }

    @Test
    void transaction_lipidPanel_matchesGoldenJson() throws MappingException, IOException {
        GoldenFiles.assertMatchesGolden("bundle-transaction-lipid-panel", factory.transaction(
                LabReadings.lipidPanel(), TestReadings.BINDING, LabReadings.LP100));
    }
}
