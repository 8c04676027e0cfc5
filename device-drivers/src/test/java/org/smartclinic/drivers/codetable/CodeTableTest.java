package org.smartclinic.drivers.codetable;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringReader;

import org.junit.jupiter.api.Test;
import org.smartclinic.drivers.Code;
import org.smartclinic.drivers.instrument.bp.bpm200.Bpm200Protocol;

class CodeTableTest {

    private static final String HEADER = CodeTable.HEADER + "\n";

    @Test
    void load_bpm200Table_givesLoincThenMdcForEveryDeviceCode() {
        CodeTable table = CodeTable.load(Bpm200Protocol.class, "bpm200-codes.csv");

        assertThat(table.deviceCodes()).containsExactly("BP", "SYS", "DIA", "MAP", "PR");
        assertThat(table.codes("BP")).containsExactly(
                new Code(Code.LOINC, "85354-9", "Blood pressure panel with all children optional"),
                new Code(Code.MDC, "150020", "MDC_PRESS_BLD_NONINV"));
        assertThat(table.codes("SYS")).containsExactly(new Code(Code.LOINC, "8480-6", "Systolic blood pressure"),
                new Code(Code.MDC, "150021", "MDC_PRESS_BLD_NONINV_SYS"));
        assertThat(table.codes("DIA")).containsExactly(new Code(Code.LOINC, "8462-4", "Diastolic blood pressure"),
                new Code(Code.MDC, "150022", "MDC_PRESS_BLD_NONINV_DIA"));
        assertThat(table.codes("MAP")).containsExactly(new Code(Code.LOINC, "8478-0", "Mean blood pressure"),
                new Code(Code.MDC, "150023", "MDC_PRESS_BLD_NONINV_MEAN"));
        assertThat(table.codes("PR")).containsExactly(new Code(Code.LOINC, "8867-4", "Heart rate"),
                new Code(Code.MDC, "149546", "MDC_PULS_RATE_NON_INV"));
    }

    @Test
    void parse_commentsBlankLinesAndSpaces_ignored() {
        CodeTable table = parse("# a comment\n\n  " + CodeTable.HEADER + "\n# another\n"
                + " HR , 8867-4 , Heart rate , 149546 , MDC_PULS_RATE_NON_INV \n\n");

        assertThat(table.codes("HR")).containsExactly(new Code(Code.LOINC, "8867-4", "Heart rate"),
                new Code(Code.MDC, "149546", "MDC_PULS_RATE_NON_INV"));
    }

    @Test
    void parse_quotedDisplayWithCommaAndQuote_kept() {
        CodeTable table = parse(HEADER + "X, 718-7 ,\"Hemoglobin, \"\"total\"\"\",,\n");

        assertThat(table.codes("X")).containsExactly(new Code(Code.LOINC, "718-7", "Hemoglobin, \"total\""));
    }

    @Test
    void parse_rowsWithOnlyOneSystemOrNone_giveThoseCodes() {
        CodeTable table = parse(HEADER + "A,718-7,Hemoglobin,,\nB,,,150456,MDC_PULS_OXIM_SAT_O2\nC,,,,\n");

        assertThat(table.codes("A")).extracting(Code::system).containsExactly(Code.LOINC);
        assertThat(table.codes("B")).extracting(Code::system).containsExactly(Code.MDC);
        assertThat(table.contains("C")).isTrue();
        assertThat(table.codes("C")).isEmpty();
    }

    @Test
    void codes_unknownDeviceCode_emptyList() {
        CodeTable table = parse(HEADER);

        assertThat(table.contains("NOPE")).isFalse();
        assertThat(table.codes("NOPE")).isEmpty();
    }

    @Test
    void parse_missingHeader_failsNamingTheLine() {
        assertThatThrownBy(() -> parse("# table\nSYS,8480-6,Systolic blood pressure,150021,MDC_X\n"))
                .isInstanceOf(CodeTableException.class)
                .hasMessageStartingWith("test.csv line 2: expected the header");
    }

    @Test
    void parse_emptyTable_fails() {
        assertThatThrownBy(() -> parse("# nothing\n")).isInstanceOf(CodeTableException.class)
                .hasMessageContaining("empty code table");
    }

    @Test
    void parse_wrongFieldCount_failsWithLineNumber() {
        assertThatThrownBy(() -> parse(HEADER + "SYS,8480-6,Systolic blood pressure,150021\n"))
                .isInstanceOf(CodeTableException.class)
                .hasMessage("test.csv line 2: expected 5 fields (" + CodeTable.HEADER + "), got 4");
    }

    @Test
    void parse_duplicateDeviceCode_fails() {
        assertThatThrownBy(() -> parse(HEADER + "A,,,,\nA,,,,\n")).isInstanceOf(CodeTableException.class)
                .hasMessage("test.csv line 3: device code 'A' is listed twice");
    }

    @Test
    void parse_emptyDeviceCode_fails() {
        assertThatThrownBy(() -> parse(HEADER + ",8480-6,Systolic blood pressure,,\n"))
                .isInstanceOf(CodeTableException.class).hasMessageContaining("device_code is empty");
    }

    @Test
    void parse_loincWithWrongCheckDigit_failsNamingTheRightOne() {
        assertThatThrownBy(() -> parse(HEADER + "SYS,8480-7,Systolic blood pressure,,\n"))
                .isInstanceOf(CodeTableException.class)
                .hasMessage("test.csv line 2: LOINC code '8480-7' fails its check digit (expected 8480-6)");
    }

    @Test
    void parse_loincNotCodeShaped_fails() {
        assertThatThrownBy(() -> parse(HEADER + "SYS,84806,Systolic blood pressure,,\n"))
                .isInstanceOf(CodeTableException.class).hasMessageContaining("is not digits-checkdigit");
    }

    @Test
    void parse_loincWithoutDisplay_fails() {
        assertThatThrownBy(() -> parse(HEADER + "SYS,8480-6,,,\n")).isInstanceOf(CodeTableException.class)
                .hasMessageContaining("has no loinc_display");
    }

    @Test
    void parse_displayWithoutLoinc_fails() {
        assertThatThrownBy(() -> parse(HEADER + "SYS,,Systolic blood pressure,,\n"))
                .isInstanceOf(CodeTableException.class).hasMessageContaining("LOINC code ''");
    }

    @Test
    void parse_nonNumericMdc_fails() {
        assertThatThrownBy(() -> parse(HEADER + "SYS,,,15002l,MDC_PRESS_BLD_NONINV_SYS\n"))
                .isInstanceOf(CodeTableException.class)
                .hasMessage("test.csv line 2: MDC code '15002l' is not a 32-bit context-free code");
    }

    @Test
    void parse_mdcWithoutReferenceId_fails() {
        assertThatThrownBy(() -> parse(HEADER + "SYS,,,150021,Systolic\n")).isInstanceOf(CodeTableException.class)
                .hasMessageContaining("needs a reference id MDC_..., got 'Systolic'");
    }

    @Test
    void parse_unclosedQuote_fails() {
        assertThatThrownBy(() -> parse(HEADER + "A,718-7,\"Hemoglobin,,\n")).isInstanceOf(CodeTableException.class)
                .hasMessageContaining("is not closed");
    }

    @Test
    void load_missingResource_failsNamingIt() {
        assertThatThrownBy(() -> CodeTable.load(CodeTableTest.class, "nope.csv"))
                .isInstanceOf(CodeTableException.class)
                .hasMessage("code table 'nope.csv' not found next to " + CodeTableTest.class.getName());
    }

    @Test
    void requireAll_missingDeviceCode_failsNamingIt() {
        CodeTable table = parse(HEADER + "A,,,,\n");

        assertThat(table.requireAll("A")).isSameAs(table);
        assertThatThrownBy(() -> table.requireAll("A", "B", "C")).isInstanceOf(CodeTableException.class)
                .hasMessage("test.csv: no row for device code(s) [B, C]");
    }

    private static CodeTable parse(String text) {
        return CodeTable.parse("test.csv", new StringReader(text));
    }
}
