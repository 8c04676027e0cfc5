/**
 * The low-level protocol of ASTM E1381-02 / CLSI LIS1-A, both ends of the line, as pure state machines: bytes and
 * timer firings in, typed events out (answers to send, messages to store, rejections to count, timer requests).
 * {@link org.smartclinic.drivers.codec.astm.link.AstmReceiver} is the gateway's side of an analyzer's
 * transmission: it checks and acknowledges frames, takes repeated ones once, and holds back the acknowledgement of
 * a message's last frame until the driver has stored it.
 * {@link org.smartclinic.drivers.codec.astm.link.AstmSender} carries a message to a peer (simulator twins, answers
 * to host queries): bids for the line, resolves contention by role, repeats refused frames, gives up cleanly.
 * {@link org.smartclinic.drivers.codec.astm.link.AstmFrame} and
 * {@link org.smartclinic.drivers.codec.astm.link.AstmChecksum} encode frames;
 * {@link org.smartclinic.drivers.codec.astm.link.AstmLeniency} lists the documented deviations a receiver may
 * accept. Nothing here does I/O, keeps time or knows the driver SPI: a driver forwards the answers, carries out the
 * timer requests on its channel, and maps the events to outcomes.
 */
package org.smartclinic.drivers.codec.astm.link;
