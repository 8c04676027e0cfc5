package org.smartclinic.drivers.spi;

import java.time.Instant;
import java.util.List;

/**
 * One instance per connected device: a stateful, single-threaded decoder of that device's byte stream.
 * Implementations buffer partial frames (bounded), never throw for bad input, and do no I/O.
 */
public interface DeviceDriver {

    /**
     * Feeds bytes just received. Returns what became complete, in order: frames decoded, noise skipped.
     * Bytes of an incomplete frame stay buffered until the next call.
     *
     * @param receivedAt when these bytes arrived
     */
    List<FrameOutcome> decode(byte[] data, int offset, int length, Instant receivedAt);

    /** Bytes to send right after the link connects (a wake-up or poll); empty by default. */
    default byte[] onConnect() {
        return new byte[0];
    }

    /** The link dropped: forget any partial frame. */
    void reset();
}
