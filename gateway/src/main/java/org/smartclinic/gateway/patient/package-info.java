/**
 * Patients: finding them on the EHR (by identifier, or by name and birth date), registering new ones, and a local
 * cache of everyone found or registered so the clinic keeps working while the EHR is out of reach.
 */
package org.smartclinic.gateway.patient;
