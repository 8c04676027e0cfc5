package org.smartclinic.drivers.instrument.oximetry.ox300;

import java.io.ByteArrayOutputStream;

import org.smartclinic.drivers.codec.binary.Crc16;
import org.smartclinic.drivers.codec.binary.SyncFrameFormat;

/**
 * Wire format of the OX-300 bedside pulse oximeter (a protocol of this project; the driver and its simulator twin
 * both follow this definition and build frames with the encoders here).
 *
 * <h2>Frames, both directions</h2>
 * All multi-byte integers are big-endian (network order).
 * <pre>
 *   +------+------+------+------+------+------+-----------------+------+------+
 *   | 0xAA | 0x55 | type | len  | seq (2)     | payload         | crc (2)     |
 *   +------+------+------+------+------+------+-----------------+------+------+
 *   | sync        |      |      |             | len bytes       |             |
 *                 |&lt;------- covered by the CRC -------------------&gt;|
 *   len  payload length, 0..64 ({@value #MAX_PAYLOAD}); a larger len is OVERLONG
 *   seq  counts the frames the device sends: +1 per frame, whatever its type, 65535 wraps to 0
 *   crc  CRC-16/CCITT-FALSE (poly 0x1021, init 0xFFFF, not reflected, no final XOR) over type, len, seq and
 *        payload: everything between the sync bytes and the CRC
 *   whole frame: 8..72 bytes ({@value #MAX_FRAME_LENGTH})
 * </pre>
 *
 * <h2>Device to gateway</h2>
 * <pre>
 *   0x01 DATA            flags(1) spo2(1) pulse(2) pi(2) samples(n)      n = len - 6, 1..32
 *       flags    bit0 SENSOR_OFF  probe off the finger
 *                bit1 LOW_SIGNAL  low perfusion / poor signal quality
 *                bit2 SEARCHING   searching for a pulse
 *                bits 3-7 reserved, always 0
 *       spo2     0..100 %; 0x7F = no value
 *       pulse    0..300 /min; 0xFFFF = no value
 *       pi       perfusion index x 100: 0..2000 = 0.00..20.00 %; 0xFFFF = no value
 *       samples  pleth, one unsigned byte each (unitless, 0..255), taken at 125 Hz (every 8000 us)
 *   0x02 IDENTITY        ASCII "model;serial;firmware": printable 0x20..0x7E, exactly two ';'
 *   0x03 DEVICE_ERROR    ASCII error text, printable 0x20..0x7E; empty = the error is cleared
 * </pre>
 * The device streams DATA frames continuously, normally 5 samples per frame ({@value #SAMPLES_PER_FRAME}, so 25
 * frames per second), though any n in 1..32 is valid. It sends IDENTITY once right after it powers up or is
 * plugged in, and again whenever it receives an IDENTIFY_REQUEST. The seq of the first frame after power-up is
 * not defined.
 *
 * <h2>Gateway to device</h2>
 * <pre>
 *   0x81 IDENTIFY_REQUEST   len 0, seq 0: the device answers with an IDENTITY frame
 *        AA 55 81 00 00 00 crc crc
 * </pre>
 * There are no acknowledgements: the stream is continuous, and a frame lost to line damage is simply lost (the
 * gap shows in the seq numbers).
 *
 * <h2>Encoders</h2>
 * The encoders build a frame from exactly the values given, as long as each fits its field on the wire; they do
 * not enforce the value rules above, so a simulator can send bad values on purpose. A frame whose payload exceeds
 * {@value #MAX_PAYLOAD} bytes (up to 255, what len can say) can be built the same way, to test OVERLONG.
 */
public final class Ox300Protocol {

    /** First sync byte, 0xAA. */
    public static final byte SYNC_1 = (byte) 0xAA;
    /** Second sync byte, 0x55. */
    public static final byte SYNC_2 = 0x55;
    /** Bytes between the sync bytes and the payload: type, len, seq. */
    public static final int HEADER_LENGTH = 4;
    /** Bytes of the CRC. */
    public static final int CRC_LENGTH = 2;
    /** Longest payload a valid frame has. */
    public static final int MAX_PAYLOAD = 64;
    /** Longest valid frame, sync to CRC. */
    public static final int MAX_FRAME_LENGTH = 2 + HEADER_LENGTH + MAX_PAYLOAD + CRC_LENGTH;

    /** Device to gateway: pleth samples and numerics. */
    public static final int TYPE_DATA = 0x01;
    /** Device to gateway: {@code model;serial;firmware}. */
    public static final int TYPE_IDENTITY = 0x02;
    /** Device to gateway: error text, empty when cleared. */
    public static final int TYPE_DEVICE_ERROR = 0x03;
    /** Gateway to device: asks for an IDENTITY frame. */
    public static final int TYPE_IDENTIFY_REQUEST = 0x81;

    /** DATA flag bit 0: the probe is off the finger. */
    public static final int FLAG_SENSOR_OFF = 0x01;
    /** DATA flag bit 1: low perfusion or poor signal quality. */
    public static final int FLAG_LOW_SIGNAL = 0x02;
    /** DATA flag bit 2: searching for a pulse. */
    public static final int FLAG_SEARCHING = 0x04;
    /** DATA flag bits 3-7: reserved, must be 0. */
    public static final int FLAGS_RESERVED = 0xF8;

    /** DATA bytes before the samples: flags, spo2, pulse, pi. */
    public static final int DATA_VALUES_LENGTH = 6;
    /** Highest SpO2, in %. */
    public static final int SPO2_MAX = 100;
    /** SpO2 byte meaning "no value". */
    public static final int SPO2_NO_VALUE = 0x7F;
    /** Highest pulse rate, per minute. */
    public static final int PULSE_MAX = 300;
    /** Pulse field meaning "no value". */
    public static final int PULSE_NO_VALUE = 0xFFFF;
    /** Highest perfusion index x 100 (20.00 %). */
    public static final int PI_MAX = 2000;
    /** Perfusion index field meaning "no value". */
    public static final int PI_NO_VALUE = 0xFFFF;
    /** Fewest samples in a DATA frame. */
    public static final int MIN_SAMPLES = 1;
    /** Most samples in a DATA frame. */
    public static final int MAX_SAMPLES = 32;
    /** Samples the device normally sends per DATA frame. */
    public static final int SAMPLES_PER_FRAME = 5;
    /** Pleth sample rate. */
    public static final int SAMPLE_RATE_HZ = 125;
    /** Time between two pleth samples, in microseconds. */
    public static final long SAMPLE_PERIOD_MICROS = 8000;

    /** Separates model, serial and firmware in an IDENTITY payload. */
    public static final char IDENTITY_SEPARATOR = ';';
    /** Number of seq values: seq counts modulo this. */
    public static final int SEQ_MODULUS = 0x10000;

    /** The frame shape, for {@link org.smartclinic.drivers.codec.binary.SyncFrameDecoder}. */
    public static final SyncFrameFormat FORMAT = new SyncFrameFormat(new byte[] {SYNC_1, SYNC_2}, HEADER_LENGTH,
            1, 1, MAX_PAYLOAD, Crc16.CCITT_FALSE);

    private Ox300Protocol() {
    }

    /** The CRC-16/CCITT-FALSE of {@code bytes[offset .. offset+length)}, as the protocol computes it. */
    public static int crc(byte[] bytes, int offset, int length) {
        return Crc16.ccittFalse(bytes, offset, length);
    }

    /** The seq following {@code seq}: +1, 65535 wraps to 0. */
    public static int nextSeq(int seq) {
        return (seq + 1) % SEQ_MODULUS;
    }

    /**
     * Any frame: sync, {@code type}, len, {@code seq}, {@code payload}, CRC.
     *
     * @throws IllegalArgumentException if type is not 0..255, seq not 0..65535 or the payload longer than 255
     */
    public static byte[] frame(int type, int seq, byte[] payload) {
        check("type", type, 0xFF);
        check("seq", seq, 0xFFFF);
        check("payload length", payload.length, 0xFF);
        ByteArrayOutputStream out = new ByteArrayOutputStream(payload.length + 2 + HEADER_LENGTH + CRC_LENGTH);
        out.write(SYNC_1);
        out.write(SYNC_2);
        out.write(type);
        out.write(payload.length);
        out.write(seq >> 8);
        out.write(seq & 0xFF);
        out.writeBytes(payload);
        byte[] covered = out.toByteArray();
        int crc = crc(covered, 2, covered.length - 2);
        out.write(crc >> 8);
        out.write(crc & 0xFF);
        return out.toByteArray();
    }

    /**
     * A DATA frame.
     *
     * @param flags   {@link #FLAG_SENSOR_OFF}, {@link #FLAG_LOW_SIGNAL}, {@link #FLAG_SEARCHING} or'ed; 0..255
     * @param spo2    0..100, or {@link #SPO2_NO_VALUE}; any 0..255 is encoded
     * @param pulse   0..300, or {@link #PULSE_NO_VALUE}; any 0..65535 is encoded
     * @param pi      perfusion index x 100, 0..2000, or {@link #PI_NO_VALUE}; any 0..65535 is encoded
     * @param samples pleth samples, one unsigned byte each; 1..32 valid, up to 249 encoded
     */
    public static byte[] dataFrame(int seq, int flags, int spo2, int pulse, int pi, byte[] samples) {
        check("flags", flags, 0xFF);
        check("spo2", spo2, 0xFF);
        check("pulse", pulse, 0xFFFF);
        check("pi", pi, 0xFFFF);
        ByteArrayOutputStream payload = new ByteArrayOutputStream(DATA_VALUES_LENGTH + samples.length);
        payload.write(flags);
        payload.write(spo2);
        payload.write(pulse >> 8);
        payload.write(pulse & 0xFF);
        payload.write(pi >> 8);
        payload.write(pi & 0xFF);
        payload.writeBytes(samples);
        return frame(TYPE_DATA, seq, payload.toByteArray());
    }

    /**
     * An IDENTITY frame with payload {@code model;serial;firmware}.
     *
     * @throws IllegalArgumentException if a character is above 0xFF (each character is sent as one byte)
     */
    public static byte[] identityFrame(int seq, String model, String serial, String firmware) {
        return frame(TYPE_IDENTITY, seq, latin1(model + IDENTITY_SEPARATOR + serial + IDENTITY_SEPARATOR + firmware));
    }

    /**
     * A DEVICE_ERROR frame; an empty {@code text} clears the error.
     *
     * @throws IllegalArgumentException if a character is above 0xFF (each character is sent as one byte)
     */
    public static byte[] errorFrame(int seq, String text) {
        return frame(TYPE_DEVICE_ERROR, seq, latin1(text));
    }

    /** The IDENTIFY_REQUEST the gateway sends: {@code AA 55 81 00 00 00} and its CRC. */
    public static byte[] identifyRequest() {
        return frame(TYPE_IDENTIFY_REQUEST, 0, new byte[0]);
    }

    private static byte[] latin1(String text) {
        byte[] bytes = new byte[text.length()];
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c > 0xFF) {
                throw new IllegalArgumentException("character " + i + " (U+" + Integer.toHexString(c)
                        + ") does not fit one byte");
            }
            bytes[i] = (byte) c;
        }
        return bytes;
    }

    private static void check(String field, int value, int max) {
        if (value < 0 || value > max) {
            throw new IllegalArgumentException(field + " must be 0.." + max + ": " + value);
        }
    }
}
