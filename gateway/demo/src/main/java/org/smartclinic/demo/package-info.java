/**
 * The embedded demo: the gateway with test doubles for everything outside it (the FHIR sandbox as the EHR, an
 * in-process MQTT broker, simulated instruments on pseudo-terminals, MQTT and an export folder), started by the
 * README's run command. It plugs into the gateway as a {@link org.smartclinic.gateway.GatewayAddOn}; the
 * production artifact (module {@code gateway}) contains none of it.
 */
package org.smartclinic.demo;
