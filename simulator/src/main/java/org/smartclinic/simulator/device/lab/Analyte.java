package org.smartclinic.simulator.device.lab;

import java.util.Locale;
import java.util.Random;

/**
 * One analyte as an analyzer reports it: its code, unit and reference range (as R-6 writes it: {@code low-high},
 * {@code <high} or {@code >low}), the range its generated values are drawn from (wider than the reference range, so
 * flags occur), and its decimals.
 *
 * @param low  lower reference limit, NaN for none ({@code <high})
 * @param high upper reference limit, NaN for none ({@code >low})
 */
record Analyte(String code, String unit, double low, double high, double drawMin, double drawMax, int decimals) {

    /** A value drawn uniformly from the draw range. */
    double draw(Random random) {
        return drawMin + random.nextDouble() * (drawMax - drawMin);
    }

    /** The value as sent: rounded to the analyte's decimals, point as separator. */
    String format(double value) {
        return String.format(Locale.ROOT, "%." + decimals + "f", value);
    }

    /** R-6 as this analyte writes it. */
    String rangeText() {
        if (Double.isNaN(low)) {
            return "<" + format(high);
        }
        if (Double.isNaN(high)) {
            return ">" + format(low);
        }
        return format(low) + "-" + format(high);
    }

    /**
     * R-7 for {@code value} as sent (rounded): {@code L} / {@code H} outside the range ({@code <high} is high from
     * the limit on, {@code >low} low up to it), {@code N} inside.
     */
    String flag(double value) {
        double v = Double.parseDouble(format(value));
        if (Double.isNaN(low)) {
            return v >= high ? "H" : "N";
        }
        if (Double.isNaN(high)) {
            return v <= low ? "L" : "N";
        }
        return v < low ? "L" : v > high ? "H" : "N";
    }

    /** R-7 with critical flags: {@code LL} below half the low limit, {@code HH} above twice the high one. */
    String criticalFlag(double value) {
        String flag = flag(value);
        double v = Double.parseDouble(format(value));
        if (flag.equals("L") && v < low / 2) {
            return "LL";
        }
        if (flag.equals("H") && v > high * 2) {
            return "HH";
        }
        return flag;
    }

    static Analyte between(String code, String unit, double low, double high, double drawMin, double drawMax,
            int decimals) {
        return new Analyte(code, unit, low, high, drawMin, drawMax, decimals);
    }

    static Analyte below(String code, String unit, double high, double drawMin, double drawMax, int decimals) {
        return new Analyte(code, unit, Double.NaN, high, drawMin, drawMax, decimals);
    }

    static Analyte above(String code, String unit, double low, double drawMin, double drawMax, int decimals) {
        return new Analyte(code, unit, low, Double.NaN, drawMin, drawMax, decimals);
    }
}
