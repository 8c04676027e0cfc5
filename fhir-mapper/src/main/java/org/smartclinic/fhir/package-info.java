/**
 * Pure mapping from device readings and their explicit patient binding to FHIR R4 resources: Observations with
 * LOINC and IEEE 11073 MDC codings and UCUM units (vital-signs profiles where they apply), the Device, and the
 * transaction Bundle the uplink sends, built so that sending it twice stores everything once.
 */
package org.smartclinic.fhir;
