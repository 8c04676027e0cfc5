/**
 * Non-API parts of the FHIR sandbox: the versioned in-memory store and its identifier index, search-parameter
 * definitions and query matching, the write engine shared by single interactions and transactions (placeholder
 * resolution, referential integrity, atomic commit), the validator with its warm-up, and the HAPI providers that
 * expose them. Nothing here is meant to be used outside {@code org.smartclinic.simulator.fhir}.
 */
package org.smartclinic.simulator.fhir.internal;
