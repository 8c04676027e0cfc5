/**
 * The ASTM E1381 instrument engine of the analyzer twins: {@link org.smartclinic.simulator.device.lab.astm.AstmInstrument}
 * runs the real {@link org.smartclinic.drivers.codec.astm.link.AstmSender} (role INSTRUMENT) and
 * {@link org.smartclinic.drivers.codec.astm.link.AstmReceiver} over a twin's port: it bids for the line, sends frames,
 * honours ACK, NAK and EOT, retries, contention and the standard's timers (shorter ones for tests), receives what the
 * host sends (host-query answers) and reports it. {@link org.smartclinic.simulator.device.lab.astm.AstmLineFaults}
 * damages chosen frames (a bad checksum, EOT mid-message, garbage between frames, a delay past the receiver's
 * timeout), each off by default. {@link org.smartclinic.simulator.device.lab.astm.AstmCapture} and
 * {@link org.smartclinic.simulator.device.lab.astm.AstmCaptureReplay} replay an analyzer's raw capture frame by frame,
 * bytes as captured. The message content of each model lives in {@code org.smartclinic.simulator.device.lab}.
 */
package org.smartclinic.simulator.device.lab.astm;
