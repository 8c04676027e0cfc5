package org.smartclinic.drivers.codec.astm.link;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One frame of ASTM E1381-02 / CLSI LIS1-A ("Frames", "Frame Number", "Checksum"):
 * <pre>
 *   +-----+----+----------------------+---------+----+----+----+----+
 *   | STX | FN | text                 | ETB|ETX | C1 | C2 | CR | LF |
 *   | 02  | 0  | 0..240 characters,   | 17 | 03 | checksum| 0D | 0A |
 *   |     | .. | none restricted (see |         | in hex  |    |    |
 *   |     | 7  | AstmControl); CR ends|         |         |    |    |
 *   |     |    | a record             |         |         |    |    |
 *   +-----+----+----------------------+---------+----+----+----+----+
 *         |&lt;- checksummed: FN .. ETB|ETX -----&gt;|
 * </pre>
 * Frames of one transmission are numbered 1, 2, ... 7, 0, 1, ... (the first frame after the ENQ is 1). A record
 * (E1394 / LIS2-A2: {@code H|\^&...}, {@code P|1...}, ..., {@code L|1|N}) is sent with its closing CR; a record
 * longer than 240 characters continues in the next frame: every frame but its last ends with ETB (an
 * intermediate frame), its last with ETX (an end frame).
 *
 * @param number the frame number, 0..7
 * @param text   the frame's text, as ISO-8859-1 characters (one byte each); no restricted character
 * @param last   true for an end frame (ETX), false for an intermediate frame (ETB)
 */
public record AstmFrame(int number, String text, boolean last) {

    /** Most text characters a frame may hold (E1381-02 "Frames"). */
    public static final int MAX_TEXT = 240;
    /** Bytes of a frame besides its text: STX, FN, ETB or ETX, two checksum digits, CR, LF. */
    public static final int OVERHEAD = 7;

    /** How records are cut into frames. */
    public enum Layout {
        /**
         * Every record starts in a new frame and ends with its own end frame (ETX), as LIS1-A sends them; only a
         * record longer than the text limit takes intermediate (ETB) frames. The default.
         */
        RECORD_PER_FRAME,
        /**
         * The records, each with its CR, run on as one text cut at the text limit: several records share a frame
         * and a record may end inside an intermediate frame. Some instruments send this way; a receiver accepts
         * it only with {@link AstmLeniency#packedRecords()}.
         */
        PACKED
    }

    public AstmFrame {
        Objects.requireNonNull(text, "text");
        if (number < 0 || number > 7) {
            throw new IllegalArgumentException("a frame number is 0..7: " + number);
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c > 0xFF || AstmControl.isRestricted(c)) {
                throw new IllegalArgumentException("character " + (int) c + " at " + i + " cannot be sent in a frame");
            }
        }
    }

    /** The number that follows {@code number}: 1..7, then 0, then 1 again. */
    public static int next(int number) {
        return (number + 1) & 7;
    }

    /** The frame's bytes on the wire, STX to LF, checksum computed, in upper-case hex as the standard says. */
    public byte[] encode() {
        return encode(false);
    }

    /**
     * The frame's bytes on the wire, STX to LF, checksum computed; in lower-case hex when {@code lowerCaseChecksum}
     * (see {@link AstmChecksum#digits(int, boolean)}).
     */
    public byte[] encode(boolean lowerCaseChecksum) {
        byte[] out = new byte[text.length() + OVERHEAD];
        out[0] = AstmControl.STX;
        out[1] = (byte) ('0' + number);
        byte[] body = text.getBytes(StandardCharsets.ISO_8859_1);
        System.arraycopy(body, 0, out, 2, body.length);
        int terminator = 2 + body.length;
        out[terminator] = last ? AstmControl.ETX : AstmControl.ETB;
        byte[] checksum = AstmChecksum.digits(AstmChecksum.of(out, 1, terminator), lowerCaseChecksum);
        out[terminator + 1] = checksum[0];
        out[terminator + 2] = checksum[1];
        out[terminator + 3] = AstmControl.CR;
        out[terminator + 4] = AstmControl.LF;
        return out;
    }

    /** The frames of {@code records}, one record per frame, at most {@link #MAX_TEXT} characters each. */
    public static List<AstmFrame> split(List<String> records) {
        return split(records, Layout.RECORD_PER_FRAME, MAX_TEXT);
    }

    /**
     * The frames that carry {@code records} in one transmission, numbered from 1.
     *
     * @param records the records, each without its closing CR (it is added); none empty, none holding a CR or a
     *                restricted character, every character ISO-8859-1
     * @param maxText most text characters per frame; {@link #MAX_TEXT} unless a receiver accepts longer
     */
    public static List<AstmFrame> split(List<String> records, Layout layout, int maxText) {
        Objects.requireNonNull(layout, "layout");
        if (maxText < 1) {
            throw new IllegalArgumentException("maxText must be positive: " + maxText);
        }
        List<String> texts = new ArrayList<>();
        StringBuilder packed = new StringBuilder();
        for (String record : records) {
            checkRecord(record);
            if (layout == Layout.PACKED) {
                packed.append(record).append('\r');
            } else {
                texts.add(record + '\r');
            }
        }
        if (layout == Layout.PACKED && !packed.isEmpty()) {
            texts.add(packed.toString());
        }
        List<AstmFrame> frames = new ArrayList<>();
        for (String text : texts) {
            for (int from = 0; from < text.length(); from += maxText) {
                int to = Math.min(text.length(), from + maxText);
                frames.add(new AstmFrame((frames.size() + 1) & 7, text.substring(from, to), to == text.length()));
            }
        }
        return frames;
    }

    /** The bytes of {@code frames} one after the other, as a sender puts them on the wire (replies apart). */
    public static byte[] encodeAll(List<AstmFrame> frames) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        frames.forEach(f -> out.writeBytes(f.encode()));
        return out.toByteArray();
    }

    private static void checkRecord(String record) {
        Objects.requireNonNull(record, "record");
        if (record.isEmpty() || record.indexOf('\r') >= 0) {
            throw new IllegalArgumentException("a record must be neither empty nor hold a CR (it is added)");
        }
    }
}
