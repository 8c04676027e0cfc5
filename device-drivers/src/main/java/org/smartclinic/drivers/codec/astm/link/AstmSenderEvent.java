package org.smartclinic.drivers.codec.astm.link;

import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;

import org.smartclinic.drivers.codec.Printable;

/**
 * What {@link AstmSender} wants done or has to say, in order: bytes to send, {@link AstmTimerRequest}s, the end
 * of a transmission ({@link Delivered} or {@link Failed}), and received bytes that were not for it ({@link PassOn}).
 * Events holding bytes compare by content and print them readably ({@code Send[<STX>1H|...]}).
 */
public sealed interface AstmSenderEvent permits AstmSenderEvent.Send, AstmSenderEvent.Delivered,
        AstmSenderEvent.Failed, AstmSenderEvent.Contention, AstmSenderEvent.Ignored, AstmSenderEvent.PassOn,
        AstmTimerRequest {

    /** Bytes to write to the peer now: ENQ, a frame, or EOT. */
    record Send(byte[] bytes) implements AstmSenderEvent {
        public Send {
            Objects.requireNonNull(bytes, "bytes");
        }

        /** The bytes for logs and people, control bytes named, capped. */
        public String printable() {
            return Printable.of(bytes);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Send s && Arrays.equals(bytes, s.bytes);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(bytes);
        }

        @Override
        public String toString() {
            return "Send[" + printable() + "]";
        }
    }

    /**
     * Every frame was acknowledged and EOT sent: the message is delivered.
     *
     * @param frames          frames in the message
     * @param retransmissions frames sent again after a NAK or a timeout
     */
    record Delivered(int frames, int retransmissions) implements AstmSenderEvent {
    }

    /** Why a transmission failed. The {@link #code()} is stable. */
    enum Failure {
        /** The receiver refused (NAK) or left unanswered every ENQ. */
        NOT_ESTABLISHED("not_established"),
        /** One frame was refused or left unanswered as often as allowed; EOT was sent. */
        RETRIES_EXHAUSTED("retries_exhausted"),
        /** The connection was lost ({@link AstmSender#linkLost()}). */
        LINK_LOST("link_lost");

        private final String code;

        Failure(String code) {
            this.code = code;
        }

        /** Stable lower-case code for metrics, logs and the API. */
        public String code() {
            return code;
        }
    }

    /**
     * The message was not delivered; the sender is idle again and the caller may send it later.
     *
     * @param detail             one printable line, no patient data
     * @param framesAcknowledged frames the receiver acknowledged before the failure
     */
    record Failed(Failure reason, String detail, int framesAcknowledged) implements AstmSenderEvent {
        public Failed {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(detail, "detail");
        }
    }

    /**
     * The peer sent ENQ while this sender waited for the answer to its own (E1381-02 "Contention"). A
     * {@link AstmRole#HOST} yields: its ENQ is void, the peer's ENQ is handed on ({@link PassOn}) for the receiver
     * to answer, and it bids again after {@code backoff} once the line is quiet. An {@link AstmRole#INSTRUMENT}
     * keeps its claim and repeats its ENQ after {@code backoff}.
     */
    record Contention(AstmRole role, Duration backoff) implements AstmSenderEvent {
        public Contention {
            Objects.requireNonNull(role, "role");
            Objects.requireNonNull(backoff, "backoff");
        }
    }

    /**
     * Bytes received while waiting for a reply that are no reply (neither ACK, NAK, EOT nor ENQ): skipped, the
     * sender waits on.
     *
     * @param count  how many
     * @param sample the first of them, at most 256
     */
    record Ignored(int count, byte[] sample) implements AstmSenderEvent {
        public Ignored {
            Objects.requireNonNull(sample, "sample");
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Ignored i && count == i.count && Arrays.equals(sample, i.sample);
        }

        @Override
        public int hashCode() {
            return 31 * count + Arrays.hashCode(sample);
        }

        @Override
        public String toString() {
            return "Ignored[" + count + ": " + Printable.of(sample) + "]";
        }
    }

    /**
     * Received bytes that are not for the sender, because it does not hold the line (idle, waiting to bid again,
     * yielded, or done within this call): a driver with both roles feeds them to its {@link AstmReceiver}. Always
     * the last event of a {@link AstmSender#receive} call.
     */
    record PassOn(byte[] bytes) implements AstmSenderEvent {
        public PassOn {
            Objects.requireNonNull(bytes, "bytes");
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof PassOn p && Arrays.equals(bytes, p.bytes);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(bytes);
        }

        @Override
        public String toString() {
            return "PassOn[" + Printable.of(bytes) + "]";
        }
    }
}
