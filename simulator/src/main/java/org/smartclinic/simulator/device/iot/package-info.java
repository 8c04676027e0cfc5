/**
 * Twins of connected IoT devices that publish over MQTT. {@link org.smartclinic.simulator.device.iot.VitalsJsonTwin}
 * plays a vitals monitor publishing {@code smartclinic.vitals/1} JSON with QoS 1 to a real broker, with fault
 * knobs (every n-th message not JSON, or out of schema).
 */
package org.smartclinic.simulator.device.iot;
