/**
 * The embedded demo: the in-process FHIR sandbox stands in for the cloud EHR and simulated instruments run on
 * real pseudo-terminals, registered as devices like any other. Switched on by {@code smartclinic.demo.enabled}.
 */
package org.smartclinic.gateway.demo;
