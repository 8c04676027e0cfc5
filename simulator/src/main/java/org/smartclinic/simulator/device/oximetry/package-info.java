/**
 * Pulse oximeter twins. {@link org.smartclinic.simulator.device.oximetry.Ox300Twin} plays the OX-300 on any twin
 * plug: identity on connect and on request, a continuous 125 Hz pleth stream with SpO2, pulse and PI, run-time
 * scenario controls (sensor off, low signal, device error), the engine's fault knobs, and a frame-rate knob for
 * live-bus load tests.
 */
package org.smartclinic.simulator.device.oximetry;
