package org.smartclinic.drivers.spi;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * A driver of a framed byte stream (serial, TCP): bytes in, frames out. It buffers partial frames (bounded)
 * between calls. Protocols that are conversations (the gateway answers, asks, or starts sessions of its own) send
 * through the {@link DriverChannel} and keep their timers there.
 */
public non-sealed interface StreamDriver extends DeviceDriver {

    /**
     * Feeds bytes just received. Returns what became complete, in order: frames decoded, noise skipped. Bytes of an
     * incomplete frame stay buffered until the next call.
     *
     * @param receivedAt when these bytes arrived
     */
    List<Outcome> decode(byte[] data, int offset, int length, Instant receivedAt);

    /** The connection is open; the driver may greet or poll the device through its channel. */
    default List<Outcome> onConnect(Instant now) {
        return List.of();
    }

    /**
     * For stop-and-wait protocols whose positive answer names no frame (a bare ACK byte): how long after a positive
     * answer a byte-identical frame is taken for the device's retransmission that crossed that answer, and is not
     * answered again. The device sent it before our answer reached it (it was waiting in the input while we stored
     * the first copy, or passed our answer on the wire), so the answer already on its way serves it; a second one
     * would be taken as the answer to the device's <em>next</em> frame, and the device would count that frame as
     * stored before we have it. A copy arriving later than the window means the answer was lost: it is answered.
     * Half the device's answer timeout is a sound value; {@link Duration#ZERO} (the default) answers every frame.
     */
    default Duration crossedRetransmissionWindow() {
        return Duration.ZERO;
    }
}
