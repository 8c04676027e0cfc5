/**
 * Device-side twins of the gateway's drivers, speaking each instrument's wire protocol on real transports
 * (pseudo-terminals, TCP, MQTT) with fault knobs, and the in-process FHIR sandbox that stands in for the cloud
 * EHR in demos and tests. Shares codecs with {@code device-drivers}; knows nothing of gateway internals.
 */
package org.smartclinic.simulator;
