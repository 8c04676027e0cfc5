package org.smartclinic.fhir.internal;

import java.nio.charset.StandardCharsets;

/**
 * Builds the search part of conditional requests ({@code ifNoneExist}, conditional update URLs).
 *
 * <p>A token is written {@code system|value}. Characters FHIR gives a meaning in search values ({@code \ | , $})
 * are escaped with a backslash (FHIR R4 search, "Escaping Search Parameters"), then the text is percent-encoded as
 * UTF-8 (RFC 3986), keeping only unreserved characters and {@code : / @} readable. Reading keys contain {@code #},
 * which would otherwise end the URL at a fragment.
 */
public final class SearchUrls {

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private SearchUrls() {
    }

    /** {@code identifier=<system>|<value>}, each side escaped and encoded. */
    public static String identifierQuery(String system, String value) {
        return "identifier=" + encode(system) + "|" + encode(value);
    }

    /** One search value: FHIR-escaped, then percent-encoded. */
    static String encode(String text) {
        StringBuilder out = new StringBuilder(text.length() + 8);
        for (byte b : escape(text).getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xFF;
            if (isKept(c)) {
                out.append((char) c);
            } else {
                out.append('%').append(HEX[c >> 4]).append(HEX[c & 0x0F]);
            }
        }
        return out.toString();
    }

    private static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            if (c == '\\' || c == '|' || c == ',' || c == '$') {
                out.append('\\');
            }
            out.append(c);
        }
        return out.toString();
    }

    private static boolean isKept(int c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || c == '-' || c == '.' || c == '_' || c == '~' || c == ':' || c == '/' || c == '@';
    }
}
