package org.smartclinic.gateway.binding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/** {@link IsoInstant} writes exactly what {@link Instant#toString()} writes and reads as {@link Instant#parse}. */
class IsoInstantTest {

    @Test
    void fixedCases_equalInstantToString() {
        for (String s : List.of("1970-01-01T00:00:00Z", "2026-12-05T02:10:00.123Z", "2026-12-05T02:10:00.123400Z",
                "2026-12-05T02:10:00.000000001Z", "2024-02-29T23:59:59.999999999Z", "0000-01-01T00:00:00Z",
                "9999-12-31T23:59:59.100Z", "1969-12-31T23:59:59.5Z")) {
            Instant t = Instant.parse(s);
            assertThat(IsoInstant.of(t)).as(s).isEqualTo(t.toString());
        }
        assertThat(IsoInstant.of(Instant.parse("+10000-01-01T00:00:00Z"))).isEqualTo("+10000-01-01T00:00:00Z");
        assertThat(IsoInstant.of(Instant.parse("-0001-12-31T23:59:59Z"))).isEqualTo("-0001-12-31T23:59:59Z");
        assertThat(IsoInstant.of(null)).isNull();
    }

    @Test
    void randomInstants_equalInstantToString() {
        long seed = System.nanoTime();
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < 200_000; i++) {
            long seconds = switch (i % 3) {
                case 0 -> random.nextLong(-70_000_000_000L, 260_000_000_000L); // beyond year 0 and 9999 too
                case 1 -> random.nextLong(1_700_000_000L, 1_900_000_000L); // around now
                default -> random.nextLong(-100_000, 100_000); // around the epoch, negative included
            };
            int nano = switch (random.nextInt(4)) {
                case 0 -> 0;
                case 1 -> random.nextInt(1000) * 1_000_000;
                case 2 -> random.nextInt(1_000_000) * 1_000;
                default -> random.nextInt(1_000_000_000);
            };
            Instant t = Instant.ofEpochSecond(seconds, nano);
            assertThat(IsoInstant.of(t)).as("seed %d", seed).isEqualTo(t.toString());
            assertThat(IsoInstant.parse(t.toString())).as("seed %d", seed).isEqualTo(t);
        }
    }

    @Test
    void parse_fixedCases_asInstantParse() {
        for (String s : List.of("1970-01-01T00:00:00Z", "2026-12-05T02:10:00.1Z", "2026-12-05T02:10:00.123456789Z",
                "2024-02-29T23:59:59.999999999Z", "0000-01-01T00:00:00Z", "+10000-01-01T00:00:00Z",
                "2026-12-05t02:10:00z", "2026-12-05T02:10:00+01:00", "2016-12-31T23:59:60Z", "2026-12-05T24:00:00Z",
                "2026-12-05T02:10:00.Z")) {
            assertThat(IsoInstant.parse(s)).as(s).isEqualTo(Instant.parse(s));
        }
        for (String bad : List.of("2023-02-29T00:00:00Z", "2026-13-01T00:00:00Z", "2026-12-05T02:10:00.1234567890Z",
                "2026-12-05 02:10:00Z",
                "2026-12-0aT02:10:00Z", "2026-12-05T02:10:00")) {
            assertThatThrownBy(() -> IsoInstant.parse(bad)).as(bad).isInstanceOf(DateTimeParseException.class);
            assertThatThrownBy(() -> Instant.parse(bad)).as(bad).isInstanceOf(DateTimeParseException.class);
        }
    }

    /** Every text one character away from a canonical instant: parsed the same as Instant.parse, or refused by both. */
    @Test
    void parse_mutatedTexts_asInstantParse() {
        long seed = System.nanoTime();
        SplittableRandom random = new SplittableRandom(seed);
        String alphabet = "0123456789-:.TZtz+ /9";
        for (int i = 0; i < 100_000; i++) {
            String text = Instant.ofEpochSecond(random.nextLong(-62_000_000_000L, 253_000_000_000L),
                    random.nextBoolean() ? 0 : random.nextInt(1_000_000_000)).toString();
            StringBuilder b = new StringBuilder(text);
            int at = random.nextInt(b.length() + 1);
            switch (random.nextInt(3)) {
                case 0 -> b.insert(at, alphabet.charAt(random.nextInt(alphabet.length())));
                case 1 -> b.deleteCharAt(Math.min(at, b.length() - 1));
                default -> b.setCharAt(Math.min(at, b.length() - 1),
                        alphabet.charAt(random.nextInt(alphabet.length())));
            }
            String mutated = b.toString();
            Instant expected;
            try {
                expected = Instant.parse(mutated);
            } catch (DateTimeParseException e) {
                assertThatThrownBy(() -> IsoInstant.parse(mutated)).as("seed %d: %s", seed, mutated)
                        .isInstanceOf(DateTimeParseException.class);
                continue;
            }
            assertThat(IsoInstant.parse(mutated)).as("seed %d: %s", seed, mutated).isEqualTo(expected);
        }
    }
}
