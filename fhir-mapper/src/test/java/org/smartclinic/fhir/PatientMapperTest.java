package org.smartclinic.fhir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;

import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.Enumerations.AdministrativeGender;
import org.hl7.fhir.r4.model.HumanName;
import org.hl7.fhir.r4.model.HumanName.NameUse;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PatientMapperTest {

    private static final PatientIdentifier NATIONAL_ID = TestReadings.PATIENT;
    private static final PatientIdentifier INSURANCE = new PatientIdentifier("urn:oid:1.2.643.5.1.13", "0001 234567");
    private static final PatientRecord RECORD = new PatientRecord(List.of(NATIONAL_ID, INSURANCE), "Иванова",
            List.of("Анна", "Петровна"), LocalDate.of(1984, 2, 29), "female");

    @Test
    void toFhir_fullRecord_identifiersOfficialNameBirthDateGender() {
        Patient patient = PatientMapper.toFhir(RECORD);

        assertThat(patient.getIdentifier()).extracting(i -> i.getSystem() + "|" + i.getValue()).containsExactly(
                "https://example.org/fhir/sid/national-id|7701-123456", "urn:oid:1.2.643.5.1.13|0001 234567");
        assertThat(patient.getName()).hasSize(1);
        HumanName name = patient.getNameFirstRep();
        assertThat(name.getUse()).isEqualTo(NameUse.OFFICIAL);
        assertThat(name.getFamily()).isEqualTo("Иванова");
        assertThat(name.getGiven()).extracting(g -> g.getValue()).containsExactly("Анна", "Петровна");
        assertThat(patient.getBirthDateElement().getValueAsString()).isEqualTo("1984-02-29");
        assertThat(patient.getGender()).isEqualTo(AdministrativeGender.FEMALE);
        assertThat(patient.hasId()).isFalse();
    }

    @Test
    void toFhir_fullAndMinimalRecords_validateWithoutErrors() {
        FhirValidation.assertNoErrors(PatientMapper.toFhir(RECORD));
        FhirValidation.assertNoErrors(PatientMapper.toFhir(new PatientRecord(List.of(), "Doe", null, null, null)));
        FhirValidation.assertNoErrors(PatientMapper.toFhir(new PatientRecord(List.of(NATIONAL_ID), null, List.of(),
                null, "unknown")));
    }

    @Test
    void toFhir_familyOnlyOrGivenOnly_oneNameWithWhatIsKnown() {
        Patient givenOnly = PatientMapper.toFhir(new PatientRecord(List.of(), null, List.of("Madonna"), null, null));

        assertThat(givenOnly.getNameFirstRep().hasFamily()).isFalse();
        assertThat(givenOnly.getNameFirstRep().getGivenAsSingleString()).isEqualTo("Madonna");
    }

    @Test
    void toFhir_neitherIdentifierNorName_isRefused() {
        PatientRecord nobody = new PatientRecord(List.of(), " ", List.of(""), LocalDate.of(1990, 1, 1), "male");

        assertThatThrownBy(() -> PatientMapper.toFhir(nobody)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("identifier or a name");
    }

    @Test
    void record_unknownGenderCode_isRefused() {
        assertThatThrownBy(() -> new PatientRecord(List.of(NATIONAL_ID), "Doe", List.of(), null, "F"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'F'");
    }

    @Test
    void record_nullAndBlankNames_normalisedToAbsent() {
        PatientRecord record = new PatientRecord(List.of(NATIONAL_ID), "", Arrays.asList("Anna", null, " "), null,
                null);

        assertThat(record.family()).isNull();
        assertThat(record.given()).containsExactly("Anna");
    }

    @Test
    void fromFhir_ownRegistration_roundTripsToTheSameRecord() {
        assertThat(PatientMapper.fromFhir(PatientMapper.toFhir(RECORD))).isEqualTo(RECORD);
    }

    @Test
    void fromFhir_ehrPatientParsedFromJson_takesIdentifiersNameBirthDateGender() {
        Patient patient = FhirContexts.r4().newJsonParser().parseResource(Patient.class, """
                {"resourceType": "Patient", "id": "123",
                 "identifier": [{"system": "urn:mrn", "value": "MRN-9"}, {"value": "no-system"},
                                {"system": "urn:empty"}],
                 "name": [{"use": "nickname", "given": ["Sasha"]},
                          {"use": "usual", "family": "Petrov", "given": ["Alexander"]},
                          {"use": "old", "family": "Sidorov"}],
                 "gender": "male", "birthDate": "1970-01-31"}""");

        PatientRecord record = PatientMapper.fromFhir(patient);

        assertThat(record.identifiers()).containsExactly(new PatientIdentifier("urn:mrn", "MRN-9"));
        assertThat(record.family()).isEqualTo("Petrov");
        assertThat(record.given()).containsExactly("Alexander");
        assertThat(record.birthDate()).isEqualTo(LocalDate.of(1970, 1, 31));
        assertThat(record.gender()).isEqualTo("male");
    }

    @Test
    void fromFhir_officialNameBeforeUsualWhereverItIs_andNoUseAsLastResort() {
        Patient patient = new Patient();
        patient.addName().setUse(NameUse.USUAL).setFamily("Usual");
        patient.addName().setFamily("Plain");
        patient.addName().setUse(NameUse.OFFICIAL).setFamily("Official");
        assertThat(PatientMapper.fromFhir(patient).family()).isEqualTo("Official");

        Patient plainOnly = new Patient();
        plainOnly.addName().setUse(NameUse.NICKNAME).setFamily("Nick");
        plainOnly.addName().setFamily("Plain").addGiven("P");
        assertThat(PatientMapper.fromFhir(plainOnly).family()).isEqualTo("Plain");
    }

    @Test
    void fromFhir_onlyANickname_noNameTaken() {
        Patient patient = new Patient();
        patient.addName().setUse(NameUse.NICKNAME).setFamily("Nick").addGiven("N");

        PatientRecord record = PatientMapper.fromFhir(patient);

        assertThat(record.family()).isNull();
        assertThat(record.given()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"1970", "1970-01"})
    void fromFhir_birthDateLessPreciseThanADay_isNotGuessed(String partial) {
        Patient patient = new Patient().setBirthDateElement(new DateType(partial));

        assertThat(PatientMapper.fromFhir(patient).birthDate()).isNull();
    }

    @Test
    void fromFhir_emptyPatient_emptyRecord() {
        PatientRecord record = PatientMapper.fromFhir(new Patient());

        assertThat(record).isEqualTo(new PatientRecord(List.of(), null, List.of(), null, null));
    }
}
