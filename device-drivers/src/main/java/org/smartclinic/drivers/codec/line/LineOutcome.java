package org.smartclinic.drivers.codec.line;

import java.util.Objects;

import org.smartclinic.drivers.codec.Printable;
import org.smartclinic.drivers.spi.RejectReason;

/** What {@link ChecksumLineDecoder} made of a run of bytes: a good frame, or bytes it skipped and why. */
public sealed interface LineOutcome {

    /** The bytes concerned, exactly as received (at most the format's maximum frame length). */
    byte[] bytes();

    /** Printable form of {@link #bytes()} (see {@link Printable}). */
    default String printable() {
        return Printable.of(bytes());
    }

    /**
     * A frame whose checksum matched and whose body is printable ASCII.
     *
     * @param body  the bytes between start byte and checksum delimiter, as US-ASCII text
     * @param bytes the whole frame, start byte to LF
     */
    record Frame(String body, byte[] bytes) implements LineOutcome {
        public Frame {
            Objects.requireNonNull(body, "body");
            Objects.requireNonNull(bytes, "bytes");
        }
    }

    /**
     * Bytes that were skipped.
     *
     * @param reason why; one of NOISE, TRUNCATED, OVERLONG, MALFORMED, BAD_CHECKSUM
     * @param detail one line a technician understands, e.g. "checksum 3F, computed 3E"
     * @param bytes  the skipped bytes
     */
    record Rejected(RejectReason reason, String detail, byte[] bytes) implements LineOutcome {
        public Rejected {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(detail, "detail");
            Objects.requireNonNull(bytes, "bytes");
        }
    }
}
