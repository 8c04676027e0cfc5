package org.smartclinic.drivers;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * A typed result value as the device sent it. Numbers keep their precision ({@link BigDecimal}) and the unit
 * exactly as sent (e.g. {@code mmHg}); converting to UCUM is the mapper's job. Ordinal and free-text results
 * stay {@link Text} or {@link Coded}; they are never forced into a number.
 */
public sealed interface Value {

    /** A number with the unit as the device wrote it. */
    record Quantity(BigDecimal value, String unit) implements Value {
        public Quantity {
            Objects.requireNonNull(value, "value");
            Objects.requireNonNull(unit, "unit");
        }
    }

    /** A free-text or ordinal result in the device's own words. */
    record Text(String text) implements Value {
        public Text {
            Objects.requireNonNull(text, "text");
        }
    }

    /** A coded result. */
    record Coded(Code code) implements Value {
        public Coded {
            Objects.requireNonNull(code, "code");
        }
    }
}
