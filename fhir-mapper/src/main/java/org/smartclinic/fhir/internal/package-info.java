/**
 * Non-API parts of the FHIR mapper: the small text tables it reads from its resources (vital signs, units), the
 * coding and value rules behind {@link org.smartclinic.fhir.ObservationMapper}, the name-based UUIDs of bundle
 * entries and the search-URL encoding of conditional requests. Other modules must not use these types; they may
 * change without notice.
 */
package org.smartclinic.fhir.internal;
