package org.smartclinic.simulator.device.lab.el30;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.smartclinic.drivers.instrument.lab.el30.El30Protocol;

class El30ReportsTest {

    private static final LocalDateTime TIME = LocalDateTime.of(2026, 11, 23, 10, 15, 0);

    @Test
    void lines_sampleWithIdAndPatient_headerDateIdsThenOneLinePerResult() {
        El30Twin.Sample sample = new El30Twin.Sample("1234567897", "P-1",
                El30Reports.electrolytes(new BigDecimal("141.2"), new BigDecimal("5.8"), new BigDecimal("97")));

        assertThat(El30Reports.lines("30A1234", TIME, sample)).containsExactly(
                "EL-30 S/N 30A1234",
                "DATE 2026-11-23 10:15:00",
                "SAMPLE 1234567897",
                "PATIENT P-1",
                "Na   141.2 mmol/L (136.0-145.0)",
                "K      5.8 mmol/L (3.5-5.1) H",
                "Cl    97.0 mmol/L (98.0-107.0) L");
    }

    @Test
    void lines_noSampleId_noSampleOrPatientLine() {
        El30Twin.Sample sample = El30Twin.Sample.electrolytes(null, new BigDecimal("140"), new BigDecimal("4"),
                new BigDecimal("100"));

        assertThat(El30Reports.lines("S1", TIME, sample)).hasSize(5).noneMatch(l -> l.startsWith("SAMPLE"))
                .noneMatch(l -> l.startsWith("PATIENT"));
    }

    @Test
    void flagged_limitsAreInsideTheRangeAndRoundedToOneDecimalFirst() {
        assertThat(El30Reports.flagged("Na", new BigDecimal("145.0")).flag()).isEmpty();
        assertThat(El30Reports.flagged("Na", new BigDecimal("145.04")).flag()).isEmpty();
        assertThat(El30Reports.flagged("Na", new BigDecimal("145.05")).flag()).isEqualTo("H");
        assertThat(El30Reports.flagged("K", new BigDecimal("3.5")).flag()).isEmpty();
        assertThat(El30Reports.flagged("K", new BigDecimal("3.4")).flag()).isEqualTo("L");
        assertThatThrownBy(() -> El30Reports.flagged("Li", BigDecimal.ONE))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void report_builtLines_framedWithTheChecksumTheProtocolDefines() {
        byte[] report = El30Protocol.report(El30Reports.lines("30A1234", TIME, El30Twin.Sample.electrolytes(
                "1234567897", new BigDecimal("141.2"), new BigDecimal("4.1"), new BigDecimal("101.0"))));

        String text = new String(report, StandardCharsets.US_ASCII);
        int etx = text.indexOf('\u0003');
        int sum = 0;
        for (int i = 1; i <= etx; i++) {
            sum += report[i] & 0xFF;
        }
        assertThat(text).startsWith("\u0002EL-30 S/N 30A1234\r\n").endsWith(String.format("%02X\r\n", sum & 0xFF));
        assertThat(report.length).isEqualTo(etx + 5);
    }

    @Test
    void generated_sameSeed_sameValuesNaKClInPlausibleBounds() {
        List<El30Twin.Result> first = El30Reports.generated(new Random(7));

        assertThat(El30Reports.generated(new Random(7))).isEqualTo(first);
        assertThat(first).extracting(El30Twin.Result::code).containsExactly("Na", "K", "Cl");
        assertThat(new BigDecimal(first.get(0).value())).isBetween(new BigDecimal("110"), new BigDecimal("170"));
        assertThat(new BigDecimal(first.get(1).value())).isBetween(new BigDecimal("1"), new BigDecimal("8"));
    }
}
