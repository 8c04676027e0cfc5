package org.smartclinic.simulator.fhir.internal;

import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Observation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class VitalSignsProfilesTest {

    private static final String CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category";

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"85354-9, bp", "8867-4, heartrate", "2708-6, oxygensat", "59408-5, oxygensat", "8310-5, bodytemp",
            "29463-7, bodyweight", "8302-2, bodyheight", "39156-5, bmi", "9279-1, resprate", "2339-0, vitalsigns"})
    void profilesFor_vitalSign_followsItsLoincCode(String loinc, String profile) {
        Observation observation = observation(CATEGORY, loinc);

        assertThat(VitalSignsProfiles.profilesFor(observation))
                .containsExactly("http://hl7.org/fhir/StructureDefinition/" + profile);
    }

    @Test
    void profilesFor_otherCategory_isEmpty() {
        Observation laboratory = observation(CATEGORY, "85354-9");
        laboratory.getCategoryFirstRep().getCodingFirstRep().setCode("laboratory");

        assertThat(VitalSignsProfiles.profilesFor(laboratory)).isEmpty();
        assertThat(VitalSignsProfiles.profilesFor(new Observation())).isEmpty();
    }

    @Test
    void profilesFor_vitalSignsCodeWithWrongSystem_stillAppliesSoTheProfileFlagsIt() {
        assertThat(VitalSignsProfiles.profilesFor(observation("urn:wrong", "8867-4")))
                .containsExactly("http://hl7.org/fhir/StructureDefinition/heartrate");
    }

    @Test
    void profilesFor_nonLoincCoding_fallsBackToVitalSigns() {
        Observation observation = observation(CATEGORY, "8867-4");
        observation.getCode().getCodingFirstRep().setSystem("urn:iso:std:iso:11073:10101");

        assertThat(VitalSignsProfiles.profilesFor(observation)).containsExactly(VitalSignsProfiles.VITAL_SIGNS);
    }

    private static Observation observation(String categorySystem, String loinc) {
        Observation observation = new Observation();
        observation.addCategory(new CodeableConcept(new Coding(categorySystem, "vital-signs", null)));
        observation.setCode(new CodeableConcept(new Coding(VitalSignsProfiles.LOINC, loinc, null)));
        return observation;
    }
}
