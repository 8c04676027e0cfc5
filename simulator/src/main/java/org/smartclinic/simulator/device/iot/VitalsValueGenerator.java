package org.smartclinic.simulator.device.iot;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

/**
 * Plausible vitals of a resting adult, reproducible from the seed: temperature 36.1-37.4 Cel, SpO2 94-99 %,
 * pulse 58-92 /min, blood pressure 108-134 / 66-84 mm[Hg] with the mean {@code dia + (sys - dia) / 3}.
 */
final class VitalsValueGenerator {

    private final Random random;

    VitalsValueGenerator(Random random) {
        this.random = random;
    }

    /** Code to value as the device prints it: temp, spo2, pulse, sys, dia, map, in that order. */
    Map<String, String> next() {
        Map<String, String> v = new LinkedHashMap<>();
        v.put("temp", BigDecimal.valueOf(between(361, 374), 1).toPlainString());
        v.put("spo2", Integer.toString(between(94, 99)));
        v.put("pulse", Integer.toString(between(58, 92)));
        int sys = between(108, 134);
        int dia = between(66, 84);
        v.put("sys", Integer.toString(sys));
        v.put("dia", Integer.toString(dia));
        v.put("map", Integer.toString(Math.round(dia + (sys - dia) / 3f)));
        return v;
    }

    private int between(int lo, int hi) {
        return lo + random.nextInt(hi - lo + 1);
    }
}
