package org.smartclinic.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.List;

import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Observation.ObservationReferenceRangeComponent;
import org.hl7.fhir.r4.model.Observation.ObservationStatus;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.Test;
import org.smartclinic.drivers.Reading;
import org.smartclinic.fhir.internal.NameUuids;

/** Laboratory results: ranges, flags, statuses, panels, ordinal and unitless values, each validated by HAPI. */
class LabObservationMapperTest {

    private static final String INTERPRETATION = "http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation";

    private final ObservationMapper mapper = new ObservationMapper(TestReadings.SETTINGS, UcumUnits.standard());

    private List<Observation> map(Reading reading) throws MappingException {
        List<Observation> observations = mapper.map(reading, TestReadings.BINDING, new Reference("Patient/p-1"),
                new Reference("Encounter/e-1"), new Reference("Device/d-1"), new Reference("Specimen/s-1"));
        observations.forEach(FhirValidation::assertNoErrors);
        return observations;
    }

    private static List<String> codings(CodeableConcept concept) {
        return concept.getCoding().stream().map(c -> c.getSystem() + "|" + c.getCode()).toList();
    }

    private static void assertLimit(Quantity quantity, String value, String code) {
        assertThat(quantity.getValue()).isEqualTo(new BigDecimal(value));
        assertThat(quantity.getCode()).isEqualTo(code);
        assertThat(quantity.getSystem()).isEqualTo(UcumUnits.SYSTEM);
        assertThat(quantity.hasComparator()).as("a SimpleQuantity has no comparator").isFalse();
    }

    @Test
    void map_hba1cAboveRange_rangeInValueUnitAndHighInterpretation() throws MappingException {
        Observation hba1c = map(LabReadings.hba1c()).getFirst();

        assertThat(hba1c.getCategoryFirstRep().getCodingFirstRep().getCode()).isEqualTo("laboratory");
        assertThat(codings(hba1c.getCode())).containsExactly("http://loinc.org|4548-4",
                "urn:smartclinic:device-code:lp100|HBA1C");
        assertThat(hba1c.getValueQuantity().getValue()).isEqualTo(new BigDecimal("7.2"));
        ObservationReferenceRangeComponent range = hba1c.getReferenceRangeFirstRep();
        assertLimit(range.getLow(), "4.0", "%");
        assertLimit(range.getHigh(), "6.0", "%");
        assertThat(range.getText()).isEqualTo("4.0-6.0");
        assertThat(hba1c.getInterpretation()).singleElement()
                .satisfies(i -> assertThat(codings(i)).containsExactly(INTERPRETATION + "|H"));
        assertThat(hba1c.getStatus()).isEqualTo(ObservationStatus.FINAL);
        assertThat(hba1c.getSpecimen().getReference()).isEqualTo("Specimen/s-1");
        assertThat(hba1c.hasNote()).isFalse();
    }

    @Test
    void map_lipidPanel_groupingObservationLastWithHasMemberOfEachResult() throws MappingException {
        List<Observation> observations = map(LabReadings.lipidPanel());

        assertThat(observations).hasSize(6);
        Observation panel = observations.getLast();
        assertThat(codings(panel.getCode())).containsExactly("http://loinc.org|24331-1",
                "urn:smartclinic:device-code:lp100|LIPID");
        assertThat(panel.hasValue()).isFalse();
        assertThat(panel.getIdentifierFirstRep().getValue()).isEqualTo("gw-demo-01/lp-1/24331-1/LP100-0815#3");
        assertThat(panel.getCategoryFirstRep().getCodingFirstRep().getCode()).isEqualTo("laboratory");
        assertThat(panel.getStatus()).isEqualTo(ObservationStatus.FINAL);
        assertThat(panel.getSpecimen().getReference()).isEqualTo("Specimen/s-1");
        assertThat(panel.getEffectiveDateTimeType().getValueAsString())
                .isEqualTo(observations.getFirst().getEffectiveDateTimeType().getValueAsString());
        assertThat(panel.getHasMember()).extracting(Reference::getReference).containsExactlyElementsOf(observations
                .subList(0, 5).stream().map(o -> NameUuids.urnForIdentifier(o.getIdentifierFirstRep().getSystem(),
                        o.getIdentifierFirstRep().getValue())).toList());
    }

    @Test
    void map_lipidRatio_unitlessQuantityWithUnity() throws MappingException {
        Observation ratio = map(LabReadings.lipidPanel()).get(4);

        assertThat(ratio.getValueQuantity().getCode()).isEqualTo("1");
        assertThat(ratio.getValueQuantity().getSystem()).isEqualTo(UcumUnits.SYSTEM);
        assertLimit(ratio.getReferenceRangeFirstRep().getHigh(), "5", "1");
        assertThat(ratio.getReferenceRangeFirstRep().hasLow()).isFalse();
        assertThat(ratio.hasInterpretation()).isFalse();
    }

    @Test
    void identifiers_lipidPanel_includeThePanelLast() throws MappingException {
        List<String> identifiers = mapper.identifiers(LabReadings.lipidPanel(), TestReadings.BINDING).stream()
                .map(i -> i.getValue()).toList();

        assertThat(identifiers).containsExactlyElementsOf(map(LabReadings.lipidPanel()).stream()
                .map(o -> o.getIdentifierFirstRep().getValue()).toList());
        assertThat(identifiers.getLast()).isEqualTo("gw-demo-01/lp-1/24331-1/LP100-0815#3");
    }

    @Test
    void map_bloodCount_criticalFlagsAndRangeConvertedFromGramsPerLitre() throws MappingException {
        List<Observation> observations = map(LabReadings.bloodCount());

        assertThat(observations).hasSize(4);
        assertThat(codings(observations.get(0).getInterpretationFirstRep())).containsExactly(INTERPRETATION + "|LL");
        assertThat(codings(observations.get(2).getInterpretationFirstRep())).containsExactly(INTERPRETATION + "|HH");
        assertThat(observations.get(0).getValueQuantity().getUnit()).isEqualTo("10^3/uL");
        Observation hgb = observations.get(1);
        assertThat(hgb.getValueQuantity().getCode()).isEqualTo("g/dL");
        assertLimit(hgb.getReferenceRangeFirstRep().getLow(), "12.0", "g/dL");
        assertLimit(hgb.getReferenceRangeFirstRep().getHigh(), "16.0", "g/dL");
        assertThat(hgb.getReferenceRangeFirstRep().getText()).isEqualTo("120-160 g/L");
        assertThat(codings(observations.get(3).getCode())).containsExactly("http://loinc.org|58410-2",
                "urn:smartclinic:device-code:hx3|CBC");
        assertThat(observations.get(3).getHasMember()).hasSize(3);
    }

    @Test
    void map_urineStrip_ordinalsAsCodeableConceptsAndGravityKeepsItsPrecision() throws MappingException {
        List<Observation> observations = map(LabReadings.urineStrip());

        assertThat(codings(observations.get(0).getValueCodeableConcept()))
                .containsExactly("http://snomed.info/sct|260385009");
        assertThat(observations.get(0).getReferenceRangeFirstRep().getText()).isEqualTo("neg");
        assertThat(observations.get(0).getReferenceRangeFirstRep().hasLow()).isFalse();
        assertThat(codings(observations.get(1).getValueCodeableConcept()))
                .containsExactly("http://snomed.info/sct|260348001");
        assertThat(codings(observations.get(1).getInterpretationFirstRep())).containsExactly(INTERPRETATION + "|A");
        Observation gravity = observations.get(2);
        assertThat(gravity.getValueQuantity().getCode()).isEqualTo("1");
        assertThat(GoldenFiles.json(gravity)).contains("\"value\": 1.020,").contains("\"value\": 1.005,")
                .contains("\"value\": 1.030,");
    }

    @Test
    void map_correctedResult_statusCorrectedWithFlagAndNote() throws MappingException {
        Observation alt = map(LabReadings.chemistry()).get(0);

        assertThat(alt.getStatus()).isEqualTo(ObservationStatus.CORRECTED);
        assertThat(alt.getValueQuantity().getValue()).isEqualTo(new BigDecimal("52"));
        assertLimit(alt.getReferenceRangeFirstRep().getHigh(), "41", "U/L");
        assertThat(alt.getNote()).extracting(n -> n.getText()).containsExactly("corrected after re-run");
    }

    @Test
    void map_cancelledResult_noValueDataAbsentErrorAndTheAnalyzersTextInANote() throws MappingException {
        Observation crp = map(LabReadings.chemistry()).get(1);

        assertThat(crp.getStatus()).isEqualTo(ObservationStatus.CANCELLED);
        assertThat(crp.hasValue()).isFalse();
        assertThat(codings(crp.getDataAbsentReason()))
                .containsExactly("http://terminology.hl7.org/CodeSystem/data-absent-reason|error");
        assertThat(crp.getNote()).extracting(n -> n.getText()).containsExactly("sample clotted");
    }

    @Test
    void map_unknownAnalyzerCode_keptWithItsOwnCodeAndTheNote() throws MappingException {
        Observation unknown = map(LabReadings.chemistry()).get(2);

        assertThat(codings(unknown.getCode())).containsExactly("urn:smartclinic:device-code:ch200|XYZ");
        assertThat(unknown.getIdentifierFirstRep().getValue()).isEqualTo("gw-demo-01/ch-1/XYZ/LP100-0815#3");
        assertThat(unknown.getValueQuantity().getValue()).isEqualTo(new BigDecimal("3.1"));
        assertThat(unknown.getCategoryFirstRep().getCodingFirstRep().getCode()).isEqualTo("laboratory");
        assertThat(unknown.getNoteFirstRep().getText()).contains("not in the code table");
    }
}
