package org.smartclinic.drivers.codec.line;

import java.util.Objects;

import org.smartclinic.drivers.spi.RejectReason;

/** What {@link ChecksumLineDecoder} made of a run of bytes: a good frame, or bytes it skipped and why. */
public sealed interface LineOutcome {

    /** Printable form of the bytes concerned (see {@link org.smartclinic.drivers.codec.Printable}). */
    String printable();

    /**
     * A frame whose checksum matched and whose body is printable ASCII.
     *
     * @param body      the bytes between start byte and checksum delimiter, as US-ASCII text
     * @param printable the whole frame, start byte to LF, printable
     */
    record Frame(String body, String printable) implements LineOutcome {
        public Frame {
            Objects.requireNonNull(body, "body");
            Objects.requireNonNull(printable, "printable");
        }
    }

    /**
     * Bytes that were skipped.
     *
     * @param reason    why; one of NOISE, TRUNCATED, OVERLONG, MALFORMED, BAD_CHECKSUM
     * @param detail    one line a technician understands, e.g. "checksum 3F, computed 3E"
     * @param printable the skipped bytes, printable
     */
    record Rejected(RejectReason reason, String detail, String printable) implements LineOutcome {
        public Rejected {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(detail, "detail");
            Objects.requireNonNull(printable, "printable");
        }
    }
}
