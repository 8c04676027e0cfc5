package org.smartclinic.drivers.codec.astm.link;

import java.util.Arrays;

/**
 * The byte level of {@link AstmReceiver}: finds where frames begin and end, and what lies between them, in
 * bounded buffers; what a frame means is the receiver's business. Two modes:
 * <ul>
 *   <li><b>idle</b> (no transmission): ENQ is a control; every other byte is noise, in runs that end at an LF, an
 *       ENQ or a full buffer;</li>
 *   <li><b>receiving</b>: STX opens a frame; between frames ENQ and EOT are controls and any other byte is
 *       noise, in runs that end at STX, ENQ, EOT, LF or a full buffer.</li>
 * </ul>
 * A frame ends at the first LF after its ETB or ETX (with {@link AstmLeniency#looseLineEnd()}, also right after its
 * second checksum digit, and a CR then an LF just after are swallowed). Before its ETB or ETX, an LF, ENQ or EOT is
 * text, so the frame is malformed, not over: the sender sent one frame and waits for one answer, and cutting a
 * damaged frame short would make its rest a second thing to answer, shifting every later answer by one. Only STX
 * cuts a frame short, because it is where the next frame begins; a cut frame is not answered (the sender repeats it
 * after its timeout).
 */
final class FrameScanner {

    /** What the scanner found; each call hands over a finished piece. */
    interface Sink {

        /** A frame reached its end; answer it. */
        void frame(Scan scan);

        /** A frame cut short by the STX of the next one, {@code bytes} as received; not answered. */
        void cut(byte[] bytes, boolean textOverflow);

        /**
         * A run of noise. {@code lostStx}: it ended with an LF after an ETB or ETX, so it looks like a frame whose
         * STX was lost, and its sender waits for an answer.
         */
        void noise(byte[] bytes, boolean lostStx);

        /** ENQ (either mode) or EOT (receiving) between frames. */
        void control(byte control);
    }

    /**
     * A frame that reached its end: {@code buffer[0 .. length)} starts with STX. {@code terminator} is the index of
     * its ETB or ETX; {@code textOverflow}: its text grew past the limit (the extra text was not kept);
     * {@code tailOverflow}: the bytes after its checksum outgrew the buffer before the LF came.
     */
    record Scan(byte[] buffer, int length, int terminator, boolean textOverflow, boolean tailOverflow) {
    }

    private enum Position { OUTSIDE, TEXT, CHECKSUM, TAIL }

    /** Most bytes kept between the checksum and the LF: CR LF, or a short malformed tail. */
    private static final int TAIL_SLACK = 8;

    private final int maxText;
    private final boolean looseLineEnd;
    private final byte[] frame;
    private final byte[] noise;
    private boolean receiving;
    private Position position = Position.OUTSIDE;
    private int length;
    private int terminator;
    private boolean textOverflow;
    private boolean tailOverflow;
    private int noiseLength;
    private boolean noiseHasTerminator;
    private int absorb;

    FrameScanner(AstmLeniency leniency) {
        this.maxText = leniency.maxTextLength();
        this.looseLineEnd = leniency.looseLineEnd();
        this.frame = new byte[maxText + AstmFrame.OVERHEAD + TAIL_SLACK];
        this.noise = new byte[maxText + AstmFrame.OVERHEAD];
    }

    /** Switches between idle and receiving mode, forgetting any partial frame or noise. */
    void mode(boolean receiving) {
        this.receiving = receiving;
        position = Position.OUTSIDE;
        length = 0;
        noiseLength = 0;
        noiseHasTerminator = false;
        absorb = 0;
    }

    /** Bytes held: a partial frame plus a partial noise run; never more than {@link #capacity()}. */
    int held() {
        return length + noiseLength;
    }

    /** Most bytes the scanner ever holds. */
    int capacity() {
        return frame.length + noise.length;
    }

    void accept(byte b, Sink sink) {
        if (absorb > 0 && swallowed(b)) {
            return;
        }
        switch (position) {
            case OUTSIDE -> outside(b, sink);
            case TEXT -> text(b, sink);
            case CHECKSUM -> checksum(b, sink);
            case TAIL -> tail(b, sink);
        }
    }

    /** Swallows the CR and LF that may follow a frame ended early by the loose line end. */
    private boolean swallowed(byte b) {
        if (b == AstmControl.CR && absorb == 2) {
            absorb = 1;
            return true;
        }
        absorb = 0;
        return b == AstmControl.LF;
    }

    private void outside(byte b, FrameScanner.Sink sink) {
        boolean control = b == AstmControl.ENQ || receiving && b == AstmControl.EOT;
        if (control || receiving && b == AstmControl.STX) {
            flushNoise(sink, false);
            if (control) {
                sink.control(b);
            } else {
                begin();
            }
            return;
        }
        noise[noiseLength++] = b;
        noiseHasTerminator |= b == AstmControl.ETX || b == AstmControl.ETB;
        if (b == AstmControl.LF) {
            flushNoise(sink, receiving && noiseHasTerminator);
        } else if (noiseLength == noise.length) {
            flushNoise(sink, false);
        }
    }

    private void flushNoise(Sink sink, boolean lostStx) {
        if (noiseLength > 0) {
            byte[] bytes = Arrays.copyOf(noise, noiseLength);
            noiseLength = 0;
            noiseHasTerminator = false;
            sink.noise(bytes, lostStx);
        }
    }

    private void begin() {
        position = Position.TEXT;
        frame[0] = AstmControl.STX;
        length = 1;
        terminator = -1;
        textOverflow = false;
        tailOverflow = false;
    }

    private void text(byte b, Sink sink) {
        if (b == AstmControl.STX) {
            cut(sink);
            begin();
        } else if (b == AstmControl.ETX || b == AstmControl.ETB) {
            terminator = length;
            frame[length++] = b;
            position = Position.CHECKSUM;
        } else if (length - 2 < maxText) {
            frame[length++] = b;
        } else {
            textOverflow = true;
        }
    }

    private void checksum(byte b, Sink sink) {
        if (b == AstmControl.STX) {
            cut(sink);
            begin();
            return;
        }
        frame[length++] = b;
        if (b == AstmControl.LF) {
            end(sink, false);
        } else if (looseLineEnd && length == terminator + 3) {
            end(sink, true);
        } else if (length == terminator + 3) {
            position = Position.TAIL;
        }
    }

    private void tail(byte b, Sink sink) {
        if (b == AstmControl.STX) {
            cut(sink);
            begin();
            return;
        }
        if (length - terminator - 3 < TAIL_SLACK) {
            frame[length++] = b;
        } else {
            tailOverflow = true;
        }
        if (b == AstmControl.LF) {
            end(sink, false);
        }
    }

    /** The frame is over; {@code early}: at its last checksum digit (loose line end), its CR LF may follow. */
    private void end(Sink sink, boolean early) {
        Scan scan = new Scan(frame, length, terminator, textOverflow, tailOverflow);
        position = Position.OUTSIDE;
        length = 0;
        absorb = early ? 2 : 0;
        sink.frame(scan);
    }

    private void cut(Sink sink) {
        byte[] bytes = Arrays.copyOf(frame, length);
        boolean overflow = textOverflow;
        position = Position.OUTSIDE;
        length = 0;
        sink.cut(bytes, overflow);
    }
}
