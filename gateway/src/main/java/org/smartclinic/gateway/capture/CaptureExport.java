package org.smartclinic.gateway.capture;

import java.io.ByteArrayOutputStream;
import java.util.List;

import org.smartclinic.gateway.journal.Captures;

/**
 * A device's traffic as one replayable file: the captures' bytes, oldest first, exactly as the device sent them.
 * This is the raw-capture format the simulator's {@code astm-replay} command reads (see docs/astm-capture.md).
 *
 * <p>An ASTM E1381 message is captured from the ENQ that opened its transmission (the first message of a
 * transmission) or from its first frame (a later one), up to the frame that completed it: the EOT that ends the
 * transmission comes after the message is stored. With {@link Framing#ASTM} each such capture is written as a whole
 * transmission (ENQ added where the capture starts with a frame, EOT after it), so a replay sends the same frames
 * in the same order and a receiver stores the same messages. Captures that are not ASTM frames are written as
 * stored. With {@link Framing#AS_STORED} nothing is added.
 */
final class CaptureExport {

    static final byte ENQ = 0x05;
    static final byte STX = 0x02;
    static final byte EOT = 0x04;

    /** How captures are joined. */
    enum Framing {
        /** ASTM messages become whole transmissions; other captures as stored. */
        ASTM,
        /** Bytes exactly as stored, nothing added. */
        AS_STORED
    }

    private CaptureExport() {
    }

    static byte[] join(List<Captures.Capture> captures, Framing framing) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Captures.Capture capture : captures) {
            byte[] bytes = capture.bytes();
            boolean astm = framing == Framing.ASTM && isAstm(bytes);
            if (astm && bytes[0] != ENQ) {
                out.write(ENQ);
            }
            out.writeBytes(bytes);
            if (astm && bytes[bytes.length - 1] != EOT) {
                out.write(EOT);
            }
        }
        return out.toByteArray();
    }

    /** Starts with ENQ then a frame, or with a frame: STX and a frame number digit 0..7. */
    static boolean isAstm(byte[] bytes) {
        int at = bytes.length > 0 && bytes[0] == ENQ ? 1 : 0;
        return bytes.length >= at + 2 && bytes[at] == STX && bytes[at + 1] >= '0' && bytes[at + 1] <= '7';
    }
}
