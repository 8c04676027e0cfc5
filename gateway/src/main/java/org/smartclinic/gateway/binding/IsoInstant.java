package org.smartclinic.gateway.binding;

import java.time.Instant;
import java.time.LocalDate;

/**
 * {@link Instant#toString()}, character for character, without the general formatter: the journal writes three or
 * four instants per reading and the binding's evidence one or two, and the formatter was a tenth of the journal
 * writer's work. Years outside 0-9999 (which the ISO form writes with a sign) go to {@link Instant#toString()}.
 * {@link #parse} reads that form back as {@link Instant#parse} does (a quarter of the live feed's and the uplink's
 * journal reads went into the general parser); any other text is left to {@link Instant#parse}.
 */
public final class IsoInstant {

    private static final long SECONDS_PER_DAY = 86_400;
    /** 0000-01-01T00:00:00Z and 10000-01-01T00:00:00Z in epoch seconds. */
    private static final long MIN = -62_167_219_200L;
    private static final long LIMIT = 253_402_300_800L;

    private IsoInstant() {
    }

    /** {@code t.toString()}; null for null. */
    public static String of(Instant t) {
        if (t == null) {
            return null;
        }
        long seconds = t.getEpochSecond();
        if (seconds < MIN || seconds >= LIMIT) {
            return t.toString();
        }
        long day = Math.floorDiv(seconds, SECONDS_PER_DAY);
        int secondOfDay = (int) Math.floorMod(seconds, SECONDS_PER_DAY);
        LocalDate date = LocalDate.ofEpochDay(day);
        int nano = t.getNano();
        char[] out = new char[30];
        digits(out, 0, date.getYear(), 4);
        out[4] = '-';
        digits(out, 5, date.getMonthValue(), 2);
        out[7] = '-';
        digits(out, 8, date.getDayOfMonth(), 2);
        out[10] = 'T';
        digits(out, 11, secondOfDay / 3600, 2);
        out[13] = ':';
        digits(out, 14, secondOfDay / 60 % 60, 2);
        out[16] = ':';
        digits(out, 17, secondOfDay % 60, 2);
        int n = 19;
        if (nano != 0) {
            out[n++] = '.';
            if (nano % 1_000_000 == 0) {
                digits(out, n, nano / 1_000_000, 3);
                n += 3;
            } else if (nano % 1_000 == 0) {
                digits(out, n, nano / 1_000, 6);
                n += 6;
            } else {
                digits(out, n, nano, 9);
                n += 9;
            }
        }
        out[n++] = 'Z';
        return new String(out, 0, n);
    }

    /**
     * {@code Instant.parse(text)}: the form {@link #of} writes ({@code yyyy-MM-ddTHH:mm:ss[.fraction]Z}, the
     * fraction 1-9 digits) read directly, anything else by {@link Instant#parse}, which also words the refusal.
     */
    public static Instant parse(CharSequence text) {
        int n = text.length();
        if (n < 20 || n > 30 || n == 21 || text.charAt(n - 1) != 'Z' || text.charAt(4) != '-'
                || text.charAt(7) != '-' || text.charAt(10) != 'T' || text.charAt(13) != ':'
                || text.charAt(16) != ':' || (n > 20 && text.charAt(19) != '.')) {
            return Instant.parse(text);
        }
        int year = number(text, 0, 4);
        int month = number(text, 5, 2);
        int day = number(text, 8, 2);
        int hour = number(text, 11, 2);
        int minute = number(text, 14, 2);
        int second = number(text, 17, 2);
        int nano = 0;
        for (int i = 20; i < 29; i++) {
            int digit = i < n - 1 ? text.charAt(i) - '0' : 0;
            if (digit < 0 || digit > 9) {
                return Instant.parse(text);
            }
            nano = nano * 10 + digit;
        }
        if ((year | month | day | hour | minute | second) < 0 || month < 1 || month > 12 || day < 1
                || day > 28 && day > LocalDate.of(year, month, 1).lengthOfMonth() || hour > 23 || minute > 59
                || second > 59) {
            return Instant.parse(text);
        }
        long days = LocalDate.of(year, month, day).toEpochDay();
        return Instant.ofEpochSecond(days * SECONDS_PER_DAY + hour * 3600L + minute * 60L + second, nano);
    }

    /** The {@code width} decimal digits at {@code at}; -1 if one is not a digit. */
    private static int number(CharSequence text, int at, int width) {
        int value = 0;
        for (int i = at; i < at + width; i++) {
            int digit = text.charAt(i) - '0';
            if (digit < 0 || digit > 9) {
                return -1;
            }
            value = value * 10 + digit;
        }
        return value;
    }

    /** {@code value} as exactly {@code width} decimal digits at {@code at}. */
    private static void digits(char[] out, int at, int value, int width) {
        for (int i = at + width - 1; i >= at; i--) {
            out[i] = (char) ('0' + value % 10);
            value /= 10;
        }
    }
}
