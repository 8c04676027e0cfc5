package org.smartclinic.gateway.patient;

import java.util.Collection;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Keeps patient data out of texts the gateway logs at WARN/ERROR, stores (an outbox item's last error) or shows
 * (an API error): the EHR may echo a search URL, an identifier or a name in its error message. {@link #scrub}
 * masks the values of patient search parameters, long digit runs (national identifiers such as SNILS or an OMS
 * policy, with or without separators) and any value it is told about (the identifiers and names of the patient
 * concerned).
 */
public final class Phi {

    static final String MASK = "***";
    private static final Pattern SEARCH_VALUE = Pattern.compile(
            "(?i)((?:identifier|family|given|name|birthdate|phone|telecom|address)(?::[a-z]+)?=)([^&\\s\"']+)");
    /** Six or more digits, possibly with spaces or hyphens between them (not dots: addresses stay readable). */
    private static final Pattern DIGIT_RUN = Pattern.compile("\\d(?:[ \\-]?\\d){5,}");

    private Phi() {
    }

    public static String scrub(String text) {
        return scrub(text, List.of());
    }

    /** {@code text} with search values, long digit runs and each of {@code known} (case-insensitive) masked. */
    public static String scrub(String text, Collection<String> known) {
        if (text == null) {
            return null;
        }
        String out = text;
        for (String k : known) {
            if (k != null && k.strip().length() >= 2) {
                out = out.replaceAll("(?i)" + Pattern.quote(k.strip()), Matcher.quoteReplacement(MASK));
            }
        }
        out = SEARCH_VALUE.matcher(out).replaceAll("$1" + Matcher.quoteReplacement(MASK));
        return DIGIT_RUN.matcher(out).replaceAll(MASK);
    }
}
