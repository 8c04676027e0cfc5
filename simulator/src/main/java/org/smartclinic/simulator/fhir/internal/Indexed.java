package org.smartclinic.simulator.fhir.internal;

/**
 * One searchable value of a stored resource, extracted when the resource is written (as a JPA server fills its
 * index tables), so searches never walk the model objects. Each search-parameter kind has its own shape.
 */
public sealed interface Indexed permits IndexedValue, IndexedString, IndexedDate {
}
