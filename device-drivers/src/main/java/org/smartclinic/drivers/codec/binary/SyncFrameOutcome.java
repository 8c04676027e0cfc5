package org.smartclinic.drivers.codec.binary;

import java.util.Objects;

import org.smartclinic.drivers.codec.Printable;
import org.smartclinic.drivers.spi.RejectReason;

/**
 * What {@link SyncFrameDecoder} made of a run of bytes: a frame whose check value matched, or bytes it skipped and
 * why. Every byte fed to the decoder ends up in exactly one outcome, in order, once it is decided.
 */
public sealed interface SyncFrameOutcome {

    /** The bytes concerned, exactly as received (at most the format's maximum frame length). */
    byte[] bytes();

    /** Printable form of {@link #bytes()} (see {@link Printable}). */
    default String printable() {
        return Printable.of(bytes());
    }

    /**
     * A frame whose check value matched.
     *
     * @param header  the header bytes, between the sync bytes and the payload (length field included)
     * @param payload the payload bytes, as many as the length field said
     * @param bytes   the whole frame, sync bytes to check value
     */
    record Frame(byte[] header, byte[] payload, byte[] bytes) implements SyncFrameOutcome {
        public Frame {
            Objects.requireNonNull(header, "header");
            Objects.requireNonNull(payload, "payload");
            Objects.requireNonNull(bytes, "bytes");
        }
    }

    /**
     * Bytes that were skipped.
     *
     * @param reason why: NOISE, TRUNCATED, OVERLONG or BAD_CHECKSUM
     * @param detail one line a technician understands, e.g. "CRC 3F2A, computed 29B1"
     * @param bytes  the skipped bytes
     */
    record Rejected(RejectReason reason, String detail, byte[] bytes) implements SyncFrameOutcome {
        public Rejected {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(detail, "detail");
            Objects.requireNonNull(bytes, "bytes");
        }
    }
}
