package org.smartclinic.simulator.device.lab.astm;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.smartclinic.drivers.codec.astm.link.AstmControl;
import org.smartclinic.drivers.testkit.EscapedBytes;

/**
 * An analyzer's raw ASTM capture split into transmissions and frames, each frame's bytes exactly as captured, for
 * {@link AstmCaptureReplay}. The capture is what the instrument sent, nothing from the host (format:
 * {@code docs/astm-capture.md}):
 * <ul>
 *   <li>ENQ opens a transmission, EOT closes it; a frame outside any transmission opens one (a capture that starts
 *       mid-way).</li>
 *   <li>A frame runs from STX through ETX or ETB, its two checksum characters, and the CR and LF that follow if
 *       they do; nothing is checked or recomputed, so a frame with a wrong checksum stays wrong.</li>
 *   <li>A frame with the same number as the one before it in the transmission is the instrument repeating a
 *       refused frame: the repetition replaces it, so the replay sends it once, as the receiver finally took it.</li>
 *   <li>Anything else is junk, counted and skipped: bytes between frames, a frame cut by STX, ENQ or EOT or by the
 *       end of the capture before its checksum, a frame longer than {@link #MAX_FRAME} bytes. A transmission without frames (a refused bid) is left out.</li>
 * </ul>
 *
 * @param transmissions the transmissions, in order, each a list of frames
 * @param junkBytes     bytes skipped
 * @param repeatsMerged repeated frames that replaced the frame before them
 */
public record AstmCapture(List<List<byte[]>> transmissions, int junkBytes, int repeatsMerged) {

    /** Longest frame taken: 64 KiB of text and the frame's own bytes. */
    public static final int MAX_FRAME = 64 * 1024 + 16;
    private static final String PRINTABLE_MARK = "<STX>";

    public AstmCapture {
        transmissions = transmissions.stream().map(t -> t.stream().map(byte[]::clone).toList()).toList();
    }

    /** Frames in all transmissions. */
    public int frames() {
        return transmissions.stream().mapToInt(List::size).sum();
    }

    /**
     * Reads a capture file: raw bytes, or the printable export (text with {@code <STX>}, {@code <CR>}, {@code <xHH>}
     * ..., line breaks ignored, lines starting with {@code #} comments) when the file is text holding {@code <STX>}.
     */
    public static AstmCapture read(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        return split(isPrintableExport(bytes) ? fromPrintable(new String(bytes, StandardCharsets.UTF_8)) : bytes);
    }

    /** The printable export's bytes: escapes resolved, line breaks and {@code #} comment lines dropped. */
    public static byte[] fromPrintable(String text) {
        StringBuilder joined = new StringBuilder(text.length());
        for (String line : text.split("\r?\n")) {
            if (!line.startsWith("#")) {
                joined.append(line);
            }
        }
        return EscapedBytes.parse(joined.toString());
    }

    /** Splits raw instrument-to-host bytes as the class comment says. */
    public static AstmCapture split(byte[] raw) {
        Splitter s = new Splitter();
        int i = 0;
        while (i < raw.length) {
            byte b = raw[i];
            if (b == AstmControl.STX) {
                i = s.frame(raw, i);
            } else {
                if (b == AstmControl.ENQ) {
                    s.close();
                    s.open();
                } else if (b == AstmControl.EOT) {
                    s.close();
                } else {
                    s.junk++;
                }
                i++;
            }
        }
        s.close();
        return new AstmCapture(s.transmissions, s.junk, s.repeats);
    }

    private static boolean isPrintableExport(byte[] bytes) {
        for (byte b : bytes) {
            if (b < 0x20 && b != '\n' && b != '\r' && b != '\t') {
                return false;
            }
        }
        return new String(bytes, StandardCharsets.ISO_8859_1).contains(PRINTABLE_MARK);
    }

    /** The state of one split. */
    private static final class Splitter {
        final List<List<byte[]>> transmissions = new ArrayList<>();
        List<byte[]> current;
        int junk;
        int repeats;

        void open() {
            current = new ArrayList<>();
        }

        void close() {
            if (current != null && !current.isEmpty()) {
                transmissions.add(current);
            }
            current = null;
        }

        /** Takes the frame starting at {@code start} (an STX); returns where scanning goes on. */
        int frame(byte[] raw, int start) {
            int end = start + 1;
            while (end < raw.length && end - start < MAX_FRAME) {
                byte b = raw[end];
                if (b == AstmControl.ETX || b == AstmControl.ETB) {
                    if (end + 2 < raw.length) {
                        return take(raw, start, lineEnd(raw, end + 3));
                    }
                    end = raw.length;
                    break;
                }
                if (b == AstmControl.STX || b == AstmControl.ENQ || b == AstmControl.EOT) {
                    break;
                }
                end++;
            }
            junk += end - start;
            return end;
        }

        /** After the checksum: a CR, then an LF, each taken if it is there. */
        private static int lineEnd(byte[] raw, int at) {
            int end = at;
            if (end < raw.length && raw[end] == AstmControl.CR) {
                end++;
            }
            if (end < raw.length && raw[end] == AstmControl.LF) {
                end++;
            }
            return end;
        }

        private int take(byte[] raw, int start, int end) {
            byte[] frame = Arrays.copyOfRange(raw, start, end);
            if (current == null) {
                open();
            }
            if (!current.isEmpty() && frame.length > 1 && current.getLast()[1] == frame[1]) {
                current.set(current.size() - 1, frame);
                repeats++;
            } else {
                current.add(frame);
            }
            return end;
        }
    }
}
