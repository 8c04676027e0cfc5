package org.smartclinic.simulator.twin;

import java.time.Duration;

/**
 * The argument checks of twin builders and engine settings, so each setter stays one line and every refusal reads
 * the same: an {@link IllegalArgumentException} naming the setting and the value refused, e.g. {@code count must be
 * >= 0: -1} (the CLI shows it as {@code Invalid option: ...}). Each check returns the value it accepted.
 */
public final class Checks {

    private Checks() {
    }

    /** {@code value >= min}. */
    public static int atLeast(int value, int min, String name) {
        if (value < min) {
            throw new IllegalArgumentException(name + " must be >= " + min + ": " + value);
        }
        return value;
    }

    /** {@code min <= value <= max}. */
    public static int inRange(int value, int min, int max, String name) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(name + " must be " + min + ".." + max + ": " + value);
        }
        return value;
    }

    /** A duration of zero or more; null is refused too. */
    public static Duration notNegative(Duration value, String name) {
        if (value == null || value.isNegative()) {
            throw new IllegalArgumentException(name + " must be a duration >= 0: " + value);
        }
        return value;
    }

    /** A duration of more than zero; null is refused too. */
    public static Duration positive(Duration value, String name) {
        if (notNegative(value, name).isZero()) {
            throw new IllegalArgumentException(name + " must be > 0: " + value);
        }
        return value;
    }
}
