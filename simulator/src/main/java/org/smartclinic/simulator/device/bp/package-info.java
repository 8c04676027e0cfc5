/**
 * Blood pressure monitor twins. {@link org.smartclinic.simulator.device.bp.Bpm200Twin} plays the BPM-200 on a
 * pseudo-terminal: scenario or scripted values, stop-and-wait with retransmissions, heartbeats, and fault knobs
 * (bad checksums, line noise, unplug and replug).
 */
package org.smartclinic.simulator.device.bp;
