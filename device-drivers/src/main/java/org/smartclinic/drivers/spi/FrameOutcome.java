package org.smartclinic.drivers.spi;

import java.util.List;
import java.util.Objects;

import org.smartclinic.drivers.Reading;

/** What a driver made of one frame (or of bytes that were not a frame). */
public sealed interface FrameOutcome {

    /**
     * A good frame. The link stores {@code readings} durably first and only then writes {@code ack}; if storing
     * fails it writes {@code nak} instead, so the device retransmits. A frame without readings (a status or
     * heartbeat frame) has an empty list and is answered at once.
     *
     * @param readings decoded readings, possibly empty
     * @param ack      bytes to send once stored; empty if the protocol sends nothing
     * @param nak      bytes to send if storing failed; empty if the protocol has no negative answer
     * @param printable printable form of the frame, for logs
     */
    record Accepted(List<Reading> readings, byte[] ack, byte[] nak, String printable) implements FrameOutcome {
        public Accepted {
            readings = List.copyOf(readings);
            Objects.requireNonNull(ack, "ack");
            Objects.requireNonNull(nak, "nak");
            Objects.requireNonNull(printable, "printable");
        }
    }

    /**
     * Input that was skipped. Counted per reason, kept for the technician, answered with {@code answer}
     * (a NAK for a bad frame, nothing for noise between frames).
     *
     * @param reason    why
     * @param detail    one line a technician understands, e.g. "checksum 3F, computed 3E"
     * @param printable the offending bytes, printable and capped
     * @param answer    bytes to send back; empty for none
     */
    record Rejected(RejectReason reason, String detail, String printable, byte[] answer) implements FrameOutcome {
        public Rejected {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(detail, "detail");
            Objects.requireNonNull(printable, "printable");
            Objects.requireNonNull(answer, "answer");
        }
    }
}
