package org.smartclinic.drivers.instrument.lab.el30;

import static org.smartclinic.drivers.instrument.lab.el30.El30Protocol.CR;
import static org.smartclinic.drivers.instrument.lab.el30.El30Protocol.ETX;
import static org.smartclinic.drivers.instrument.lab.el30.El30Protocol.LF;
import static org.smartclinic.drivers.instrument.lab.el30.El30Protocol.STX;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

import org.smartclinic.drivers.codec.Printable;
import org.smartclinic.drivers.spi.RejectReason;

/**
 * Bounded framer for EL-30 reports ({@link El30Protocol}): {@code STX text ETX C C CR LF}, at most
 * {@value El30Protocol#MAX_REPORT_LENGTH} bytes, in one buffer allocated once. One instance per connection; no I/O,
 * never throws for any input, and outcomes depend only on the byte sequence, never on how it was split.
 *
 * <h2>Rules</h2>
 * Corrupt input is skipped first and reported second, so the next report always decodes.
 * <ul>
 *   <li><b>Noise</b>: bytes outside a report form runs, reported once as {@code NOISE} when the next STX arrives,
 *       at an LF (included), or when a run fills the buffer.</li>
 *   <li><b>Truncated</b>: an STX before the report's trailer ended reports the partial report, then a new one
 *       starts with that STX (an analyzer re-sending after its timeout cut its own report).</li>
 *   <li><b>Overlong</b>: a report filling the buffer before its end is reported once; the rest up to the next STX
 *       is discarded with it, unreported.</li>
 *   <li><b>End</b>: after ETX, the trailer ends at its LF or at its fourth byte (leniency: at a CR or LF). Then, in
 *       this order: the trailer is not two hex digits and the line end ({@code MALFORMED}); the checksum differs
 *       ({@code BAD_CHECKSUM}); the text holds a control byte other than the line ends, a byte above 0x7E, a line
 *       end other than CR LF (unless lenient), or does not end with a line end ({@code MALFORMED}). The checksum
 *       goes first for the reason the BPM-200's framer gives: a stray byte under a bad checksum is line damage that
 *       a resend cures, under a good one a fault of the analyzer.</li>
 * </ul>
 * Leniency {@code bareLineEnds}: a lone CR or a lone LF also ends a line, in the text and after the checksum;
 * a report ending in CR is complete at once (the analyzer waits for the answer), and an LF right after it is
 * dropped silently.
 */
final class El30ReportDecoder {

    /** What became of a run of bytes. */
    sealed interface Result {
        byte[] bytes();
    }

    /** A report whose framing and checksum are right: its lines without line ends, and its bytes. */
    record Report(List<String> lines, byte[] bytes) implements Result {
    }

    /** Skipped bytes and why: NOISE, TRUNCATED, OVERLONG, MALFORMED or BAD_CHECKSUM. */
    record Rejected(RejectReason reason, String detail, byte[] bytes) implements Result {
    }

    private enum State { OUTSIDE, TEXT, TRAILER, AFTER_CR, DISCARDING }

    private static final int TRAILER_LENGTH = 4;

    private final boolean bareLineEnds;
    private final byte[] buffer = new byte[El30Protocol.MAX_REPORT_LENGTH];
    private int count;
    private int etxAt;
    private State state = State.OUTSIDE;

    El30ReportDecoder(boolean bareLineEnds) {
        this.bareLineEnds = bareLineEnds;
    }

    List<Result> decode(byte[] data, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, data.length);
        List<Result> out = new ArrayList<>(2);
        for (int i = offset; i < offset + length; i++) {
            accept(data[i], out);
        }
        return out;
    }

    void reset() {
        count = 0;
        state = State.OUTSIDE;
    }

    /** Bytes held now; never more than the buffer. */
    int buffered() {
        return count;
    }

    private void accept(byte b, List<Result> out) {
        if (state == State.AFTER_CR) {
            state = State.OUTSIDE;
            if (b == LF) {
                return;
            }
        }
        if (b == STX) {
            start(out);
            return;
        }
        switch (state) {
            case DISCARDING, AFTER_CR -> { }
            case OUTSIDE -> {
                buffer[count++] = b;
                if (b == LF || count == buffer.length) {
                    out.add(noise());
                }
            }
            case TEXT -> {
                if (append(b, out) && b == ETX) {
                    etxAt = count - 1;
                    state = State.TRAILER;
                }
            }
            case TRAILER -> {
                if (append(b, out) && (b == LF || count - etxAt - 1 == TRAILER_LENGTH || bareLineEnds && b == CR)) {
                    out.add(endOfReport());
                    state = bareLineEnds && b == CR ? State.AFTER_CR : State.OUTSIDE;
                }
            }
        }
    }

    private void start(List<Result> out) {
        if (state == State.TEXT || state == State.TRAILER) {
            out.add(reject(RejectReason.TRUNCATED, "report cut after " + count + " bytes by the start of the next"));
        } else if (state == State.OUTSIDE && count > 0) {
            out.add(noise());
        }
        count = 0;
        buffer[count++] = STX;
        state = State.TEXT;
    }

    /** Appends {@code b}; when the buffer is full instead, reports OVERLONG and discards up to the next STX. */
    private boolean append(byte b, List<Result> out) {
        if (count == buffer.length) {
            out.add(reject(RejectReason.OVERLONG, "no end of report within " + buffer.length
                    + " bytes; the rest is discarded up to the next <STX>"));
            state = State.DISCARDING;
            return false;
        }
        buffer[count++] = b;
        return true;
    }

    private Rejected noise() {
        return reject(RejectReason.NOISE, count + (count == 1 ? " byte" : " bytes") + " outside a report");
    }

    private Rejected reject(RejectReason reason, String detail) {
        Rejected rejected = new Rejected(reason, detail, Arrays.copyOf(buffer, count));
        count = 0;
        return rejected;
    }

    /** Checks the complete report in {@code buffer[0..count)}: STX, text, ETX at {@code etxAt}, trailer. */
    private Result endOfReport() {
        int trailer = etxAt + 1;
        int lineEnd = lineEndLength(count);
        int high = count - lineEnd == trailer + 2 ? Character.digit(buffer[trailer], 16) : -1;
        int low = high >= 0 ? Character.digit(buffer[trailer + 1], 16) : -1;
        if (lineEnd == 0 || low < 0) {
            return reject(RejectReason.MALFORMED, "after <ETX> expected two hex digits and "
                    + (bareLineEnds ? "a line end" : "<CR><LF>") + ", got [" + printable(trailer, count) + "]");
        }
        int computed = El30Protocol.checksum(buffer, 1, etxAt);
        if (computed != (high << 4 | low)) {
            return reject(RejectReason.BAD_CHECKSUM,
                    "checksum " + printable(trailer, trailer + 2) + ", computed " + String.format("%02X", computed));
        }
        String fault = textFault();
        if (fault != null) {
            return reject(RejectReason.MALFORMED, fault);
        }
        Report report = new Report(lines(), Arrays.copyOf(buffer, count));
        count = 0;
        return report;
    }

    /** Length of the line end that closes {@code buffer[..end)}: 2 for CR LF, 1 for a bare one if lenient, else 0. */
    private int lineEndLength(int end) {
        if (end >= 2 && buffer[end - 2] == CR && buffer[end - 1] == LF) {
            return 2;
        }
        return bareLineEnds && end >= 1 && (buffer[end - 1] == CR || buffer[end - 1] == LF) ? 1 : 0;
    }

    /** Why the text between STX and ETX breaks the format, or null. */
    private String textFault() {
        for (int i = 1; i < etxAt; i++) {
            int c = buffer[i] & 0xFF;
            if ((c < 0x20 && c != CR && c != LF) || c > 0x7E) {
                return "byte " + printable(i, i + 1) + " at text position " + i + " is not allowed in a report";
            }
            if (!bareLineEnds && c == CR && buffer[i + 1] != LF) {
                return "<CR> without <LF> at text position " + i;
            }
            if (!bareLineEnds && c == LF && buffer[i - 1] != CR) {
                return "<LF> without <CR> at text position " + i;
            }
        }
        if (etxAt == 1 || (buffer[etxAt - 1] != LF && buffer[etxAt - 1] != CR)) {
            return "the text before <ETX> does not end with a line end";
        }
        return null;
    }

    /** The text's lines, split at CR LF (and, if lenient, at a bare CR or LF). */
    private List<String> lines() {
        List<String> lines = new ArrayList<>();
        int start = 1;
        for (int i = 1; i < etxAt; i++) {
            if (buffer[i] == CR || buffer[i] == LF) {
                lines.add(new String(buffer, start, i - start, StandardCharsets.US_ASCII));
                if (buffer[i] == CR && buffer[i + 1] == LF) {
                    i++;
                }
                start = i + 1;
            }
        }
        return lines;
    }

    private String printable(int from, int to) {
        return Printable.of(buffer, from, to - from, Printable.DEFAULT_CAP);
    }
}
