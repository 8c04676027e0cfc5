package org.smartclinic.simulator.fhir.internal;

/**
 * An indexed token or reference: a token is {@code (system, code)}, a local reference is {@code (resourceType, id)},
 * an external absolute reference is {@code (null, url)}.
 *
 * @param system code system, reference target type, or {@code null}
 * @param value  code, identifier value, reference id or URL; never {@code null}
 */
public record IndexedValue(String system, String value) implements Indexed {
}
