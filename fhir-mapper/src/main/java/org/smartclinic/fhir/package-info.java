/**
 * Pure mapping from device readings and their explicit patient binding to FHIR R4 resources: Observations with
 * LOINC and IEEE 11073 MDC codings and UCUM units (vital-signs profiles where they apply), the Device, and the
 * transaction Bundle the uplink sends, built so that sending it twice stores everything once. Around the readings:
 * the Patient the gateway registers or finds ({@link org.smartclinic.fhir.PatientMapper}), the exam's summary
 * (DiagnosticReport), the audit of a person's binding change (AuditEvent), and the search URLs the gateway sends
 * ({@link org.smartclinic.fhir.SearchUrl}), every value escaped as the HAPI JPA server reads it back.
 */
package org.smartclinic.fhir;
