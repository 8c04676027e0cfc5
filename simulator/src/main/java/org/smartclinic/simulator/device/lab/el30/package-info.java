/**
 * The EL-30 electrolyte analyzer twin. {@link org.smartclinic.simulator.device.lab.el30.El30Twin} plays the EL-30 on
 * the twin engine ({@link org.smartclinic.simulator.twin.Twin}), on a pseudo-terminal or by TCP: scripted or given
 * Na/K/Cl values per sample id, flagged against the analyzer's ranges, stop-and-wait with re-sends on NAK or
 * timeout, and fault knobs (bad checksums, line noise, and any {@link org.smartclinic.simulator.twin.FaultPlan}).
 */
package org.smartclinic.simulator.device.lab.el30;
