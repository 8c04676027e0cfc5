package org.smartclinic.fhir;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import org.smartclinic.fhir.internal.SearchUrls;

/**
 * Relative FHIR search URLs ({@code Patient?identifier=...}) for the gateway's searches on the EHR and for
 * conditional requests, every value escaped by {@link SearchUrls}: FHIR-escaped ({@code \ , $ |} get a backslash, so
 * a comma in a name is not an OR that matches another patient), then percent-encoded as UTF-8 (a space becomes
 * {@code %20}: the HAPI JPA server refuses a raw space, HAPI-1744). The {@code |} between an identifier's system and
 * value stays literal.
 *
 * <p>Values are written as given (not trimmed, not case-folded); string parameters use FHIR's default matching
 * (case- and accent-insensitive "starts with"), not {@code :exact}. Pure and thread-safe.
 */
public final class SearchUrl {

    private SearchUrl() {
    }

    /** {@code Patient?identifier=<system>|<value>}. */
    public static String patientByIdentifier(String system, String value) {
        return byIdentifier("Patient", system, value);
    }

    /**
     * {@code Patient?family=..&given=..&birthdate=YYYY-MM-DD}, leaving out what is null or blank.
     *
     * @param family    the family name, or null
     * @param given     a given name, or null
     * @param birthDate the birth date, or null
     * @throws IllegalArgumentException if no criterion is left: a search without one would list every patient
     */
    public static String patientByName(String family, String given, LocalDate birthDate) {
        List<String> criteria = new ArrayList<>(3);
        if (family != null && !family.isBlank()) {
            criteria.add("family=" + SearchUrls.encode(family));
        }
        if (given != null && !given.isBlank()) {
            criteria.add("given=" + SearchUrls.encode(given));
        }
        if (birthDate != null) {
            criteria.add("birthdate=" + SearchUrls.encode(birthDate.toString()));
        }
        if (criteria.isEmpty()) {
            throw new IllegalArgumentException("a patient search needs a family name, a given name or a birth date");
        }
        return "Patient?" + String.join("&", criteria);
    }

    /**
     * {@code <resourceType>?identifier=<system>|<value>}.
     *
     * @throws IllegalArgumentException if {@code resourceType} is not an R4 resource type (case matters), or the
     *                                  system or value is blank
     */
    public static String byIdentifier(String resourceType, String system, String value) {
        Objects.requireNonNull(resourceType, "resourceType");
        requireText(system, "identifier system");
        requireText(value, "identifier value");
        if (!FhirContexts.r4().getResourceTypes().contains(resourceType)) {
            throw new IllegalArgumentException("'" + resourceType + "' is not a FHIR R4 resource type");
        }
        return resourceType + "?" + SearchUrls.identifierQuery(system, value);
    }

    private static void requireText(String text, String what) {
        if (Objects.requireNonNull(text, what).isBlank()) {
            throw new IllegalArgumentException(what + " must not be blank");
        }
    }
}
