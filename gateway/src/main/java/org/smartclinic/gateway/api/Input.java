package org.smartclinic.gateway.api;

import java.util.regex.Pattern;

/**
 * Limits on what the API accepts, one place for all of them: every text field has a length and a character set,
 * and a refusal says which field, what is allowed and never echoes the value (it may be a patient's identifier).
 */
public final class Input {

    /** Ids the gateway makes or the configuration names: exams, stations, devices. */
    public static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._\\-]{0,63}");
    /** Free text a person writes (a reason, a conclusion) may hold no control characters but line breaks and tabs. */
    private static final Pattern CONTROL = Pattern.compile("[\\p{Cntrl}&&[^\\r\\n\\t]]");

    private Input() {
    }

    /** A required value matching {@code pattern}. */
    public static String required(String field, String value, Pattern pattern, String allowed) {
        if (value == null || value.isBlank()) {
            throw ApiException.badRequest(field + " is required", allowed);
        }
        String v = value.strip();
        if (!pattern.matcher(v).matches()) {
            throw ApiException.badRequest(field + " is not valid", allowed);
        }
        return v;
    }

    /** An optional value matching {@code pattern}; null when absent or blank. */
    public static String optional(String field, String value, Pattern pattern, String allowed) {
        return value == null || value.isBlank() ? null : required(field, value, pattern, allowed);
    }

    public static String id(String field, String value) {
        return required(field, value, ID, "1-64 letters, digits, '.', '_' or '-', starting with a letter or digit");
    }

    /** Free text of at most {@code max} characters; required when {@code required}. */
    public static String text(String field, String value, int max, boolean required) {
        if (value == null || value.isBlank()) {
            if (required) {
                throw ApiException.badRequest(field + " is required", "say why, in at most " + max + " characters");
            }
            return null;
        }
        String v = value.strip();
        if (v.length() > max) {
            throw ApiException.badRequest(field + " is longer than " + max + " characters", null);
        }
        if (CONTROL.matcher(v).find()) {
            throw ApiException.badRequest(field + " contains control characters", "plain text only");
        }
        return v;
    }
}
