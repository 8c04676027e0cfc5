package org.smartclinic.simulator.device.spiro;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.Random;

import org.smartclinic.drivers.instrument.spirometry.sp80.Sp80Format;

/**
 * Plausible adult spirometry results, reproducible from the random source: FVC 2.50..5.50 L, FEV1/FVC 65..85 %,
 * FEV1 = FVC x ratio (so FEV1 &lt; FVC), the ratio then written as FEV1/FVC of the rounded values so the three
 * agree; PEF 5.00..10.00 L/s; % predicted 75..115 for FVC, FEV1 and PEF, none for the ratio (as the SP-80 leaves it
 * empty).
 */
final class SpiroValues {

    private final Random random;

    SpiroValues(Random random) {
        this.random = random;
    }

    List<Sp80Format.ResultLine> next() {
        BigDecimal fvc = between(250, 550, 2);
        BigDecimal ratio = between(650, 850, 1);
        BigDecimal fev1 = fvc.multiply(ratio).divide(BigDecimal.valueOf(100), 2, RoundingMode.HALF_UP);
        BigDecimal written = fev1.multiply(BigDecimal.valueOf(100)).divide(fvc, 1, RoundingMode.HALF_UP);
        return List.of(
                Sp80Format.ResultLine.of(Sp80Format.FVC, fvc, between(80, 115, 0)),
                Sp80Format.ResultLine.of(Sp80Format.FEV1, fev1, between(75, 110, 0)),
                Sp80Format.ResultLine.of(Sp80Format.FEV1_FVC, written, null),
                Sp80Format.ResultLine.of(Sp80Format.PEF, between(500, 1000, 2), between(75, 110, 0)));
    }

    /** A number from {@code low} to {@code high} hundredths (or tenths, or units: {@code scale} decimals). */
    private BigDecimal between(int low, int high, int scale) {
        return BigDecimal.valueOf(low + random.nextInt(high - low + 1), scale);
    }
}
