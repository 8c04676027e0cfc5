package org.smartclinic.drivers.codec.astm.link;

import java.util.List;
import java.util.Objects;

import org.smartclinic.drivers.codec.Printable;

/**
 * What {@link AstmReceiver} made of its input, in order. Every answer to the sender travels inside an event, so
 * a driver that turns the events into outcomes in order keeps the answers in order on the wire:
 * <ul>
 *   <li>answered at once: {@link EnquiryAnswered}, {@link FrameAcknowledged}, and {@link Rejected} with a
 *       non-empty {@code answer};</li>
 *   <li>answered once stored: {@link MessageReceived} with a non-empty {@code ack} (the deferred ACK of the frame
 *       that completed the terminator record), {@code nak} if storing failed;</li>
 *   <li>no answer: {@link TransmissionIncomplete}, {@link TransmissionEnded}, noise and cut frames;</li>
 *   <li>{@link AstmTimerRequest}s, for the driver's timer service.</li>
 * </ul>
 * Texts (records) are ISO-8859-1. Details are one printable line without patient data; raw bytes may hold
 * patient data and belong in the raw-capture store.
 */
public sealed interface AstmReceiverEvent permits AstmReceiverEvent.EnquiryAnswered,
        AstmReceiverEvent.FrameAcknowledged, AstmReceiverEvent.MessageReceived, AstmReceiverEvent.Rejected,
        AstmReceiverEvent.TransmissionIncomplete, AstmReceiverEvent.TransmissionEnded, AstmTimerRequest {

    /**
     * An ENQ was answered: ACK, the transmission begins; or NAK, the receiver is busy (see
     * {@link AstmReceiver#setBusy}).
     *
     * @param answer the ACK or NAK to send now
     */
    record EnquiryAnswered(boolean accepted, byte[] answer) implements AstmReceiverEvent {
        public EnquiryAnswered {
            Objects.requireNonNull(answer, "answer");
        }
    }

    /**
     * A good frame that completes no message, acknowledged at once: an intermediate frame, a frame ending a record
     * other than the terminator, or a repeated frame (its ACK was lost) whose text was not taken again.
     *
     * @param frameNumber 0..7
     * @param last        the frame ended with ETX (false: ETB)
     * @param duplicate   the frame repeated the previous one; its text was ignored
     * @param raw         the frame's bytes, STX to LF
     * @param answer      the ACK to send now
     */
    record FrameAcknowledged(int frameNumber, boolean last, boolean duplicate, byte[] raw, byte[] answer)
            implements AstmReceiverEvent {
        public FrameAcknowledged {
            Objects.requireNonNull(raw, "raw");
            Objects.requireNonNull(answer, "answer");
        }
    }

    /**
     * A message to store: its records, in order, each without its CR.
     * <ul>
     *   <li>{@code terminated}: emitted when the frame completing the terminator record ({@code L|...}) arrived.
     *       That frame's acknowledgement is <b>held back</b>: send {@code ack} only once the message is stored,
     *       {@code nak} if storing failed (the sender then repeats the frame and this event comes again), and tell
     *       the receiver which ({@link AstmReceiver#stored()}, {@link AstmReceiver#storeFailed()}).</li>
     *   <li>not {@code terminated}: the sender ended the transmission (EOT) after complete records but no
     *       terminator record. Nothing is left to answer ({@code ack} and {@code nak} are empty): the sender already
     *       has every ACK, so a failure to store cannot be signalled back.</li>
     * </ul>
     *
     * @param raw the bytes of the message exactly as received, rejected and repeated frames included: from the ENQ
     *            (or from the end of the previous message of the same transmission) to the LF of the frame that
     *            completed it, or to the EOT for a message without terminator
     */
    record MessageReceived(List<String> records, byte[] raw, boolean terminated, byte[] ack, byte[] nak)
            implements AstmReceiverEvent {
        public MessageReceived {
            records = List.copyOf(records);
            Objects.requireNonNull(raw, "raw");
            Objects.requireNonNull(ack, "ack");
            Objects.requireNonNull(nak, "nak");
        }

        /** The records as one text, each ending with CR, as E1394 / LIS2-A2 writes a message. */
        public String text() {
            StringBuilder out = new StringBuilder();
            records.forEach(r -> out.append(r).append('\r'));
            return out.toString();
        }
    }

    /**
     * Input that was skipped: counted per reason and kept for the technician.
     *
     * @param detail one printable line, no patient data, e.g. "checksum 3F, computed 3E"
     * @param raw    the offending bytes as received (capped by the receiver's buffers)
     * @param answer the NAK to send now for a frame that reached its end; empty for noise, cut frames, and a
     *               dropped transmission
     */
    record Rejected(AstmRejectReason reason, String detail, byte[] raw, byte[] answer) implements AstmReceiverEvent {
        public Rejected {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(detail, "detail");
            Objects.requireNonNull(raw, "raw");
            Objects.requireNonNull(answer, "answer");
        }

        /** The offending bytes for logs and people, control bytes named, capped. */
        public String printable() {
            return Printable.of(raw);
        }
    }

    /** Why a transmission ended before its message did. */
    enum IncompleteCause {
        /** No frame and no EOT within the receive timeout after the last answer. */
        TIMEOUT,
        /** The connection was lost ({@link AstmReceiver#linkLost()}). */
        LINK_LOST,
        /** EOT came while a record was still running on through intermediate frames. */
        EOT_MID_RECORD,
        /** EOT came after the terminator frame was refused because storing failed: the message was not stored. */
        NOT_STORED
    }

    /**
     * A transmission that ended before its message was complete: nothing here was stored, and nothing is
     * answered. The complete records received are kept, so a driver may keep them, flagged incomplete.
     *
     * @param records complete records of the unfinished message, each without its CR
     * @param partial text of a record cut off mid-way, empty if none
     * @param raw     the bytes of the unfinished message as received, up to the byte that ended it
     */
    record TransmissionIncomplete(IncompleteCause cause, List<String> records, String partial, byte[] raw)
            implements AstmReceiverEvent {
        public TransmissionIncomplete {
            Objects.requireNonNull(cause, "cause");
            records = List.copyOf(records);
            Objects.requireNonNull(partial, "partial");
            Objects.requireNonNull(raw, "raw");
        }
    }

    /**
     * The sender ended the transmission with EOT; the line is free.
     *
     * @param messages messages emitted during the transmission ({@link MessageReceived})
     * @param frames   frames accepted during it, repetitions not counted
     */
    record TransmissionEnded(int messages, int frames) implements AstmReceiverEvent {
    }
}
