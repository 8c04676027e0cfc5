package org.smartclinic.fhir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.math.BigDecimal;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.smartclinic.fhir.MappingException.Reason;

class UcumUnitsTest {

    private static final UcumUnits UNITS = UcumUnits.standard();

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = ';', value = {
            "mmHg;mm[Hg]", "mm[Hg];mm[Hg]", "kPa;kPa", "bpm;/min", "/min;/min", "degC;Cel", "°C;Cel", "%;%",
            "kg;kg", "cm;cm", "kg/m2;kg/m2", "mmol/L;mmol/L", "mg/dL;mg/dL", "g/dL;g/dL", "g/L;g/L",
            "10*9/L;10*9/L", "10^9/L;10*9/L", "10*12/L;10*12/L", "fL;fL", "pg;pg", "s;s", "L;L", "L/s;L/s",
            "L/min;L/min", "µmol/L;umol/L", "10*3/uL;10*3/uL", "10*6/uL;10*6/uL", "mg/mmol;mg/mmol", "U/L;U/L",
            "mmol/mol;mmol/mol", "mg/L;mg/L"})
    void ucumCode_deviceAlias_givesUcumCode(String deviceUnit, String ucum) throws MappingException {
        assertThat(UNITS.ucumCode(deviceUnit)).isEqualTo(ucum);
    }

    @Test
    void standard_everyAliasAndDisplay_isValidUcumForTheLibrary() throws MappingException {
        assertThat(UNITS.deviceUnits()).hasSizeGreaterThan(40);
        for (String unit : UNITS.deviceUnits()) {
            assertThat(UNITS.isValid(UNITS.ucumCode(unit))).as("UCUM code of alias %s", unit).isTrue();
        }
        assertThat(UNITS.isValid("mmHg")).as("mmHg is not UCUM").isFalse();
        assertThat(UNITS.isValid("bpm")).as("bpm is not UCUM").isFalse();
    }

    @Test
    void quantity_emptyUnit_isUnitlessUcumOneKeepingThePrecision() throws MappingException {
        UcumQuantity gravity = UNITS.quantity(new BigDecimal("1.020"), "");

        assertThat(gravity.code()).isEqualTo("1");
        assertThat(gravity.value().toPlainString()).isEqualTo("1.020");
        assertThat(UNITS.normalize(new BigDecimal("5"), "", "1").code()).isEqualTo("1");
    }

    @Test
    void ucumCode_unknownUnit_throwsNamingUnitAndTable() {
        MappingException e = catchThrowableOfType(MappingException.class, () -> UNITS.ucumCode("mmHG"));

        assertThat(e.reason()).isEqualTo(Reason.UNKNOWN_UNIT);
        assertThat(e.getMessage()).contains("'mmHG'").contains("mmHG | <UCUM code>").contains(UcumUnits.ALIAS_TABLE);
    }

    @Test
    void ucumCode_validUcumThatIsNoAlias_isRefusedNotGuessed() {
        // "C" parses as UCUM (coulomb) but a thermometer sending "C" means Celsius: only listed spellings pass
        assertThat(UNITS.isValid("C")).isTrue();
        assertThatThrownBy(() -> UNITS.ucumCode("C")).isInstanceOf(MappingException.class)
                .extracting(e -> ((MappingException) e).reason()).isEqualTo(Reason.UNKNOWN_UNIT);
    }

    @Test
    void of_aliasToInvalidUcum_failsFastNamingEveryBadEntry() {
        assertThatThrownBy(() -> UcumUnits.of(Map.of("mmHg", "mmHg", "kPa", "kPa", "bpm", "beats"), Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("alias 'mmHg' -> 'mmHg'")
                .hasMessageContaining("alias 'bpm' -> 'beats'")
                .hasMessageNotContaining("'kPa'");
    }

    @Test
    void of_displayOfInvalidUcum_failsFast() {
        assertThatThrownBy(() -> UcumUnits.of(Map.of("kPa", "kPa"), Map.of("mmHg", "mmHg")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("display of 'mmHg'");
    }

    @ParameterizedTest(name = "{0} {1} -> {2} {3}")
    @CsvSource({
            "17.1, kPa, mm[Hg], 128",
            "10.9, kPa, mm[Hg], 82",
            "12.0, kPa, mm[Hg], 90",
            "9.9, kPa, mm[Hg], 74",
            "10.1, kPa, mm[Hg], 76",
            "17.10, kPa, mm[Hg], 128.3",
            "0.0, kPa, mm[Hg], 0",
            "128, mmHg, kPa, 17.1",
            "82, mmHg, kPa, 10.9",
            "154.3, lb, kg, 70.0",
            "14.2, g/dL, g/L, 142",
            "98, %, 1, 0.98",
            "7.5, 10*9/L, /L, 7500000000"})
    void normalize_convertibleUnits_keepsInputResolution(String value, String unit, String target, String expected)
            throws MappingException {
        UcumQuantity result = UNITS.normalize(new BigDecimal(value), unit, target);

        assertThat(result.value()).isEqualTo(new BigDecimal(expected)); // scale included: 90 is not 90.0
        assertThat(result.code()).isEqualTo(target);
    }

    @Test
    void normalize_unitAlreadyTarget_returnsValueUnchanged() throws MappingException {
        assertThat(UNITS.normalize(new BigDecimal("128"), "mmHg", "mm[Hg]"))
                .isEqualTo(new UcumQuantity(new BigDecimal("128"), "mm[Hg]", "mmHg"));
        assertThat(UNITS.normalize(new BigDecimal("36.60"), "°C", "Cel"))
                .isEqualTo(new UcumQuantity(new BigDecimal("36.60"), "Cel", "°C"));
    }

    @Test
    void normalize_incomparableUnits_throwsUnconvertibleWithBothUnits() {
        MappingException e = catchThrowableOfType(MappingException.class,
                () -> UNITS.normalize(BigDecimal.TEN, "bpm", "mm[Hg]"));

        assertThat(e.reason()).isEqualTo(Reason.UNCONVERTIBLE_UNIT);
        assertThat(e.getMessage()).contains("'bpm'").contains("/min").contains("mm[Hg]");
    }

    @Test
    void normalize_specialUnits_refusedRatherThanScaled() {
        // Cel and [pH] have offsets or logarithms: a factor would be wrong, so the conversion is refused
        assertThatThrownBy(() -> UNITS.normalize(new BigDecimal("98.6"), "degF", "Cel"))
                .isInstanceOf(MappingException.class).hasMessageContaining("special unit");
        assertThatThrownBy(() -> UNITS.normalize(new BigDecimal("37.0"), "Cel", "K"))
                .isInstanceOf(MappingException.class).hasMessageContaining("special unit");
    }

    @Test
    void normalize_invalidTarget_throwsIllegalArgument() {
        assertThatThrownBy(() -> UNITS.normalize(BigDecimal.ONE, "kPa", "mmHg"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'mmHg'");
    }

    @Test
    void normalize_samePairManyTimes_asksLibraryOncePerPair() throws MappingException {
        UcumUnits units = UcumUnits.standard();
        for (int i = 0; i < 1000; i++) {
            units.normalize(new BigDecimal("17.1"), "kPa", "mm[Hg]");
        }
        assertThat(units.libraryConversions()).isEqualTo(1);

        units.normalize(new BigDecimal("128"), "mmHg", "kPa");
        units.normalize(new BigDecimal("71"), "bpm", "/min"); // same unit: no library call at all
        assertThat(units.libraryConversions()).isEqualTo(2);
    }

    @Test
    void normalize_failingPairTwice_asksLibraryOnce() {
        UcumUnits units = UcumUnits.standard();
        for (int i = 0; i < 2; i++) {
            assertThatThrownBy(() -> units.normalize(BigDecimal.ONE, "bpm", "mm[Hg]"))
                    .isInstanceOf(MappingException.class);
        }
        assertThat(units.libraryConversions()).isEqualTo(1);
    }

    @ParameterizedTest(name = "{0} shows as {1}")
    @CsvSource(delimiter = ';', value = {"mm[Hg];mmHg", "Cel;°C", "/min;/min", "kPa;kPa", "10*9/L;10^9/L", "%;%"})
    void display_ucumCode_givesUnitForPeople(String code, String display) {
        assertThat(UNITS.display(code)).isEqualTo(display);
    }

    @Test
    void quantity_deviceUnit_keepsValueAndGivesUcum() throws MappingException {
        assertThat(UNITS.quantity(new BigDecimal("5.4"), "mmol/l"))
                .isEqualTo(new UcumQuantity(new BigDecimal("5.4"), "mmol/L", "mmol/L"));
    }
}
