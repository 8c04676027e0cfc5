/**
 * Blood pressure monitor twins. {@link org.smartclinic.simulator.device.bp.Bpm200Twin} plays the BPM-200 on the twin
 * engine ({@link org.smartclinic.simulator.twin.Twin}), on a pseudo-terminal or by TCP: scenario or scripted values,
 * stop-and-wait with retransmissions, heartbeats, and fault knobs (bad checksums, line noise, unplug and replug, and
 * any {@link org.smartclinic.simulator.twin.FaultPlan}).
 */
package org.smartclinic.simulator.device.bp;
