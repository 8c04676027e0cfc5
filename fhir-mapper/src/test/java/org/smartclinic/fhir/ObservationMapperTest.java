package org.smartclinic.fhir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.smartclinic.fhir.TestReadings.device;
import static org.smartclinic.fhir.TestReadings.loinc;
import static org.smartclinic.fhir.TestReadings.mdc;
import static org.smartclinic.fhir.TestReadings.quantity;

import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Observation.ObservationComponentComponent;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.SampledData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.smartclinic.drivers.Code;
import org.smartclinic.drivers.Measurement;
import org.smartclinic.drivers.Reading;
import org.smartclinic.drivers.Value;
import org.smartclinic.drivers.Waveform;

class ObservationMapperTest {

    private static final String VITAL_SIGNS = "vital-signs";
    private static final String BP = "http://hl7.org/fhir/StructureDefinition/bp";
    private static final String HEART_RATE = "http://hl7.org/fhir/StructureDefinition/heartrate";

    private final ObservationMapper mapper = new ObservationMapper(TestReadings.SETTINGS, UcumUnits.standard());

    private List<Observation> map(Reading reading) throws MappingException {
        return mapper.map(reading, TestReadings.BINDING, new Reference("Patient/p-1"),
                new Reference("Encounter/e-1"), new Reference("Device/d-1"));
    }

    private List<Observation> map(Measurement... measurements) throws MappingException {
        return map(TestReadings.reading(TestReadings.DEVICE_TIME, List.of(measurements)));
    }

    private static List<String> codings(CodeableConcept concept) {
        return concept.getCoding().stream().map(c -> c.getSystem() + "|" + c.getCode()).toList();
    }

    private static void assertQuantity(Quantity quantity, String value, String unit, String code) {
        assertThat(quantity.getValue()).isEqualTo(new BigDecimal(value));
        assertThat(quantity.getUnit()).isEqualTo(unit);
        assertThat(quantity.getSystem()).isEqualTo("http://unitsofmeasure.org");
        assertThat(quantity.getCode()).isEqualTo(code);
    }

    @Test
    void map_bpm200Reading_givesBpPanelThenHeartRate() throws MappingException {
        List<Observation> observations = map(TestReadings.bpm200());

        assertThat(observations).hasSize(2);
        Observation bp = observations.get(0);
        assertThat(bp.getStatus()).isEqualTo(Observation.ObservationStatus.FINAL);
        assertThat(bp.getCategoryFirstRep().getCodingFirstRep().getSystem())
                .isEqualTo("http://terminology.hl7.org/CodeSystem/observation-category");
        assertThat(bp.getCategoryFirstRep().getCodingFirstRep().getCode()).isEqualTo(VITAL_SIGNS);
        assertThat(bp.getMeta().getProfile()).extracting(p -> p.getValue()).containsExactly(BP);
        assertThat(codings(bp.getCode())).containsExactly("http://loinc.org|85354-9",
                "urn:iso:std:iso:11073:10101|150020", "urn:smartclinic:device-code:bpm200|BP");
        assertThat(bp.getCode().getCodingFirstRep().getDisplay())
                .isEqualTo("Blood pressure panel with all children optional");
        assertThat(bp.hasValue()).as("a panel has no value of its own").isFalse();
        assertThat(bp.getComponent()).extracting(c -> codings(c.getCode()).get(0))
                .containsExactly("http://loinc.org|8480-6", "http://loinc.org|8462-4", "http://loinc.org|8478-0");
        ObservationComponentComponent systolic = bp.getComponent().get(0);
        assertThat(codings(systolic.getCode())).containsExactly("http://loinc.org|8480-6",
                "urn:iso:std:iso:11073:10101|150021", "urn:smartclinic:device-code:bpm200|SYS");
        assertQuantity(systolic.getValueQuantity(), "128", "mmHg", "mm[Hg]");
        assertQuantity(bp.getComponent().get(1).getValueQuantity(), "82", "mmHg", "mm[Hg]");
        assertQuantity(bp.getComponent().get(2).getValueQuantity(), "97", "mmHg", "mm[Hg]");

        Observation pulse = observations.get(1);
        assertThat(pulse.getMeta().getProfile()).extracting(p -> p.getValue()).containsExactly(HEART_RATE);
        assertThat(codings(pulse.getCode())).containsExactly("http://loinc.org|8867-4",
                "urn:iso:std:iso:11073:10101|149546", "urn:smartclinic:device-code:bpm200|PR");
        assertQuantity(pulse.getValueQuantity(), "71", "/min", "/min");
    }

    @Test
    void map_kpaReading_convertsToMmHgKeepingResolution() throws MappingException {
        Observation bp = map(TestReadings.bpm200Kpa()).get(0);

        assertQuantity(bp.getComponent().get(0).getValueQuantity(), "128", "mmHg", "mm[Hg]");
        assertQuantity(bp.getComponent().get(1).getValueQuantity(), "82", "mmHg", "mm[Hg]");
        assertThat(bp.getComponent()).as("no MAP sent, none made up").hasSize(2);
    }

    @Test
    void map_bpm200Reading_identifiersNameGatewayDeviceLoincAndKey() throws MappingException {
        List<Observation> observations = map(TestReadings.bpm200());

        assertThat(observations).extracting(o -> o.getIdentifierFirstRep().getSystem())
                .containsOnly("urn:smartclinic:id/observation");
        assertThat(observations).extracting(o -> o.getIdentifierFirstRep().getValue()).containsExactly(
                "gw-demo-01/bpm-1/85354-9/20261123101500#0042", "gw-demo-01/bpm-1/8867-4/20261123101500#0042");
    }

    @Test
    void map_references_areCopiesOfTheArguments() throws MappingException {
        Reference subject = new Reference("Patient/p-1");
        Observation bp = mapper.map(TestReadings.bpm200(), TestReadings.BINDING, subject,
                new Reference("Encounter/e-1"), new Reference("Device/d-1")).get(0);

        assertThat(bp.getSubject().getReference()).isEqualTo("Patient/p-1");
        assertThat(bp.getEncounter().getReference()).isEqualTo("Encounter/e-1");
        assertThat(bp.getDevice().getReference()).isEqualTo("Device/d-1");
        assertThat(bp.getSubject()).isNotSameAs(subject);
    }

    @Test
    void map_deviceTimeSent_effectiveIsDeviceTimeAndIssuedIsReceiveTime() throws MappingException {
        Observation bp = map(TestReadings.bpm200()).get(0);

        assertThat(bp.getEffectiveDateTimeType().getValueAsString()).isEqualTo("2026-11-23T09:15:00Z");
        assertThat(bp.getIssuedElement().getValueAsString()).isEqualTo("2026-11-23T09:15:02.412Z");
    }

    @Test
    void map_noDeviceTime_effectiveIsReceiveTime() throws MappingException {
        Observation pulse = map(TestReadings.reading(null, List.of(TestReadings.pulse("71")))).get(0);

        assertThat(pulse.getEffectiveDateTimeType().getValueAsString()).isEqualTo("2026-11-23T09:15:02.412Z");
        assertThat(pulse.getIssuedElement().getValueAsString()).isEqualTo("2026-11-23T09:15:02.412Z");
    }

    @Test
    void map_subMillisecondDeviceTime_keepsEveryDigitInUtc() throws MappingException {
        Instant precise = Instant.parse("2026-11-23T09:15:00.123456789Z");
        Observation pulse = map(TestReadings.reading(precise, List.of(TestReadings.pulse("71")))).get(0);

        assertThat(pulse.getEffectiveDateTimeType().getValueAsString()).isEqualTo("2026-11-23T09:15:00.123456789Z");
    }

    @Test
    void map_bpm200Reading_everyObservationValidatesWithoutErrors() throws MappingException {
        List<Observation> observations = map(TestReadings.bpm200());

        FhirValidation.assertNoErrors(observations.get(0), BP);
        FhirValidation.assertNoErrors(observations.get(1), HEART_RATE);
        for (Observation observation : map(TestReadings.bpm200Kpa())) {
            FhirValidation.assertNoErrors(observation);
        }
    }

    @ParameterizedTest(name = "{0} {2} {3} -> {5} {6}, profile {4}")
    @CsvSource(delimiter = ';', value = {
            "8867-4;Heart rate;71;bpm;heartrate;71;/min",
            "59408-5;Oxygen saturation in Arterial blood by Pulse oximetry;97;%;oxygensat;97;%",
            "2708-6;Oxygen saturation in Arterial blood;97;%;oxygensat;97;%",
            "8310-5;Body temperature;36.6;°C;bodytemp;36.6;Cel",
            "29463-7;Body weight;154.3;lb;bodyweight;70.0;kg",
            "8302-2;Body height;176.5;cm;bodyheight;176.5;cm",
            "39156-5;Body mass index (BMI) [Ratio];22.7;kg/m2;bmi;22.7;kg/m2",
            "9279-1;Respiratory rate;16;/min;resprate;16;/min"})
    void map_vitalSign_validatesAgainstItsProfileInItsUnit(String code, String display, String value, String unit,
            String profile, String expected, String ucum) throws MappingException {
        Measurement measurement = Measurement.of(device("X", ""), List.of(loinc(code, display)), quantity(value, unit));

        Observation observation = map(measurement).get(0);

        String url = "http://hl7.org/fhir/StructureDefinition/" + profile;
        assertThat(observation.getMeta().getProfile()).extracting(p -> p.getValue()).containsExactly(url);
        assertThat(observation.getValueQuantity().getValue()).isEqualTo(new BigDecimal(expected));
        assertThat(observation.getValueQuantity().getCode()).isEqualTo(ucum);
        FhirValidation.assertNoErrors(observation, url);
    }

    @Test
    void map_pulseOximetry_addsTheProfilesLoincAfterItsOwn() throws MappingException {
        Measurement spo2 = Measurement.of(device("SPO2", ""),
                List.of(mdc("150456", "MDC_PULS_OXIM_SAT_O2"), loinc("59408-5", "Oxygen saturation by pulse oximetry")),
                quantity("97", "%"));

        Observation observation = map(spo2).get(0);

        assertThat(codings(observation.getCode())).containsExactly("http://loinc.org|59408-5",
                "http://loinc.org|2708-6", "urn:iso:std:iso:11073:10101|150456",
                "urn:smartclinic:device-code:bpm200|SPO2");
        assertThat(observation.getIdentifierFirstRep().getValue()).contains("/59408-5/");
    }

    @Test
    void map_labResult_isLaboratoryWithoutProfileInItsOwnUnit() throws MappingException {
        Measurement hba1c = Measurement.of(device("A1C", "HbA1c"),
                List.of(loinc("4548-4", "Hemoglobin A1c/Hemoglobin.total in Blood")), quantity("5.9", "%"));

        Observation observation = map(hba1c).get(0);

        assertThat(observation.getCategoryFirstRep().getCodingFirstRep().getCode()).isEqualTo("laboratory");
        assertThat(observation.getMeta().hasProfile()).isFalse();
        assertQuantity(observation.getValueQuantity(), "5.9", "%", "%");
        FhirValidation.assertNoErrors(observation);
    }

    @Test
    void map_ordinalText_givesValueStringNotANumber() throws MappingException {
        Measurement protein = Measurement.of(device("PRO", "Protein"),
                List.of(loinc("5804-0", "Protein [Mass/volume] in Urine by Test strip")), new Value.Text("++"));

        Observation observation = map(protein).get(0);

        assertThat(observation.getValueStringType().getValue()).isEqualTo("++");
        FhirValidation.assertNoErrors(observation);
    }

    @Test
    void map_codedValue_givesValueCodeableConcept() throws MappingException {
        Measurement nitrite = Measurement.of(device("NIT", "Nitrite"),
                List.of(loinc("5802-4", "Nitrite [Presence] in Urine by Test strip")),
                new Value.Coded(new Code("http://snomed.info/sct", "260385009", "Negative")));

        Observation observation = map(nitrite).get(0);

        Coding value = observation.getValueCodeableConcept().getCodingFirstRep();
        assertThat(value.getSystem() + "|" + value.getCode() + "|" + value.getDisplay())
                .isEqualTo("http://snomed.info/sct|260385009|Negative");
        FhirValidation.assertNoErrors(observation);
    }

    @Test
    void map_waveform_givesSampledDataObservation() throws MappingException {
        Waveform lead = new Waveform(mdc("131329", "MDC_ECG_ELEC_POTL_I"), "uV", 2.0, 5.0, new int[] {0, 12, -7, 3});
        Reading reading = new Reading(TestReadings.DEVICE_ID, TestReadings.KEY, TestReadings.DEVICE_TIME,
                TestReadings.RECEIVED_AT, List.of(), lead, null, null);

        Observation observation = map(reading).get(0);

        assertThat(observation.getCategoryFirstRep().getCodingFirstRep().getCode()).isEqualTo("procedure");
        assertThat(observation.getIdentifierFirstRep().getValue()).isEqualTo("gw-demo-01/bpm-1/131329/" + TestReadings.KEY);
        SampledData data = observation.getValueSampledData();
        assertQuantity(data.getOrigin(), "0", "µV", "uV");
        assertThat(data.getPeriod()).isEqualByComparingTo("2.0");
        assertThat(data.getFactor()).isEqualByComparingTo("5.0");
        assertThat(data.getDimensions()).isEqualTo(1);
        assertThat(data.getData()).isEqualTo("0 12 -7 3");
        FhirValidation.assertNoErrors(observation);
    }

    @Test
    void map_bindingVersion2_identifiersGetTheVersionSoTheyMatchNoEarlierUpload() throws MappingException {
        List<Observation> observations = mapper.map(TestReadings.bpm200(), TestReadings.REASSIGNED,
                new Reference("Patient/p-2"), new Reference("Encounter/e-2"), new Reference("Device/d-1"));

        assertThat(observations).extracting(o -> o.getIdentifierFirstRep().getValue()).containsExactly(
                "gw-demo-01/bpm-1/85354-9/20261123101500#0042~2", "gw-demo-01/bpm-1/8867-4/20261123101500#0042~2");
    }

    @Test
    void map_bindingDecidedTheTime_effectiveIsTheBindingsWithItsNoteAndIssuedStaysReceiveTime()
            throws MappingException {
        Observation bp = mapper.map(TestReadings.bpm200(), TestReadings.REASSIGNED, new Reference("Patient/p-2"),
                new Reference("Encounter/e-2"), new Reference("Device/d-1")).get(0);

        assertThat(bp.getEffectiveDateTimeType().getValueAsString()).isEqualTo("2026-11-23T09:15:02.412Z");
        assertThat(bp.getIssuedElement().getValueAsString()).isEqualTo("2026-11-23T09:15:02.412Z");
        assertThat(bp.getNote()).extracting(n -> n.getText()).containsExactly(TestReadings.TIME_NOTE);
        FhirValidation.assertNoErrors(bp, BP);
    }

    @Test
    void map_bindingWithoutTimeNote_hasNoNote() throws MappingException {
        assertThat(map(TestReadings.bpm200())).allSatisfy(o -> assertThat(o.hasNote()).isFalse());
    }

    @Test
    void identifiers_anyBindingVersion_sameAsTheMappedObservationsInOrder() throws MappingException {
        Waveform lead = new Waveform(mdc("131329", "MDC_ECG_ELEC_POTL_I"), "uV", 2.0, 5.0, new int[] {1});
        Reading reading = new Reading(TestReadings.DEVICE_ID, TestReadings.KEY, TestReadings.DEVICE_TIME,
                TestReadings.RECEIVED_AT, List.of(TestReadings.pulse("71")), lead, null, null);

        for (ExamBinding binding : List.of(TestReadings.BINDING, TestReadings.REASSIGNED)) {
            List<Observation> mapped = mapper.map(reading, binding, new Reference("Patient/p-1"),
                    new Reference("Encounter/e-1"), new Reference("Device/d-1"));
            assertThat(mapper.identifiers(reading, binding)).extracting(i -> i.getSystem() + "|" + i.getValue())
                    .containsExactlyElementsOf(mapped.stream().map(o -> o.getIdentifierFirstRep())
                            .map(i -> i.getSystem() + "|" + i.getValue()).toList());
        }
    }

    @Test
    void identifiers_unitNoLongerKnown_stillNameTheUploadedObservations() throws MappingException {
        Reading reading = TestReadings.reading(TestReadings.DEVICE_TIME, List.of(TestReadings.bpPanel("128", "82",
                null, "mmHG")));

        assertThat(mapper.identifiers(reading, TestReadings.BINDING)).extracting(i -> i.getValue())
                .containsExactly("gw-demo-01/bpm-1/85354-9/20261123101500#0042");
    }

    @Test
    void map_bpm200Reading_matchesGoldenJson() throws MappingException, IOException {
        List<Observation> observations = map(TestReadings.bpm200());

        GoldenFiles.assertMatchesGolden("observation-bp", observations.get(0));
        GoldenFiles.assertMatchesGolden("observation-heartrate", observations.get(1));
    }

    @Test
    void map_sameReadingTwice_givesIdenticalJson() throws MappingException {
        ObservationMapper other = new ObservationMapper(TestReadings.SETTINGS, UcumUnits.standard());
        List<Observation> again = other.map(TestReadings.bpm200Kpa(), TestReadings.BINDING,
                new Reference("Patient/p-1"), new Reference("Encounter/e-1"), new Reference("Device/d-1"));

        List<Observation> first = map(TestReadings.bpm200Kpa());
        for (int i = 0; i < first.size(); i++) {
            assertThat(GoldenFiles.json(again.get(i))).isEqualTo(GoldenFiles.json(first.get(i)));
        }
    }
}
