package org.smartclinic.drivers.spi;

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
}
