package org.smartclinic.drivers.instrument.iot.vitalsjson;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The result and component codes of {@code smartclinic.vitals/1} with their display names and, per unit the
 * schema allows, the plausible range of a value (inclusive). A value outside its range is a sensor fault or a
 * firmware bug, never a reading to store:
 * <pre>
 *   temp     Cel 25..45            [degF] 77..113        (measurable hypothermia to hyperpyrexia)
 *   spo2     % 50..100                                   (below 50 % oximeters do not read reliably)
 *   pulse    /min 20..300
 *   resp     /min 2..80                                  (neonates included)
 *   weight   kg 0.2..500           [lb_av] 0.5..1100     (neonatal to bariatric scales)
 *   height   cm 20..280            [in_i] 8..110
 *   glucose  mg/dL 10..600         mmol/L 0.6..33.3      (a glucometer's numeric range; above it shows HI)
 *   bp  sys  mm[Hg] 40..300        kPa 5.3..40.0         (as the BPM-200: oscillometric measuring ranges)
 *       dia  mm[Hg] 20..200        kPa 2.7..26.7
 *       map  mm[Hg] 30..250        kPa 4.0..33.3
 * </pre>
 */
enum VitalsJsonCode {
    TEMP("temp", "Body temperature", "Cel", "25", "45", "[degF]", "77", "113"),
    SPO2("spo2", "Oxygen saturation", "%", "50", "100"),
    PULSE("pulse", "Pulse rate", "/min", "20", "300"),
    BP("bp", "Blood pressure"),
    RESP("resp", "Respiratory rate", "/min", "2", "80"),
    WEIGHT("weight", "Body weight", "kg", "0.2", "500", "[lb_av]", "0.5", "1100"),
    HEIGHT("height", "Body height", "cm", "20", "280", "[in_i]", "8", "110"),
    GLUCOSE("glucose", "Capillary blood glucose", "mg/dL", "10", "600", "mmol/L", "0.6", "33.3"),
    SYS("sys", "Systolic", "mm[Hg]", "40", "300", "kPa", "5.3", "40.0"),
    DIA("dia", "Diastolic", "mm[Hg]", "20", "200", "kPa", "2.7", "26.7"),
    MAP("map", "Mean arterial pressure", "mm[Hg]", "30", "250", "kPa", "4.0", "33.3");

    /** An inclusive range of plausible values in one unit. */
    record Range(BigDecimal min, BigDecimal max) {
        boolean contains(BigDecimal value) {
            return value.compareTo(min) >= 0 && value.compareTo(max) <= 0;
        }

        @Override
        public String toString() {
            return min.toPlainString() + ".." + max.toPlainString();
        }
    }

    final String code;
    final String display;
    /** Unit -> range, in the schema's order; empty for the panel. */
    final Map<String, Range> ranges;

    VitalsJsonCode(String code, String display, String... unitMinMax) {
        this.code = code;
        this.display = display;
        Map<String, Range> r = new LinkedHashMap<>();
        for (int i = 0; i < unitMinMax.length; i += 3) {
            r.put(unitMinMax[i], new Range(new BigDecimal(unitMinMax[i + 1]), new BigDecimal(unitMinMax[i + 2])));
        }
        this.ranges = Collections.unmodifiableMap(r);
    }

    private static final Map<String, VitalsJsonCode> BY_CODE = Arrays.stream(values())
            .collect(Collectors.toUnmodifiableMap(c -> c.code, c -> c));

    static Optional<VitalsJsonCode> of(String code) {
        return Optional.ofNullable(BY_CODE.get(code));
    }

    /** A component of the {@code bp} panel ({@code sys}, {@code dia}, {@code map}), not a result of its own. */
    boolean component() {
        return this == SYS || this == DIA || this == MAP;
    }

    /** The code-table row: the code, or {@code glucose[<unit>]} where the LOINC code depends on the unit. */
    String tableKey(String unit) {
        return this == GLUCOSE ? code + "[" + unit + "]" : code;
    }
}
