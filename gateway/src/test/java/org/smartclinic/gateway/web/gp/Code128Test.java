package org.smartclinic.gateway.web.gp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

class Code128Test {

    @Test
    void table_everySymbolIs11ModulesWithEvenBars_andAllDiffer() {
        assertThat(Code128.WIDTHS).hasSize(107);
        Set<String> seen = new HashSet<>();
        for (int v = 0; v < 106; v++) {
            String w = Code128.WIDTHS[v];
            assertThat(w).as("symbol %d", v).hasSize(6);
            assertThat(w.chars().map(c -> c - '0').sum()).as("modules of symbol %d", v).isEqualTo(11);
            int bars = (w.charAt(0) - '0') + (w.charAt(2) - '0') + (w.charAt(4) - '0');
            assertThat(bars % 2).as("bar parity of symbol %d", v).isZero();
            assertThat(seen.add(w)).as("symbol %d is unique", v).isTrue();
        }
        assertThat(Code128.WIDTHS[106].chars().map(c -> c - '0').sum()).isEqualTo(13);
    }

    @Test
    void symbols_wikipediaInSetB_checkSymbol88() {
        assertThat(Code128.symbols("Wikipedia"))
                .containsExactly(104, 55, 73, 75, 73, 80, 69, 68, 73, 65, 88, 106);
    }

    @Test
    void symbols_evenDigits_packedTwoPerSymbolInSetC() {
        assertThat(Code128.symbols("1234")).containsExactly(105, 12, 34, 82, 106);
        assertThat(Code128.symbols("1234567890")).containsExactly(105, 12, 34, 56, 78, 90, 85, 106);
    }

    @Test
    void symbols_lettersThenOddDigitRun_firstDigitInBThenCodeC() {
        assertThat(Code128.symbols("AB1234567")).containsExactly(104, 33, 34, 17, 99, 23, 45, 67, 64, 106);
    }

    @Test
    void symbols_shortDigitRunInTheMiddle_staysInB() {
        // 4 digits in the middle do not pay for two switches.
        List<Integer> s = Code128.symbols("X1234Y");
        assertThat(s.subList(0, 7)).containsExactly(104, 56, 17, 18, 19, 20, 57);
        assertThat(s).doesNotContain(99);
    }

    @Test
    void modules_1234_matchTheSpecsPatterns() {
        assertThat(Code128.modules("1234")).isEqualTo("11010011100" // start C
                + "10110011100" // 12
                + "10001011000" // 34
                + "10010011110" // check 82 (widths 121241)
                + "1100011101011"); // stop
    }

    @Test
    void symbols_badText_refused() {
        assertThatThrownBy(() -> Code128.symbols("")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Code128.symbols("abc\u0002")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Code128.symbols("Ж")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Code128.symbols("1".repeat(65))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void svg_oneRectPerBar_viewBoxIsTheSymbolWithQuietZones() {
        String svg = BarcodeSvg.svg("1234567890", 50, "Sample <1234567890>");
        int bars = (Code128.widths("1234567890").length + 1) / 2;
        // 8 symbols of 11 modules, the stop 13 wide, 10 quiet modules each side.
        assertThat(svg).contains("viewBox=\"0 0 " + (7 * 11 + 13 + 20) + " 50\"")
                .contains("aria-label=\"Sample &lt;1234567890&gt;\"");
        assertThat(svg.split("<rect x=", -1)).hasSize(bars + 1);
        assertThat(svg).startsWith("<svg").endsWith("</svg>").contains("<rect x=\"10\" width=\"2\"");
    }
}
