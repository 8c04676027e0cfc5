package org.smartclinic.simulator.device.bp;

import java.util.List;
import java.util.Random;

/**
 * The values the twin "measures": a script first, if one was given, then plausible values of the scenario,
 * reproducible from the seed.
 */
final class BpValueGenerator {

    private final Bpm200Twin.Scenario scenario;
    private final List<Bpm200Twin.BpValues> script;
    private final Random random;
    private int next;

    BpValueGenerator(Bpm200Twin.Scenario scenario, List<Bpm200Twin.BpValues> script, Random random) {
        this.scenario = scenario;
        this.script = List.copyOf(script);
        this.random = random;
    }

    Bpm200Twin.BpValues next() {
        if (next < script.size()) {
            return script.get(next++);
        }
        next++;
        return switch (scenario) {
            case NORMAL, FAULTY -> generate(110, 135, 70, 85, 60, 85);
            case HYPERTENSION -> generate(150, 185, 95, 115, 70, 95);
        };
    }

    private Bpm200Twin.BpValues generate(int sysLo, int sysHi, int diaLo, int diaHi, int pulseLo, int pulseHi) {
        int sys = between(sysLo, sysHi);
        int dia = between(diaLo, diaHi);
        int mean = Math.round(dia + (sys - dia) / 3f);
        return new Bpm200Twin.BpValues(sys, dia, mean, between(pulseLo, pulseHi));
    }

    private int between(int lo, int hi) {
        return lo + random.nextInt(hi - lo + 1);
    }
}
