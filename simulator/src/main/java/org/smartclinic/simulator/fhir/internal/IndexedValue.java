package org.smartclinic.simulator.fhir.internal;

/**
 * One searchable value of a stored resource, extracted when the resource is written (as a JPA server fills its
 * index tables), so searches never walk the model objects: a token is {@code (system, code)}, a local reference is
 * {@code (resourceType, id)}, an external absolute reference is {@code (null, url)}.
 *
 * @param system code system, reference target type, or {@code null}
 * @param value  code, identifier value, reference id or URL; never {@code null}
 */
public record IndexedValue(String system, String value) {
}
