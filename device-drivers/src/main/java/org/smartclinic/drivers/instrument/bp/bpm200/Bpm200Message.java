package org.smartclinic.drivers.instrument.bp.bpm200;

import java.time.LocalDateTime;
import java.util.Objects;

import org.smartclinic.drivers.Value;
import org.smartclinic.drivers.spi.RejectReason;

/** A BPM-200 frame body as {@link Bpm200BodyParser} understood it: a measurement, a heartbeat, or why not. */
sealed interface Bpm200Message {

    /**
     * An {@code M} frame, checked against the instrument's ranges.
     *
     * @param seq        the sequence field as sent, 4 digits
     * @param time       the time field as sent, {@code yyyyMMddHHmmss}
     * @param deviceTime {@code time} parsed, in the device's (unknown here) zone
     * @param mean       null when the device sent no MAP
     * @param pulse      null when the device sent no pulse
     */
    record Measurement(String seq, String time, LocalDateTime deviceTime, Value.Quantity systolic,
            Value.Quantity diastolic, Value.Quantity mean, Value.Quantity pulse) implements Bpm200Message {

        public Measurement {
            Objects.requireNonNull(systolic, "systolic");
            Objects.requireNonNull(diastolic, "diastolic");
        }

        /** Same for a retransmission of this frame, different for any new one. */
        String key() {
            return time + "#" + seq;
        }
    }

    /** An {@code S} (heartbeat) frame. */
    record Status(String seq, LocalDateTime deviceTime, String state) implements Bpm200Message {
    }

    /** A body that breaks the protocol or carries impossible values. */
    record Invalid(RejectReason reason, String detail) implements Bpm200Message {
    }
}
