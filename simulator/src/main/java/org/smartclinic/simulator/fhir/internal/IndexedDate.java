package org.smartclinic.simulator.fhir.internal;

import java.time.YearMonth;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An indexed date as the range of days it covers, as {@code yyyymmdd} ordinals the way a HAPI JPA server compares
 * date-precision searches: {@code 1980} covers 19800101-19801231, {@code 1980-05} 19800501-19800531, and a
 * dateTime or instant the day written before its {@code T} (its own time zone, not converted).
 *
 * @param low  first day covered, e.g. {@code 19800517}
 * @param high last day covered
 */
public record IndexedDate(int low, int high) implements Indexed {

    private static final Pattern DATE = Pattern.compile("(\\d{4})(?:-(\\d{2})(?:-(\\d{2}))?)?");

    /** The days {@code value} ({@code yyyy}, {@code yyyy-mm}, {@code yyyy-mm-dd}, optionally {@code T...}) covers. */
    public static Optional<IndexedDate> of(String value) {
        if (value == null) {
            return Optional.empty();
        }
        int time = value.indexOf('T');
        Matcher matcher = DATE.matcher(time < 0 ? value : value.substring(0, time));
        if (!matcher.matches()) {
            return Optional.empty();
        }
        int year = Integer.parseInt(matcher.group(1));
        if (matcher.group(2) == null) {
            return Optional.of(new IndexedDate(ordinal(year, 1, 1), ordinal(year, 12, 31)));
        }
        int month = Integer.parseInt(matcher.group(2));
        if (month < 1 || month > 12) {
            return Optional.empty();
        }
        if (matcher.group(3) == null) {
            return Optional.of(new IndexedDate(ordinal(year, month, 1),
                    ordinal(year, month, YearMonth.of(year, month).lengthOfMonth())));
        }
        int day = Integer.parseInt(matcher.group(3));
        if (day < 1 || day > YearMonth.of(year, month).lengthOfMonth()) {
            return Optional.empty();
        }
        return Optional.of(new IndexedDate(ordinal(year, month, day), ordinal(year, month, day)));
    }

    /** Whether every day of {@code target} lies within this range: FHIR's {@code eq} for dates. */
    public boolean contains(IndexedDate target) {
        return low <= target.low && target.high <= high;
    }

    private static int ordinal(int year, int month, int day) {
        return year * 10_000 + month * 100 + day;
    }
}
