package org.smartclinic.drivers.spi;

import java.util.List;
import java.util.Objects;

import org.smartclinic.drivers.DeviceIdentity;
import org.smartclinic.drivers.DeviceStatus;
import org.smartclinic.drivers.Reading;
import org.smartclinic.drivers.StreamedWaveform;
import org.smartclinic.drivers.codec.Printable;

/**
 * What a driver made of its input: one model for every driver shape. The link handles each kind the same way
 * whatever the transport:
 * <ul>
 *   <li>{@link Accepted}: readings are journaled first, and only then is the device acknowledged ({@code ack}, or
 *       the message transport's own acknowledgement); when storing fails the negative form goes out
 *       ({@code nak}, or the message is left for redelivery) so the device sends it again;</li>
 *   <li>{@link Rejected}: counted by reason, kept for the technician, answered as the protocol says;</li>
 *   <li>{@link StatusReport}, {@link IdentityReport}: what the device says about itself, for the technician's
 *       view, metrics and the FHIR Device;</li>
 *   <li>{@link WaveformChunk}: a piece of a continuous signal for live viewers, on a bounded bus that may drop
 *       (counted) but never slows the device.</li>
 * </ul>
 */
public sealed interface Outcome {

    /**
     * A good frame or message. Its exact bytes ({@code raw}) go to the raw-capture store, referenced from each
     * reading; a frame without readings (a heartbeat, an intermediate frame of a longer message) is answered at
     * once and not captured.
     *
     * @param readings decoded readings, possibly empty
     * @param raw      the frame's or message's bytes exactly as received
     * @param ack      bytes to send once stored (an ACK, an application acknowledgement); empty for none
     * @param nak      bytes to send if storing failed; empty if the protocol has no negative answer
     */
    record Accepted(List<Reading> readings, byte[] raw, byte[] ack, byte[] nak) implements Outcome {
        public Accepted {
            readings = List.copyOf(readings);
            Objects.requireNonNull(raw, "raw");
            Objects.requireNonNull(ack, "ack");
            Objects.requireNonNull(nak, "nak");
        }

        /** The raw bytes for logs and people, control bytes named, capped. */
        public String printable() {
            return Printable.of(raw);
        }
    }

    /**
     * Input that was skipped: counted per reason, kept for the technician, answered with {@code answer} (a NAK
     * for a bad frame, an application reject for a bad message, nothing for noise between frames). On message
     * transports a rejected message is settled for good (never redelivered): it cannot become good by retrying.
     *
     * @param reason why
     * @param detail one line a technician understands, e.g. "checksum 3F, computed 3E"; no patient data
     * @param raw    the offending bytes (capped by the driver's own bounds)
     * @param answer bytes to send back; empty for none
     */
    record Rejected(RejectReason reason, String detail, byte[] raw, byte[] answer) implements Outcome {
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

    /** The device reported its state (ready, measuring, error with its text). */
    record StatusReport(DeviceStatus status) implements Outcome {
        public StatusReport {
            Objects.requireNonNull(status, "status");
        }
    }

    /** The device reported who it is. */
    record IdentityReport(DeviceIdentity identity) implements Outcome {
        public IdentityReport {
            Objects.requireNonNull(identity, "identity");
        }
    }

    /** A chunk of a streamed signal, for live viewers only. */
    record WaveformChunk(StreamedWaveform waveform) implements Outcome {
        public WaveformChunk {
            Objects.requireNonNull(waveform, "waveform");
        }
    }
}
