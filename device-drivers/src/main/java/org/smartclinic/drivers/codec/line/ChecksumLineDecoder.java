package org.smartclinic.drivers.codec.line;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

import org.smartclinic.drivers.codec.Printable;
import org.smartclinic.drivers.spi.RejectReason;

/**
 * Bounded framer for checksummed ASCII line frames, the shape NMEA 0183 made common and several clinic
 * instruments share (BPM-200 blood pressure monitor; scales, tonometers and Hb photometers to come). The shape is
 * set by a {@link ChecksumLineFormat}:
 * <pre>
 *   +-------+-----------------+-----------+--------+------+------+
 *   | start | body            | delimiter | H H    | CR   | LF   |
 *   | '$'   | 0x20..0x7E,     | '*'       | body   | 0x0D | 0x0A |
 *   |       | no delimiter    |           | sum,   |      |      |
 *   |       |                 |           | in hex |      |      |
 *   +-------+-----------------+-----------+--------+------+------+
 *   |&lt;-------- at most maxFrameLength bytes, start to LF -------&gt;|
 * </pre>
 *
 * <p>One instance per connection; it keeps the partial frame between calls, in a buffer of
 * {@code maxFrameLength} bytes allocated once. It does no I/O and never throws for any input bytes. Outcomes
 * depend only on the byte sequence, never on how it was split into calls: bytes of an unfinished frame wait for
 * the next call ("need more bytes"); nothing is reported until a rule below decides it.
 *
 * <h2>Rules</h2>
 * Corrupt input is skipped first and reported second, so the next frame always decodes.
 * <ul>
 *   <li><b>Noise</b>: bytes outside a frame form runs; a run is reported once as {@code NOISE} when the next
 *       start byte arrives, at an LF (included in the run), or when it reaches {@code maxFrameLength} bytes, so a
 *       flood of garbage never grows a buffer.</li>
 *   <li><b>Truncated</b>: a start byte inside an unfinished frame reports the partial frame as
 *       {@code TRUNCATED}, then the new frame starts with that byte.</li>
 *   <li><b>Overlong</b>: a frame reaching {@code maxFrameLength} bytes without its LF is reported once as
 *       {@code OVERLONG}; everything after it up to the next start byte is discarded with it, unreported.</li>
 *   <li><b>End of frame</b>: an LF always ends a frame. Then, in this order:
 *     <ol>
 *       <li>no CR before the LF: {@code MALFORMED}, unless the format accepts a lone LF (leniency);</li>
 *       <li>no delimiter followed by two hex digits right before the line end: {@code MALFORMED}. Hex digits
 *           are read in either case (a peer printing lower case is bending the format, not corrupting data);</li>
 *       <li>checksum differs from the one computed over the body: {@code BAD_CHECKSUM};</li>
 *       <li>a byte in the body outside 0x20..0x7E, or the delimiter inside the body: {@code MALFORMED}.</li>
 *     </ol>
 *     The checksum is verified before the body's bytes on purpose: a control byte in a body whose checksum
 *     fails is line damage (the device will resend), whereas a checksum that covers it means the device really
 *     sent it, a structural fault. Both are rejected; only the reason differs.</li>
 * </ul>
 */
public final class ChecksumLineDecoder {

    /** Carriage return, 0x0D. */
    public static final byte CR = 0x0D;
    /** Line feed, 0x0A: always ends a frame and a noise run. */
    public static final byte LF = 0x0A;

    private enum State { OUTSIDE, IN_FRAME, DISCARDING }

    private final ChecksumLineFormat format;
    private final byte[] buffer;
    private int count;
    private State state = State.OUTSIDE;

    /** A decoder for frames of {@code format}, with nothing buffered yet. */
    public ChecksumLineDecoder(ChecksumLineFormat format) {
        this.format = Objects.requireNonNull(format, "format");
        this.buffer = new byte[format.maxFrameLength()];
    }

    /** The frame shape this decoder reads. */
    public ChecksumLineFormat format() {
        return format;
    }

    /**
     * Feeds bytes just received.
     *
     * @return what became complete, in order; empty when more bytes are needed
     * @throws IndexOutOfBoundsException if offset and length do not fit {@code data} (a caller bug, not bad input)
     */
    public List<LineOutcome> decode(byte[] data, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, data.length);
        List<LineOutcome> out = new ArrayList<>(2);
        for (int i = offset; i < offset + length; i++) {
            accept(data[i], out);
        }
        return out;
    }

    /** Forgets any partial frame or noise run, e.g. after the link dropped. */
    public void reset() {
        count = 0;
        state = State.OUTSIDE;
    }

    private void accept(byte b, List<LineOutcome> out) {
        if (b == format.start()) {
            startFrame(b, out);
            return;
        }
        switch (state) {
            case DISCARDING -> { }
            case OUTSIDE -> {
                buffer[count++] = b;
                if (b == LF || count == buffer.length) {
                    out.add(noise());
                }
            }
            case IN_FRAME -> {
                buffer[count++] = b;
                if (b == LF) {
                    out.add(endOfFrame());
                    state = State.OUTSIDE;
                } else if (count == buffer.length) {
                    out.add(reject(RejectReason.OVERLONG, "no line end within " + buffer.length
                            + " bytes; the rest is discarded up to the next frame start"));
                    state = State.DISCARDING;
                }
            }
        }
    }

    /** A start byte: closes whatever was pending, then opens a frame with it. */
    private void startFrame(byte start, List<LineOutcome> out) {
        if (state == State.IN_FRAME) {
            out.add(reject(RejectReason.TRUNCATED, "frame cut after " + count + " bytes by the start of the next one"));
        } else if (state == State.OUTSIDE && count > 0) {
            out.add(noise());
        }
        state = State.IN_FRAME;
        count = 0;
        buffer[count++] = start;
    }

    private LineOutcome noise() {
        return reject(RejectReason.NOISE, count + (count == 1 ? " byte" : " bytes") + " outside a frame");
    }

    private LineOutcome reject(RejectReason reason, String detail) {
        LineOutcome.Rejected rejected = new LineOutcome.Rejected(reason, detail, Arrays.copyOf(buffer, count));
        count = 0;
        return rejected;
    }

    /** Validates the complete frame in {@code buffer[0..count)}, which ends in LF. */
    private LineOutcome endOfFrame() {
        int end = count - 1;
        if (end >= 1 && buffer[end - 1] == CR) {
            end--;
        } else if (!format.acceptLoneLf()) {
            return reject(RejectReason.MALFORMED, "frame ends in <LF> without <CR>");
        }
        int delimiter = end - 3;
        if (delimiter < 1 || buffer[delimiter] != format.checksumDelimiter()) {
            return reject(RejectReason.MALFORMED,
                    "no checksum: expected '" + (char) format.checksumDelimiter() + "HH' before the line end");
        }
        int high = Character.digit(buffer[delimiter + 1], 16);
        int low = Character.digit(buffer[delimiter + 2], 16);
        String sent = Printable.of(buffer, delimiter + 1, 2, 2);
        if (high < 0 || low < 0) {
            return reject(RejectReason.MALFORMED, "checksum '" + sent + "' is not 2 hex digits");
        }
        int computed = format.checksum().compute(buffer, 1, delimiter - 1) & 0xFF;
        if (computed != (high << 4 | low)) {
            return reject(RejectReason.BAD_CHECKSUM, "checksum " + sent + ", computed " + hex(computed));
        }
        int bad = firstForbiddenBodyByte(delimiter);
        if (bad > 0) {
            return reject(RejectReason.MALFORMED, "byte " + Printable.of(buffer, bad, 1, 1)
                    + " at body position " + bad + " is not allowed in a frame body");
        }
        LineOutcome frame = new LineOutcome.Frame(
                new String(buffer, 1, delimiter - 1, StandardCharsets.US_ASCII), Arrays.copyOf(buffer, count));
        count = 0;
        return frame;
    }

    /** Index of the first body byte outside 0x20..0x7E or equal to the delimiter; -1 if none. */
    private int firstForbiddenBodyByte(int delimiter) {
        for (int i = 1; i < delimiter; i++) {
            int c = buffer[i] & 0xFF;
            if (c < 0x20 || c > 0x7E || c == format.checksumDelimiter()) {
                return i;
            }
        }
        return -1;
    }

    private static String hex(int value) {
        return String.format("%02X", value);
    }
}
