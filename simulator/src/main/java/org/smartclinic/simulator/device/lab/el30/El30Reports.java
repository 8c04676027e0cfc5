package org.smartclinic.simulator.device.lab.el30;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.smartclinic.drivers.instrument.lab.el30.El30Protocol;

/**
 * What the EL-30 twin prints, built with {@link El30Protocol} so twin and driver share one definition: the report's
 * lines for a sample, results flagged against the analyzer's reference ranges as the analyzer itself does, and
 * plausible values when none were given.
 */
final class El30Reports {

    /** The reference ranges set at the analyzer (adult serum), as printed; low and high. */
    static final Map<String, BigDecimal[]> RANGES = Map.of(
            "Na", new BigDecimal[] {new BigDecimal("136.0"), new BigDecimal("145.0")},
            "K", new BigDecimal[] {new BigDecimal("3.5"), new BigDecimal("5.1")},
            "Cl", new BigDecimal[] {new BigDecimal("98.0"), new BigDecimal("107.0")});

    private El30Reports() {
    }

    /** The report's lines: header, date, the sample's SAMPLE and PATIENT lines if it has them, one per result. */
    static List<String> lines(String serial, LocalDateTime time, El30Twin.Sample sample) {
        List<String> lines = new ArrayList<>();
        lines.add(El30Protocol.headerLine(serial));
        lines.add(El30Protocol.dateLine(time));
        if (sample.sampleId() != null) {
            lines.add(El30Protocol.sampleLine(sample.sampleId()));
        }
        if (sample.patientId() != null) {
            lines.add(El30Protocol.patientLine(sample.patientId()));
        }
        for (El30Twin.Result r : sample.results()) {
            lines.add(El30Protocol.resultLine(r.code(), r.value(), r.unit(), r.range(), r.flag()));
        }
        return lines;
    }

    /**
     * A result of Na, K or Cl as the analyzer prints it: one decimal, mmol/L, its reference range, and H or L when
     * the value is outside it.
     */
    static El30Twin.Result flagged(String code, BigDecimal value) {
        BigDecimal[] range = RANGES.get(code);
        if (range == null) {
            throw new IllegalArgumentException("no reference range for " + code + " (Na, K, Cl)");
        }
        BigDecimal printed = value.setScale(1, RoundingMode.HALF_UP);
        String flag = printed.compareTo(range[1]) > 0 ? "H" : printed.compareTo(range[0]) < 0 ? "L" : "";
        return new El30Twin.Result(code, printed.toPlainString(), El30Protocol.UNIT_MMOL_L,
                range[0].toPlainString() + "-" + range[1].toPlainString(), flag);
    }

    /** Na, K and Cl flagged against their ranges. */
    static List<El30Twin.Result> electrolytes(BigDecimal na, BigDecimal k, BigDecimal cl) {
        return List.of(flagged("Na", na), flagged("K", k), flagged("Cl", cl));
    }

    /** Plausible values, mostly inside the ranges, now and then a little outside (so flags show up). */
    static List<El30Twin.Result> generated(Random random) {
        return electrolytes(around(random, 140, 4), around(random, 4.3, 0.6), around(random, 102, 4));
    }

    private static BigDecimal around(Random random, double mean, double spread) {
        return BigDecimal.valueOf(mean + random.nextGaussian() * spread).setScale(1, RoundingMode.HALF_UP);
    }
}
