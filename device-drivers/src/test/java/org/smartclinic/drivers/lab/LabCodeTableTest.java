package org.smartclinic.drivers.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.smartclinic.drivers.Code;
import org.smartclinic.drivers.instrument.lab.ch200.Ch200DriverFactory;
import org.smartclinic.drivers.instrument.lab.hx3.Hx3DriverFactory;
import org.smartclinic.drivers.instrument.lab.lp100.Lp100DriverFactory;
import org.smartclinic.drivers.instrument.lab.us10.Us10DriverFactory;

class LabCodeTableTest {

    private static final String MINIMAL = "[tests]\nGLU | 14749-6 | Glucose | mmol/L | mmol/L | quantity\n";

    @Test
    void load_bundledTables_allRowsValid() {
        assertThat(new Lp100DriverFactory().codeTable().testCount()).isEqualTo(11);
        assertThat(new Hx3DriverFactory().codeTable().testCount()).isEqualTo(20);
        assertThat(new Ch200DriverFactory().codeTable().testCount()).isEqualTo(14);
        assertThat(new Us10DriverFactory().codeTable().testCount()).isEqualTo(12);
    }

    @Test
    void load_exampleGenericTable_valid() {
        LabCodeTable table = LabCodeTable.load(Path.of("../deploy/lab/example-lis2.codes"));
        assertThat(table.test("GLU")).isPresent();
    }

    @Test
    void parse_fullTable_lookups() {
        LabCodeTable t = LabCodeTable.parse("t", """
                # comment
                [settings]
                trim-values = true
                [tests]
                HBA1C | 4548-4 | HbA1c | % | % | quantity
                MID#  | -      | Mid cells | 10^3/uL | 10*3/uL | quantity
                KET   | 2514-8 | Ketones | - | - | ordinal
                [flags]
                H | H
                [ordinals]
                Neg | 260385009 | Negative
                [panels]
                LIPID | 24331-1 | Lipid panel
                """);
        assertThat(t.test("HBA1C").orElseThrow().loinc()).isEqualTo(new Code(Code.LOINC, "4548-4", "HbA1c"));
        assertThat(t.test("MID#").orElseThrow().loinc()).isNull();
        assertThat(t.test("KET").orElseThrow().analyzerUnit()).isEmpty();
        assertThat(t.interpretation("H").orElseThrow().code()).isEqualTo("H");
        assertThat(t.ordinal("NEG").orElseThrow().code()).isEqualTo("260385009");
        assertThat(t.ordinal(" neg")).isEmpty();
        assertThat(t.panel("LIPID").orElseThrow().code()).isEqualTo("24331-1");
        assertThat(t.setting(LabSetting.TRIM_VALUES)).contains("true");
        assertThat(t.setting(LabSetting.LOWER_CASE_CHECKSUM)).isEmpty();
    }

    @Test
    void parse_badLoincCheckDigit_failsWithLine() {
        assertThatThrownBy(() -> LabCodeTable.parse("x.codes", "[tests]\n\nGLU | 14749-5 | G | - | - | quantity\n"))
                .isInstanceOf(LabCodeTableException.class)
                .hasMessage("x.codes line 3: '14749-5' is not a LOINC code with a valid check digit");
    }

    @Test
    void parse_errors_nameFileAndLine() {
        assertError("GLU | 1 | 2\n", "x line 1: a row before any section");
        assertError("[test]\n", "x line 1: unknown section [test]");
        assertError("[tests]\nGLU | 14749-6 | G | - | -\n", "x line 2: expected 6 cells");
        assertError("[tests]\nGLU | 14749-6 | G | - | - | number\n", "x line 2: kind must be quantity");
        assertError(MINIMAL + MINIMAL.substring(8), "x line 3: test code GLU given twice");
        assertError("[settings]\nfoo = 1\n" + MINIMAL, "x line 2: unknown setting 'foo'");
        assertError("[settings]\ntrim-values = yes\n", "x line 2: trim-values must be true or false");
        assertError("[settings]\nmax-text-length = 100\n", "x line 2: max-text-length must be a whole number");
        assertError(MINIMAL + "[flags]\nH | HIGH\n", "x line 4: 'HIGH' is not an ObservationInterpretation");
        assertError(MINIMAL + "[ordinals]\nneg | 12 | Negative\n", "x line 4: '12' is not a SNOMED CT");
        assertError(MINIMAL + "[panels]\nCBC | - | CBC\n", "x line 4: LOINC panel code is empty");
        assertError("[settings]\n", "x: no [tests] rows");
        assertError("[tests]\n" + "x".repeat(1001), "x line 2: line longer than 1000");
    }

    @Test
    void load_missingFile_namesIt(@TempDir Path dir) {
        Path missing = dir.resolve("none.codes");
        assertThatThrownBy(() -> LabCodeTable.load(missing)).isInstanceOf(LabCodeTableException.class)
                .hasMessageContaining(missing + ": code table file not found");
    }

    @Test
    void load_notUtf8_refused(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("latin1.codes");
        Files.write(file, new byte[] {'[', 't', 'e', 's', 't', 's', ']', '\n', (byte) 0xE9, '\n'});
        assertThatThrownBy(() -> LabCodeTable.load(file)).hasMessageContaining("not UTF-8 text");
    }

    @Test
    void loincCheckDigit_knownCodes() {
        assertThat(LoincCheckDigit.valid("4548-4")).isTrue();
        assertThat(LoincCheckDigit.valid("57021-8")).isTrue();
        assertThat(LoincCheckDigit.valid("718-7")).isTrue();
        assertThat(LoincCheckDigit.valid("718-6")).isFalse();
        assertThat(LoincCheckDigit.valid("12345678-0")).isFalse();
        assertThat(LoincCheckDigit.valid("-1")).isFalse();
        assertThat(LoincCheckDigit.valid("71a-7")).isFalse();
    }

    private static void assertError(String text, String start) {
        assertThatThrownBy(() -> LabCodeTable.parse("x", text)).isInstanceOf(LabCodeTableException.class)
                .hasMessageStartingWith(start);
    }
}
