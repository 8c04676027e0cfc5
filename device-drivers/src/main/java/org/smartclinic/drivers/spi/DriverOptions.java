package org.smartclinic.drivers.spi;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * A device's driver options read against the options its driver declares: an unknown option or a value of the
 * wrong kind fails when the driver is created, with a message naming the driver, the option and what it takes, so
 * a typo in a configuration fails at start-up instead of being silently ignored.
 */
public final class DriverOptions {

    private final String driverId;
    private final Map<String, String> values;
    private final Map<String, DriverOption> declared;

    private DriverOptions(String driverId, Map<String, String> values, Map<String, DriverOption> declared) {
        this.driverId = driverId;
        this.values = values;
        this.declared = declared;
    }

    /**
     * Checks {@code values} against {@code declared}.
     *
     * @throws IllegalArgumentException naming the unknown options and the known ones
     */
    public static DriverOptions read(String driverId, List<DriverOption> declared, Map<String, String> values) {
        Map<String, DriverOption> byName = declared.stream()
                .collect(Collectors.toMap(DriverOption::name, o -> o));
        Set<String> unknown = new TreeSet<>(values.keySet());
        unknown.removeAll(byName.keySet());
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException(driverId + ": unknown option(s) " + unknown + "; known: "
                    + (byName.isEmpty() ? "none" : String.join(", ", new TreeSet<>(byName.keySet()))));
        }
        return new DriverOptions(driverId, Map.copyOf(values), byName);
    }

    /** The option's value, or its default. */
    public String text(String name) {
        DriverOption option = declared.get(name);
        if (option == null) {
            throw new IllegalStateException(driverId + " reads option " + name + " without declaring it");
        }
        return values.getOrDefault(name, option.defaultValue()).strip();
    }

    /** {@code true} or {@code false}. */
    public boolean bool(String name) {
        String v = text(name).toLowerCase(Locale.ROOT);
        if (!v.equals("true") && !v.equals("false")) {
            throw invalid(name, v, "true or false");
        }
        return Boolean.parseBoolean(v);
    }

    /** A duration such as {@code 10s}, {@code 500ms}, {@code 2m} or ISO-8601 {@code PT10S}; not negative. */
    public Duration duration(String name) {
        String v = text(name);
        try {
            Duration d = parseDuration(v);
            if (d.isNegative()) {
                throw invalid(name, v, "a duration that is not negative");
            }
            return d;
        } catch (DateTimeParseException | NumberFormatException e) {
            throw invalid(name, v, "a duration such as 500ms, 10s or 2m");
        }
    }

    /** An integer in {@code [min, max]}. */
    public int integer(String name, int min, int max) {
        String v = text(name);
        try {
            int i = Integer.parseInt(v);
            if (i < min || i > max) {
                throw invalid(name, v, "a whole number from " + min + " to " + max);
            }
            return i;
        } catch (NumberFormatException e) {
            throw invalid(name, v, "a whole number from " + min + " to " + max);
        }
    }

    /** One of {@code allowed}, ignoring case; returned lower case. */
    public String choice(String name, String... allowed) {
        String v = text(name).toLowerCase(Locale.ROOT);
        for (String a : allowed) {
            if (a.equals(v)) {
                return a;
            }
        }
        throw invalid(name, v, "one of " + String.join(", ", allowed));
    }

    private IllegalArgumentException invalid(String name, String value, String expected) {
        return new IllegalArgumentException(driverId + ": option " + name + " must be " + expected + ", got '"
                + value + "'");
    }

    /** Parses {@code 500ms}, {@code 10s}, {@code 2m}, {@code 1h} or an ISO-8601 duration. */
    static Duration parseDuration(String v) {
        String s = v.strip().toLowerCase(Locale.ROOT);
        if (s.startsWith("p")) {
            return Duration.parse(s.toUpperCase(Locale.ROOT));
        }
        if (s.endsWith("ms")) {
            return Duration.ofMillis(Long.parseLong(s.substring(0, s.length() - 2)));
        }
        long n = Long.parseLong(s.substring(0, Math.max(0, s.length() - 1)));
        return switch (s.isEmpty() ? ' ' : s.charAt(s.length() - 1)) {
            case 's' -> Duration.ofSeconds(n);
            case 'm' -> Duration.ofMinutes(n);
            case 'h' -> Duration.ofHours(n);
            default -> throw new NumberFormatException(v);
        };
    }
}
