package org.smartclinic.drivers.instrument.oximetry.ox300;

import java.nio.charset.StandardCharsets;

import org.smartclinic.drivers.DeviceIdentity;
import org.smartclinic.drivers.codec.Printable;
import org.smartclinic.drivers.codec.binary.SyncFrameOutcome;
import org.smartclinic.drivers.spi.RejectReason;

/**
 * Reads a frame whose CRC matched (see {@link Ox300Protocol}) and checks it against the protocol. Never throws:
 * every problem is an {@link Ox300Message.Invalid}. Details never quote identity or error text.
 *
 * <h2>Reasons, in the order they are checked</h2>
 * <ul>
 *   <li>{@code UNSUPPORTED}: a type other than DATA, IDENTITY, DEVICE_ERROR; IDENTIFY_REQUEST (0x81) coming from
 *       the device.</li>
 *   <li>{@code MALFORMED}: DATA with fewer than 6 value bytes, no samples or more than 32; DATA with a reserved
 *       flag bit (3-7) set; IDENTITY or DEVICE_ERROR text with a byte outside 0x20..0x7E; IDENTITY without
 *       exactly two ';'.</li>
 *   <li>{@code BAD_VALUE}: spo2 above 100 other than 0x7F; pulse above 300 other than 0xFFFF; pi above 2000
 *       other than 0xFFFF. Checked whatever the flags say.</li>
 * </ul>
 */
final class Ox300FrameParser {

    /** Thrown and caught inside this class only, to leave a parse early with its reason. */
    private static final class Invalid extends RuntimeException {
        final RejectReason reason;

        Invalid(RejectReason reason, String detail) {
            super(detail, null, false, false);
            this.reason = reason;
        }
    }

    private Ox300FrameParser() {
    }

    static Ox300Message parse(SyncFrameOutcome.Frame frame) {
        byte[] header = frame.header();
        int type = header[0] & 0xFF;
        int seq = (header[2] & 0xFF) << 8 | header[3] & 0xFF;
        byte[] payload = frame.payload();
        try {
            return switch (type) {
                case Ox300Protocol.TYPE_DATA -> data(seq, payload);
                case Ox300Protocol.TYPE_IDENTITY -> new Ox300Message.Identity(seq, identity(payload));
                case Ox300Protocol.TYPE_DEVICE_ERROR -> new Ox300Message.DeviceError(seq, text("error", payload));
                case Ox300Protocol.TYPE_IDENTIFY_REQUEST -> throw new Invalid(RejectReason.UNSUPPORTED,
                        "frame type 0x81 (IDENTIFY_REQUEST) goes from gateway to device, not from the device");
                default -> throw new Invalid(RejectReason.UNSUPPORTED, String.format(
                        "frame type 0x%02X is not one the OX-300 sends (01 DATA, 02 IDENTITY, 03 DEVICE_ERROR)",
                        type));
            };
        } catch (Invalid e) {
            return new Ox300Message.Invalid(e.reason, e.getMessage());
        }
    }

    private static Ox300Message data(int seq, byte[] p) {
        int n = p.length - Ox300Protocol.DATA_VALUES_LENGTH;
        if (n < Ox300Protocol.MIN_SAMPLES || n > Ox300Protocol.MAX_SAMPLES) {
            throw new Invalid(RejectReason.MALFORMED, "data payload of " + p.length + " bytes: needs "
                    + Ox300Protocol.DATA_VALUES_LENGTH + " value bytes and 1.." + Ox300Protocol.MAX_SAMPLES
                    + " samples");
        }
        int flags = p[0] & 0xFF;
        if ((flags & Ox300Protocol.FLAGS_RESERVED) != 0) {
            throw new Invalid(RejectReason.MALFORMED, String.format("flags 0x%02X: reserved bits 3-7 set", flags));
        }
        int spo2 = checked("SpO2", p[1] & 0xFF, Ox300Protocol.SPO2_MAX, Ox300Protocol.SPO2_NO_VALUE, "%");
        int pulse = checked("pulse", unsigned16(p, 2), Ox300Protocol.PULSE_MAX, Ox300Protocol.PULSE_NO_VALUE,
                "/min");
        int pi = checked("perfusion index (x100)", unsigned16(p, 4), Ox300Protocol.PI_MAX, Ox300Protocol.PI_NO_VALUE,
                "");
        int[] samples = new int[n];
        for (int i = 0; i < n; i++) {
            samples[i] = p[Ox300Protocol.DATA_VALUES_LENGTH + i] & 0xFF;
        }
        return new Ox300Message.Data(seq, flags, spo2, pulse, pi, samples);
    }

    private static int checked(String name, int value, int max, int noValue, String unit) {
        if (value > max && value != noValue) {
            throw new Invalid(RejectReason.BAD_VALUE, String.format("%s %d is outside 0..%d%s (0x%X = no value)",
                    name, value, max, unit.isEmpty() ? "" : " " + unit, noValue));
        }
        return value;
    }

    private static DeviceIdentity identity(byte[] payload) {
        String text = text("identity", payload);
        String[] parts = text.split(String.valueOf(Ox300Protocol.IDENTITY_SEPARATOR), -1);
        if (parts.length != 3) {
            throw new Invalid(RejectReason.MALFORMED, "identity has " + (parts.length - 1)
                    + " ';', expected 2 (model;serial;firmware)");
        }
        return new DeviceIdentity(parts[0], parts[1], parts[2]);
    }

    /** The payload as text, if every byte is printable ASCII. */
    private static String text(String kind, byte[] payload) {
        for (int i = 0; i < payload.length; i++) {
            if (payload[i] < 0x20 || payload[i] > 0x7E) {
                throw new Invalid(RejectReason.MALFORMED, kind + " text: byte " + Printable.of(payload, i, 1, 1)
                        + " at payload position " + i + " is not printable ASCII");
            }
        }
        return new String(payload, StandardCharsets.US_ASCII);
    }

    private static int unsigned16(byte[] bytes, int at) {
        return (bytes[at] & 0xFF) << 8 | bytes[at + 1] & 0xFF;
    }
}
