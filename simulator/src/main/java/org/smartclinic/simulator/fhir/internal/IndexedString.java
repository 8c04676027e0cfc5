package org.smartclinic.simulator.fhir.internal;

import ca.uhn.fhir.util.StringUtil;

/**
 * An indexed string (a name part, for instance), kept twice as a HAPI JPA server keeps it: as written, for
 * {@code :exact}, and normalized for the default "starts with" match.
 *
 * @param exact      the value as stored in the resource
 * @param normalized {@link #normalize normalized}
 */
public record IndexedString(String exact, String normalized) implements Indexed {

    public static IndexedString of(String value) {
        return new IndexedString(value, normalize(value));
    }

    /**
     * HAPI's own normalization for string search ({@code StringUtil.normalizeStringForSearchIndexing}, used by the
     * JPA server for both the index and the search value): Unicode NFD, combining diacritical marks (U+0300-U+036F)
     * dropped, upper-cased. So {@code "Ёлкина"} and {@code "елк"} meet at {@code "ЕЛКИНА"}/{@code "ЕЛК"}, and
     * {@code "José"} at {@code "JOSE"}.
     */
    public static String normalize(String value) {
        return StringUtil.normalizeStringForSearchIndexing(value);
    }
}
