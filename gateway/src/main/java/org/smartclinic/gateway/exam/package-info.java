/**
 * Exams: the explicit binding rule. A GP opens an exam for a patient at a station; while it is open, readings
 * of that station's devices belong to that patient. Nothing else attaches a reading to a patient.
 */
package org.smartclinic.gateway.exam;
