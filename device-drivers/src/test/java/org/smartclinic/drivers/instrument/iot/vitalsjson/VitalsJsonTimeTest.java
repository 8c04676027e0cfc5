package org.smartclinic.drivers.instrument.iot.vitalsjson;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The direct reading of common times gives exactly what {@link OffsetDateTime#parse} gives, and refuses the same. */
class VitalsJsonTimeTest {

    @ParameterizedTest
    @ValueSource(strings = {"2026-12-04T10:15:00Z", "2026-12-04T10:15:00.250+03:00", "2026-12-04T10:15:00.1-05:30",
        "2024-02-29T23:59:59.999999999Z", "2026-12-04T10:15:00-00:00", "2026-12-04t10:15:00z", "2026-12-04T10:15Z",
        "2026-12-04T10:15:00+03:00:00", "0000-01-01T00:00:00+18:00", "2026-12-04T10:15:00.Z"})
    void parse_acceptedTimes_sameInstantAsTheGeneralParser(String text) {
        assertThat(VitalsJsonTime.parse(text)).isEqualTo(OffsetDateTime.parse(text).toInstant());
    }

    @ParameterizedTest
    @ValueSource(strings = {"2026-02-30T10:15:00Z", "2026-12-04T24:00:00Z", "2026-12-04T10:60:00Z",
        "2026-12-04T10:15:00.1234567890Z", "2026-12-04T10:15:00+19:00",
        "2026-12-04T10:15:00", "2026-12-04 10:15:00Z", "2026-1a-04T10:15:00Z", "2026-12-04T10:15:00+0300", ""})
    void parse_refusedTimes_refusedAsByTheGeneralParser(String text) {
        assertThatThrownBy(() -> OffsetDateTime.parse(text)).isInstanceOf(DateTimeParseException.class);
        assertThatThrownBy(() -> VitalsJsonTime.parse(text)).isInstanceOf(DateTimeParseException.class);
    }

    /** 20,000 random texts near the common shape, valid and not: the same answer as the general parser each time. */
    @Test
    void parse_randomTextsNearTheCommonShape_agreeWithTheGeneralParser() {
        Random random = new Random(20261204);
        List<String> offsets = List.of("Z", "+03:00", "-05:30", "+14:00", "+18:00", "+18:30", "-00:00", "+3:00", "z",
                "+03:60", "");
        int accepted = 0;
        for (int k = 0; k < 20_000; k++) {
            String fraction = switch (random.nextInt(4)) {
                case 0 -> "";
                case 1 -> ".";
                default -> "." + String.valueOf(random.nextLong(1, Long.MAX_VALUE)).substring(0, 1 + random.nextInt(10));
            };
            String text = String.format(Locale.ROOT, "%04d-%02d-%02dT%02d:%02d:%02d%s%s", random.nextInt(10_000),
                    random.nextInt(14), random.nextInt(33), random.nextInt(26), random.nextInt(62), random.nextInt(62),
                    fraction, offsets.get(random.nextInt(offsets.size())));
            Instant expected;
            try {
                expected = OffsetDateTime.parse(text).toInstant();
            } catch (DateTimeException e) {
                assertThatThrownBy(() -> VitalsJsonTime.parse(text)).as(text).isInstanceOf(DateTimeParseException.class);
                continue;
            }
            assertThat(VitalsJsonTime.parse(text)).as(text).isEqualTo(expected);
            accepted++;
        }
        assertThat(accepted).as("enough valid texts among the random ones").isGreaterThan(2_000);
    }
}
