package org.smartclinic.drivers.instrument.iot.vitalsjson;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/**
 * A reading's {@code time}: what {@link OffsetDateTime#parse(CharSequence)} accepts, read directly when it has the
 * shape devices send ({@code 2026-12-04T10:15:00Z}, {@code 2026-12-04T10:15:00.250+03:00}: seconds, an optional
 * fraction of 1-9 digits, {@code Z} or {@code ±hh:mm}). Every other text, and any value out of range, goes to
 * {@code OffsetDateTime.parse}, which accepts or refuses it as before. The formatter's general parse was an eighth of
 * a device link's CPU per message at full ingest (docs/benchmarks.md).
 */
final class VitalsJsonTime {

    private static final int SECONDS_END = 19;

    private VitalsJsonTime() {
    }

    /** @throws DateTimeParseException if the text is not a date and time with an offset */
    static Instant parse(String text) {
        Instant fast = canonical(text);
        return fast != null ? fast : OffsetDateTime.parse(text).toInstant();
    }

    /** The instant of a text in the common shape, or null to leave it to the general parser. */
    static Instant canonical(String s) {
        int n = s.length();
        if (n < SECONDS_END + 1 || s.charAt(4) != '-' || s.charAt(7) != '-' || s.charAt(10) != 'T'
                || s.charAt(13) != ':' || s.charAt(16) != ':') {
            return null;
        }
        int year = digits(s, 0, 4);
        int month = digits(s, 5, 2);
        int day = digits(s, 8, 2);
        int hour = digits(s, 11, 2);
        int minute = digits(s, 14, 2);
        int second = digits(s, 17, 2);
        if ((year | month | day | hour | minute | second) < 0) {
            return null;
        }
        int i = SECONDS_END;
        int nanos = 0;
        if (s.charAt(i) == '.') {
            int start = ++i;
            while (i < n && i - start < 10 && isDigit(s.charAt(i))) {
                nanos = nanos * 10 + s.charAt(i) - '0';
                i++;
            }
            int count = i - start;
            if (count == 0 || count > 9) {
                return null;
            }
            for (int k = count; k < 9; k++) {
                nanos *= 10;
            }
        }
        ZoneOffset offset = offset(s, i);
        if (offset == null) {
            return null;
        }
        try {
            return LocalDateTime.of(year, month, day, hour, minute, second, nanos).toInstant(offset);
        } catch (DateTimeException e) {
            return null;
        }
    }

    private static ZoneOffset offset(String s, int i) {
        int rest = s.length() - i;
        if (rest == 1 && s.charAt(i) == 'Z') {
            return ZoneOffset.UTC;
        }
        if (rest != 6 || (s.charAt(i) != '+' && s.charAt(i) != '-') || s.charAt(i + 3) != ':') {
            return null;
        }
        int hours = digits(s, i + 1, 2);
        int minutes = digits(s, i + 4, 2);
        if ((hours | minutes) < 0) {
            return null;
        }
        int sign = s.charAt(i) == '-' ? -1 : 1;
        try {
            return ZoneOffset.ofHoursMinutes(sign * hours, sign * minutes);
        } catch (DateTimeException e) {
            return null;
        }
    }

    /** The number in {@code count} ASCII digits from {@code at}, or -1. */
    private static int digits(String s, int at, int count) {
        int value = 0;
        for (int k = at; k < at + count; k++) {
            char c = s.charAt(k);
            if (!isDigit(c)) {
                return -1;
            }
            value = value * 10 + c - '0';
        }
        return value;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
