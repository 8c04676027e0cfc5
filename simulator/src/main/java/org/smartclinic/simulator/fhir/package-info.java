/**
 * The in-process FHIR R4 sandbox that stands in for the clinic's cloud EHR in demos and tests: a HAPI
 * {@code RestfulServer} in embedded Jetty, backed by an in-memory versioned store, answering read, create,
 * conditional create, update, conditional update, search and transaction over real HTTP the way a HAPI FHIR JPA
 * server does, and validating everything it receives (including the R4 vital-signs profiles). Start one with
 * {@link org.smartclinic.simulator.fhir.FhirSandbox#start(org.smartclinic.simulator.fhir.FhirSandbox.Settings)}.
 */
package org.smartclinic.simulator.fhir;
