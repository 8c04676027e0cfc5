package org.smartclinic.drivers.instrument.bp.bpm200;

import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

/**
 * Wire format of the BPM-200 automatic blood pressure monitor (a protocol of this project; the driver and its
 * simulator twin both follow this definition).
 *
 * <h2>Frames, device to gateway</h2>
 * <pre>
 *   '$' body '*' CS CR LF
 *   body = type ',' field ',' field ...        printable ASCII 0x20..0x7E, no '$' or '*'
 *   CS   = two upper-case hex digits: XOR of every byte of body (between '$' and '*', both excluded)
 *   whole frame, '$' to LF inclusive: at most {@value #MAX_FRAME_LENGTH} bytes
 * </pre>
 * Types:
 * <pre>
 *   M,seq,time,sys,dia,map,pulse,unit    a measurement
 *       seq    4 digits 0000..9999, +1 per new frame (wraps); a retransmission repeats it
 *       time   yyyyMMddHHmmss, the device's clock (local time of the zone it is set to; no offset sent)
 *       sys, dia, map   pressures in unit; map may be empty (not computed)
 *       pulse  pulse rate per minute, integer; empty if not measured
 *       unit   "mmHg" (integers) or "kPa" (one decimal)
 *   S,seq,time,state                     a heartbeat, sent when idle at least every 5 s
 *       state  READY | MEASURING | ERROR
 * </pre>
 * Example: {@code $M,0042,20261123101500,128,82,97,71,mmHg*3B<CR><LF>} (checksum here illustrative; use
 * {@link #frame(String)}).
 *
 * <h2>Answers, gateway to device</h2>
 * One byte per frame: {@link #ACK} when the frame is stored, {@link #NAK} when it is corrupt or could not be stored.
 * Noise between frames is not answered.
 *
 * <h2>Device behaviour</h2>
 * Stop-and-wait: one frame outstanding. On NAK, or no answer within 1 s, the device sends the same frame again
 * (same seq and time), at most 3 times, then gives the frame up and moves on.
 */
public final class Bpm200Protocol {

    /** Frame start, {@code '$'}. */
    public static final byte START = '$';
    /** Separates the body from the checksum, {@code '*'}. */
    public static final byte CHECKSUM_DELIMITER = '*';
    /** Carriage return, 0x0D. */
    public static final byte CR = 0x0D;
    /** Line feed, 0x0A. */
    public static final byte LF = 0x0A;
    /** Positive answer: ASCII ACK, 0x06. */
    public static final byte ACK = 0x06;
    /** Negative answer: ASCII NAK, 0x15. */
    public static final byte NAK = 0x15;
    /** Longest frame, start to LF inclusive. */
    public static final int MAX_FRAME_LENGTH = 128;

    public static final String TYPE_MEASUREMENT = "M";
    public static final String TYPE_STATUS = "S";
    public static final String UNIT_MMHG = "mmHg";
    public static final String UNIT_KPA = "kPa";

    /** Format of the time field. */
    public static final DateTimeFormatter TIME_FORMAT = DateTimeFormatter.ofPattern("uuuuMMddHHmmss");

    private Bpm200Protocol() {
    }

    /** XOR of the bytes of {@code body}, as two upper-case hex digits. */
    public static String checksum(byte[] body, int offset, int length) {
        int x = 0;
        for (int i = offset; i < offset + length; i++) {
            x ^= body[i] & 0xFF;
        }
        return String.format("%02X", x);
    }

    /** The complete frame for {@code body}: {@code $body*CS<CR><LF>}. */
    public static byte[] frame(String body) {
        byte[] b = body.getBytes(StandardCharsets.US_ASCII);
        String cs = checksum(b, 0, b.length);
        return ('$' + body + '*' + cs + "\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * Body of a measurement frame. Pressures and pulse are passed as the device would print them
     * (e.g. {@code "128"} or {@code "17.1"}); empty strings for absent MAP or pulse.
     */
    public static String measurementBody(int seq, LocalDateTime time, String sys, String dia, String map,
            String pulse, String unit) {
        return String.join(",", TYPE_MEASUREMENT, seq(seq), TIME_FORMAT.format(time), sys, dia, map, pulse, unit);
    }

    /** Body of a heartbeat frame. */
    public static String statusBody(int seq, LocalDateTime time, String state) {
        return String.join(",", TYPE_STATUS, seq(seq), TIME_FORMAT.format(time), state);
    }

    private static String seq(int seq) {
        if (seq < 0 || seq > 9999) {
            throw new IllegalArgumentException("seq must be 0..9999: " + seq);
        }
        return String.format("%04d", seq);
    }
}
