package org.smartclinic.drivers.codec.astm.link;

import java.util.Objects;

/**
 * How an {@link AstmReceiver} behaves.
 *
 * @param leniency             which deviations from the standard to accept; {@link AstmLeniency#STRICT} by default
 * @param timers               the receive timeout is taken from here ({@link AstmTimers#receive()}, 30 s)
 * @param maxTransmissionBytes most bytes held for the message being received, counted from the ENQ (or from the
 *                             end of the previous message of the same transmission); 1 MiB by default. A
 *                             transmission that outgrows it is dropped ({@code transmission_too_large})
 */
public record AstmReceiverOptions(AstmLeniency leniency, AstmTimers timers, int maxTransmissionBytes) {

    /** Default bound on a transmission: 1 MiB. */
    public static final int DEFAULT_MAX_TRANSMISSION_BYTES = 1 << 20;

    /** Strict, LIS1-A timers, 1 MiB. */
    public static final AstmReceiverOptions DEFAULT = new AstmReceiverOptions(AstmLeniency.STRICT, AstmTimers.LIS1_A,
            DEFAULT_MAX_TRANSMISSION_BYTES);

    public AstmReceiverOptions {
        Objects.requireNonNull(leniency, "leniency");
        Objects.requireNonNull(timers, "timers");
        int least = leniency.maxTextLength() + AstmFrame.OVERHEAD + 2;
        if (maxTransmissionBytes < least) {
            throw new IllegalArgumentException("maxTransmissionBytes must hold an ENQ and a frame of the longest text ("
                    + least + " bytes): " + maxTransmissionBytes);
        }
    }

    /** These options with another leniency. */
    public AstmReceiverOptions withLeniency(AstmLeniency other) {
        return new AstmReceiverOptions(other, timers, maxTransmissionBytes);
    }

    /** These options with other timers. */
    public AstmReceiverOptions withTimers(AstmTimers other) {
        return new AstmReceiverOptions(leniency, other, maxTransmissionBytes);
    }

    /** These options with another bound on a transmission. */
    public AstmReceiverOptions withMaxTransmissionBytes(int max) {
        return new AstmReceiverOptions(leniency, timers, max);
    }
}
