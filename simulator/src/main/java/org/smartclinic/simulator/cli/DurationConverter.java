package org.smartclinic.simulator.cli;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Durations as people type them: {@code 500ms}, {@code 2s}, {@code 1.5s}, {@code 1m}, or ISO {@code PT2S}. */
final class DurationConverter implements ITypeConverter<Duration> {

    private static final Pattern SIMPLE = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|m|h)");

    @Override
    public Duration convert(String value) {
        Matcher m = SIMPLE.matcher(value.trim().toLowerCase(Locale.ROOT));
        if (m.matches()) {
            BigDecimal amount = new BigDecimal(m.group(1));
            BigDecimal millis = switch (m.group(2)) {
                case "ms" -> amount;
                case "s" -> amount.movePointRight(3);
                case "m" -> amount.multiply(BigDecimal.valueOf(60_000));
                default -> amount.multiply(BigDecimal.valueOf(3_600_000));
            };
            return Duration.ofMillis(millis.longValue());
        }
        try {
            return Duration.parse(value);
        } catch (RuntimeException e) {
            throw new TypeConversionException("'" + value + "' is not a duration: use e.g. 500ms, 2s, 1m");
        }
    }

    /** {@code 500 ms}, {@code 2 s}: how progress lines show a duration. */
    static String human(Duration d) {
        long ms = d.toMillis();
        return ms < 1000 || ms % 1000 != 0 ? ms + " ms" : ms / 1000 + " s";
    }
}
