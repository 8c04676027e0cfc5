package org.smartclinic.fhir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.smartclinic.fhir.TestReadings.device;
import static org.smartclinic.fhir.TestReadings.loinc;
import static org.smartclinic.fhir.TestReadings.mdc;
import static org.smartclinic.fhir.TestReadings.quantity;

import java.util.List;

import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.Test;
import org.smartclinic.drivers.Measurement;
import org.smartclinic.drivers.Reading;
import org.smartclinic.drivers.Value;
import org.smartclinic.drivers.Waveform;
import org.smartclinic.fhir.MappingException.Reason;

/** Readings the mapper must refuse as a whole, with a message a person can act on. */
class ObservationMapperRefusalsTest {

    private final ObservationMapper mapper = new ObservationMapper(TestReadings.SETTINGS, UcumUnits.standard());

    private MappingException failure(Reading reading) {
        return catchThrowableOfType(MappingException.class, () -> mapper.map(reading, TestReadings.BINDING,
                new Reference("Patient/p-1"), new Reference("Encounter/e-1"), new Reference("Device/d-1")));
    }

    private MappingException failure(Measurement... measurements) {
        return failure(TestReadings.reading(TestReadings.DEVICE_TIME, List.of(measurements)));
    }

    @Test
    void map_waveformWithOnlyADeviceCode_throwsNoStandardCode() {
        Waveform pleth = new Waveform(device("PLETH", ""), "1", 8.0, 1.0, new int[] {1, 2});
        Reading reading = new Reading(TestReadings.DEVICE_ID, TestReadings.KEY, null, TestReadings.RECEIVED_AT,
                List.of(TestReadings.pulse("71")), pleth, null, null);

        MappingException e = failure(reading);

        assertThat(e.reason()).isEqualTo(Reason.NO_STANDARD_CODE);
        assertThat(e.getMessage()).contains("bpm-1").contains("PLETH");
    }

    @Test
    void map_unknownUnit_throwsNamingDeviceReadingCodeAndUnit() {
        MappingException e = failure(TestReadings.bpPanel("128", "82", null, "mmHG"));

        assertThat(e.reason()).isEqualTo(Reason.UNKNOWN_UNIT);
        assertThat(e.getMessage())
                .startsWith("device bpm-1, reading 20261123101500#0042, result urn:smartclinic:device-code:bpm200|BP:"
                        + " component urn:smartclinic:device-code:bpm200|SYS: unknown unit 'mmHG'")
                .contains("ucum-aliases.txt");
    }

    @Test
    void map_resultWithoutLoinc_throwsNamingTheDeviceCode() {
        MappingException e = failure(Measurement.of(device("GLU", "Glucose"), List.of(mdc("160184", "")),
                quantity("5.4", "mmol/L")));

        assertThat(e.reason()).isEqualTo(Reason.NO_STANDARD_CODE);
        assertThat(e.getMessage()).contains("device bpm-1").contains("urn:smartclinic:device-code:bpm200|GLU")
                .contains("no LOINC coding").contains("code table");
    }

    @Test
    void map_resultTheCodeTableGivesNoStandardCoding_keptWithItsDeviceCodeOnly() throws MappingException {
        Measurement pefPredicted = Measurement.of(device("PEF%PRED", "PEF % predicted"), List.of(),
                quantity("91", "%"));

        Observation o = new ObservationMapper(TestReadings.SETTINGS, UcumUnits.standard()).map(
                TestReadings.reading(TestReadings.DEVICE_TIME, List.of(pefPredicted)), TestReadings.BINDING,
                new Reference("Patient/1"), new Reference("Encounter/1"), new Reference("Device/1")).getFirst();

        assertThat(o.getCode().getCoding()).singleElement().satisfies(c -> {
            assertThat(c.getSystem()).isEqualTo("urn:smartclinic:device-code:bpm200");
            assertThat(c.getCode()).isEqualTo("PEF%PRED");
        });
        assertThat(o.getIdentifierFirstRep().getValue()).endsWith("/PEF%PRED/" + TestReadings.KEY);
        assertThat(o.getValueQuantity().getCode()).isEqualTo("%");
        FhirValidation.assertNoErrors(o);
    }

    @Test
    void map_componentWithoutLoinc_throwsForTheWholeReading() {
        Measurement panel = Measurement.panel(device("BP", ""), List.of(loinc("85354-9", "")), List.of(
                Measurement.of(device("SYS", ""), List.of(mdc("150021", "")), quantity("128", "mmHg")),
                Measurement.of(device("DIA", ""), List.of(loinc("8462-4", "")), quantity("82", "mmHg"))));

        MappingException e = failure(panel, TestReadings.pulse("71"));

        assertThat(e.reason()).isEqualTo(Reason.NO_STANDARD_CODE);
        assertThat(e.getMessage()).contains("component urn:smartclinic:device-code:bpm200|SYS");
    }

    @Test
    void map_pulseInMmHg_throwsUnconvertible() {
        Measurement pulse = Measurement.of(device("PR", ""), List.of(loinc("8867-4", "")), quantity("71", "mmHg"));

        MappingException e = failure(pulse);

        assertThat(e.reason()).isEqualTo(Reason.UNCONVERTIBLE_UNIT);
        assertThat(e.getMessage()).contains("'mmHg'").contains("/min");
    }

    @Test
    void map_textForAVitalSign_throwsWrongValueType() {
        Measurement pulse = Measurement.of(device("PR", ""), List.of(loinc("8867-4", "")), new Value.Text("high"));

        assertThat(failure(pulse).reason()).isEqualTo(Reason.WRONG_VALUE_TYPE);
    }

    @Test
    void map_bloodPressureWithoutDiastolic_throwsIncompletePanel() {
        Measurement panel = Measurement.panel(device("BP", ""), List.of(loinc("85354-9", "")), List.of(
                Measurement.of(device("SYS", ""), List.of(loinc("8480-6", "")), quantity("128", "mmHg")),
                Measurement.of(device("MAP", ""), List.of(loinc("8478-0", "")), quantity("97", "mmHg"))));

        MappingException e = failure(panel);

        assertThat(e.reason()).isEqualTo(Reason.INCOMPLETE_PANEL);
        assertThat(e.getMessage()).contains("[8462-4]").contains("bp");
    }

    @Test
    void map_nestedPanel_throwsUnsupportedStructure() {
        Measurement inner = TestReadings.bpPanel("128", "82", null, "mmHg");
        Measurement outer = Measurement.panel(device("ALL", ""), List.of(loinc("34566-0", "Vital signs panel")),
                List.of(inner));

        assertThat(failure(outer).reason()).isEqualTo(Reason.UNSUPPORTED_STRUCTURE);
    }

    @Test
    void map_twoResultsWithTheSameLoinc_throwsDuplicateInsteadOfLosingOne() {
        MappingException e = failure(TestReadings.pulse("71"), TestReadings.pulse("72"));

        assertThat(e.reason()).isEqualTo(Reason.DUPLICATE_RESULT);
        assertThat(e.getMessage()).contains("gw-demo-01/bpm-1/8867-4/20261123101500#0042");
    }

    @Test
    void identifiers_resultWithoutLoincOrWaveformWithoutStandardCode_refusedLikeTheMapping() {
        Measurement glucose = Measurement.of(device("GLU", "Glucose"), List.of(mdc("160184", "")),
                quantity("5.4", "mmol/L"));
        Reading noLoinc = TestReadings.reading(TestReadings.DEVICE_TIME, List.of(glucose));
        Reading pleth = new Reading(TestReadings.DEVICE_ID, TestReadings.KEY, null, TestReadings.RECEIVED_AT,
                List.of(), new Waveform(device("PLETH", ""), "1", 8.0, 1.0, new int[] {1, 2}), null, null);

        for (Reading reading : List.of(noLoinc, pleth)) {
            MappingException e = catchThrowableOfType(MappingException.class,
                    () -> mapper.identifiers(reading, TestReadings.BINDING));
            assertThat(e.reason()).isEqualTo(Reason.NO_STANDARD_CODE);
            assertThat(e.getMessage()).isEqualTo(failure(reading).getMessage());
        }
    }

    @Test
    void identifiers_twoResultsWithTheSameCode_refusedAsDuplicate() {
        Reading twice = TestReadings.reading(TestReadings.DEVICE_TIME,
                List.of(TestReadings.pulse("71"), TestReadings.pulse("72")));

        MappingException e = catchThrowableOfType(MappingException.class,
                () -> mapper.identifiers(twice, TestReadings.BINDING));

        assertThat(e.reason()).isEqualTo(Reason.DUPLICATE_RESULT);
    }
}
