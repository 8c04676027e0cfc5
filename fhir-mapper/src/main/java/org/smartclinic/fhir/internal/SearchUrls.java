package org.smartclinic.fhir.internal;

import ca.uhn.fhir.rest.param.ParameterUtil;
import ca.uhn.fhir.util.UrlUtil;

/**
 * Writes search values into URLs with HAPI's own utilities, the same rules the HAPI JPA server reads them back with.
 *
 * <p>A value is first FHIR-escaped ({@link ParameterUtil#escape}: a backslash before {@code \ , $ |}, FHIR R4 search,
 * "Escaping Search Parameters"), so a comma is not an OR and a pipe inside a value does not split a token; then
 * percent-encoded as UTF-8 ({@link UrlUtil#escapeUrlParam}: everything but letters, digits and {@code - _ . *},
 * space as {@code %20}), so a space (refused by the JPA server, HAPI-1744), a {@code #} (reading keys: it would end
 * the URL at a fragment), {@code &} and {@code +} arrive as sent. The token separator between system and value stays
 * a literal {@code |}: it is the only unencoded {@code |} in a token, and servers accept it like {@code %7C}.
 */
public final class SearchUrls {

    private SearchUrls() {
    }

    /** {@code identifier=<system>|<value>}, each side escaped and encoded. */
    public static String identifierQuery(String system, String value) {
        return "identifier=" + token(system, value);
    }

    /** A token search value {@code <system>|<value>}, each side escaped and encoded. */
    public static String token(String system, String value) {
        return encode(system) + "|" + encode(value);
    }

    /** One search value: FHIR-escaped, then percent-encoded. */
    public static String encode(String text) {
        return UrlUtil.escapeUrlParam(ParameterUtil.escape(text));
    }
}
