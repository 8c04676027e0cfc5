package org.smartclinic.drivers.instrument.oximetry.ox300;

import org.smartclinic.drivers.DeviceIdentity;
import org.smartclinic.drivers.spi.RejectReason;

/** An OX-300 frame as {@link Ox300FrameParser} understood it: data, identity, device error, or why not. */
sealed interface Ox300Message {

    /**
     * A DATA frame whose flags and values follow {@link Ox300Protocol}.
     *
     * @param samples pleth samples, 0..255 each, as sent (even when the sensor is off)
     */
    record Data(int seq, int flags, int spo2, int pulse, int pi, int[] samples) implements Ox300Message {

        boolean has(int flag) {
            return (flags & flag) != 0;
        }

        /** True when SpO2 and pulse may be reported: no flag set and both have a value. */
        boolean numericsValid() {
            return flags == 0 && spo2 != Ox300Protocol.SPO2_NO_VALUE && pulse != Ox300Protocol.PULSE_NO_VALUE;
        }
    }

    /** An IDENTITY frame. */
    record Identity(int seq, DeviceIdentity identity) implements Ox300Message {
    }

    /** A DEVICE_ERROR frame; {@code text} empty when the error is cleared. */
    record DeviceError(int seq, String text) implements Ox300Message {
    }

    /** A frame with a good CRC that breaks the protocol or carries impossible values. */
    record Invalid(RejectReason reason, String detail) implements Ox300Message {
    }
}
