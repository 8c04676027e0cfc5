/**
 * Load generation for the ingest benchmark: many simulated devices publishing over a real transport as fast as
 * their protocol lets them (MQTT QoS 1 with many messages in flight per device), counting what was acknowledged.
 */
package org.smartclinic.simulator.load;
