package org.smartclinic.fhir.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.smartclinic.drivers.Code;
import org.smartclinic.fhir.UcumUnits;
import org.smartclinic.fhir.internal.VitalSigns.VitalSign;

class VitalSignsTest {

    private static final VitalSigns SIGNS = VitalSigns.standard(UcumUnits.standard());

    @ParameterizedTest(name = "{0} -> {2} in {1}")
    @CsvSource({
            "8867-4, /min, heartrate", "59408-5, %, oxygensat", "2708-6, %, oxygensat", "8310-5, Cel, bodytemp",
            "29463-7, kg, bodyweight", "8302-2, cm, bodyheight", "39156-5, kg/m2, bmi", "9279-1, /min, resprate"})
    void find_vitalSign_givesProfileAndUnit(String loinc, String unit, String profile) {
        VitalSign sign = SIGNS.find(loinc).orElseThrow();

        assertThat(sign.unit()).isEqualTo(unit);
        assertThat(sign.profile()).isEqualTo("http://hl7.org/fhir/StructureDefinition/" + profile);
    }

    @Test
    void find_bloodPressure_isPanelRequiringSystolicAndDiastolic() {
        VitalSign bp = SIGNS.find("85354-9").orElseThrow();

        assertThat(bp.unit()).isNull();
        assertThat(bp.profile()).isEqualTo("http://hl7.org/fhir/StructureDefinition/bp");
        assertThat(bp.requiredComponents()).containsExactly("8480-6", "8462-4");
        for (String component : List.of("8480-6", "8462-4", "8478-0")) {
            assertThat(SIGNS.find(component).orElseThrow().unit()).isEqualTo("mm[Hg]");
        }
    }

    @Test
    void find_pulseOximetry_namesTheCodeTheProfileFixes() {
        assertThat(SIGNS.find("59408-5").orElseThrow().profileCode())
                .isEqualTo(new Code(Code.LOINC, "2708-6", "Oxygen saturation in Arterial blood"));
        assertThat(SIGNS.find("2708-6").orElseThrow().profileCode()).isNull();
    }

    @Test
    void find_labCode_isNoVitalSign() {
        assertThat(SIGNS.find("4548-4")).isEmpty();
    }
}
