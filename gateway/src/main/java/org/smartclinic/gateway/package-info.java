/**
 * The gateway application (Quarkus): devices from configuration run under supervision, every reading is
 * journaled durably before the device is acknowledged, readings bind to a patient only through an open exam at
 * their station, bound readings are mapped to FHIR and delivered to the EHR through a durable outbox, and the
 * whole is observable through REST, metrics and health.
 */
package org.smartclinic.gateway;
