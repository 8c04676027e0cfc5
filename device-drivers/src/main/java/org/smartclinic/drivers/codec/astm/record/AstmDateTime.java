package org.smartclinic.drivers.codec.astm.record;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.Optional;

/**
 * Dates and times as LIS2-A2 writes them: {@code YYYYMMDD}, {@code YYYYMMDDHHMM} or {@code YYYYMMDDHHMMSS}, in
 * the sender's local time with no zone (the device's clock; the driver relates it to receive time).
 */
public final class AstmDateTime {

    private AstmDateTime() {
    }

    /**
     * @return the date and time, midnight for a date alone; empty for anything else than 8, 12 or 14 digits
     *         spelling a real date and time
     */
    public static Optional<LocalDateTime> parse(String text) {
        int length = text.length();
        if ((length != 8 && length != 12 && length != 14) || !digits(text)) {
            return Optional.empty();
        }
        try {
            return Optional.of(LocalDateTime.of(number(text, 0, 4), number(text, 4, 6), number(text, 6, 8),
                    length > 8 ? number(text, 8, 10) : 0, length > 8 ? number(text, 10, 12) : 0,
                    length > 12 ? number(text, 12, 14) : 0));
        } catch (DateTimeException e) {
            return Optional.empty();
        }
    }

    /** The date part of {@link #parse(String)}: a birth date sent with a time still gives its day. */
    public static Optional<LocalDate> parseDate(String text) {
        return parse(text).map(LocalDateTime::toLocalDate);
    }

    /** True for an empty text or one {@link #parse(String)} reads. */
    public static boolean isEmptyOrValid(String text) {
        return text.isEmpty() || parse(text).isPresent();
    }

    /** {@code YYYYMMDDHHMMSS}, seconds truncated. */
    public static String format(LocalDateTime time) {
        return String.format("%04d%02d%02d%02d%02d%02d", time.getYear(), time.getMonthValue(),
                time.getDayOfMonth(), time.getHour(), time.getMinute(), time.getSecond());
    }

    /** {@code YYYYMMDD}. */
    public static String format(LocalDate date) {
        return String.format("%04d%02d%02d", date.getYear(), date.getMonthValue(), date.getDayOfMonth());
    }

    private static boolean digits(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) < '0' || text.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    private static int number(String text, int from, int to) {
        return Integer.parseInt(text, from, to, 10);
    }
}
