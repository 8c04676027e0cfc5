package org.smartclinic.gateway.uplink;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code Retry-After} header (RFC 9110 section 10.2.3): either a number of seconds or an HTTP-date. A value
 * that is neither is ignored (the usual backoff applies); a date in the past means "now".
 */
public final class RetryAfter {

    private RetryAfter() {
    }

    /** The wait the header asks for, from response headers as HAPI gives them (names in any case). */
    public static Optional<Duration> from(Map<String, List<String>> headers, Instant now) {
        if (headers == null) {
            return Optional.empty();
        }
        for (Map.Entry<String, List<String>> h : headers.entrySet()) {
            if ("retry-after".equalsIgnoreCase(h.getKey()) && h.getValue() != null && !h.getValue().isEmpty()) {
                return parse(h.getValue().getFirst(), now);
            }
        }
        return Optional.empty();
    }

    /** Parses one header value. */
    public static Optional<Duration> parse(String value, Instant now) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        String v = value.strip();
        if (v.chars().allMatch(Character::isDigit)) {
            try {
                return Optional.of(Duration.ofSeconds(Long.parseLong(v)));
            } catch (NumberFormatException e) {
                return Optional.of(Backoff.MAX_RETRY_AFTER);
            }
        }
        try {
            Instant at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            Duration d = Duration.between(now, at);
            return Optional.of(d.isNegative() ? Duration.ZERO : d);
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
