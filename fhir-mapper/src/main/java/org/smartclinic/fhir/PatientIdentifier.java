package org.smartclinic.fhir;

import java.util.Objects;

/**
 * The business identifier of a patient, as the GP gave it when opening the exam (e.g. a national id).
 *
 * @param system identifier namespace URI
 * @param value  the identifier
 */
public record PatientIdentifier(String system, String value) {

    public PatientIdentifier {
        Objects.requireNonNull(system, "system");
        Objects.requireNonNull(value, "value");
        if (system.isBlank() || value.isBlank()) {
            throw new IllegalArgumentException("patient identifier system and value must not be blank");
        }
    }

    /** FHIR search token form {@code system|value}. */
    public String token() {
        return system + "|" + value;
    }
}
