package org.smartclinic.gateway.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Measured rounds of a benchmark that compares two kinds of round (A: without a load, B: with it) in the order
 * A B B A, and what they say about B / A: each block of four gives its own ratio (B's two rounds over A's two,
 * taken minutes apart at most, so a drift of the machine over the run, the disk's fsync latency varying from one
 * minute to the next, weighs on both), and the blocks' ratios give a mean with a 95 % confidence interval
 * (Student's t). A ratio pooled over the whole run cannot say how far to trust it; this can.
 */
final class AbbaRounds {

    /** Student's t, two-sided 95 %, for 1 to 30 degrees of freedom. */
    private static final double[] T95 = {12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228,
        2.201, 2.179, 2.160, 2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086, 2.080, 2.074, 2.069, 2.064, 2.060,
        2.056, 2.052, 2.048, 2.045, 2.042};

    private final List<Double> values = new ArrayList<>();

    /** Whether round {@code index} (from 0) of the measured rounds is a B round (with the load). */
    static boolean isB(int index) {
        return index % 4 == 1 || index % 4 == 2;
    }

    /** Records the next round's value, in the order the rounds ran. */
    void add(double value) {
        values.add(value);
    }

    /** The ratio B / A of each complete block of four rounds. */
    List<Double> blockRatios() {
        List<Double> ratios = new ArrayList<>();
        for (int i = 0; i + 4 <= values.size(); i += 4) {
            ratios.add((values.get(i + 1) + values.get(i + 2)) / (values.get(i) + values.get(i + 3)));
        }
        return ratios;
    }

    /** Mean of all B rounds over mean of all A rounds. */
    double pooledRatio() {
        double a = 0;
        double b = 0;
        int na = 0;
        int nb = 0;
        for (int i = 0; i < values.size(); i++) {
            if (isB(i)) {
                b += values.get(i);
                nb++;
            } else {
                a += values.get(i);
                na++;
            }
        }
        return (b / nb) / (a / na);
    }

    /** The blocks' mean ratio and its 95 % confidence interval, [mean, low, high]; needs two blocks. */
    double[] meanRatioWithInterval() {
        List<Double> r = blockRatios();
        if (r.size() < 2) {
            throw new IllegalStateException("a confidence interval needs at least two blocks of four rounds, got "
                    + values.size() + " rounds");
        }
        double mean = r.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
        double ss = r.stream().mapToDouble(x -> (x - mean) * (x - mean)).sum();
        double half = t95(r.size() - 1) * Math.sqrt(ss / (r.size() - 1)) / Math.sqrt(r.size());
        return new double[] {mean, mean - half, mean + half};
    }

    /** "0.970 (95 % CI 0.930-1.010, 6 blocks of A B B A; pooled 0.968)", or the pooled ratio alone below two blocks. */
    String summary() {
        if (blockRatios().size() < 2) {
            return String.format(Locale.ROOT, "pooled %.3f (no interval: %d rounds, fewer than two blocks of A B B A)",
                    pooledRatio(), values.size());
        }
        double[] m = meanRatioWithInterval();
        return String.format(Locale.ROOT, "%.3f (95 %% CI %.3f-%.3f, %d blocks of A B B A; pooled %.3f)", m[0], m[1],
                m[2], blockRatios().size(), pooledRatio());
    }

    static double t95(int degreesOfFreedom) {
        return degreesOfFreedom <= T95.length ? T95[degreesOfFreedom - 1] : 1.96;
    }
}
