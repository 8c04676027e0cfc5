package org.smartclinic.drivers.codec.binary;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

import org.smartclinic.drivers.spi.RejectReason;

/**
 * Bounded framer for binary "sync bytes + header with length + payload + check value" frames (the OX-300 pulse
 * oximeter; the 12-lead ECG to come). The shape is set by a {@link SyncFrameFormat}:
 * <pre>
 *   +------+--------------------------+---------------+-------+
 *   | sync | header (with the length) | payload       | check |
 *   +------+--------------------------+---------------+-------+
 *          |&lt;----- covered by the check value ------&gt;|
 *   |&lt;------------- at most maxFrameLength bytes ------------&gt;|
 * </pre>
 *
 * <p>One instance per connection; it keeps undecided bytes between calls in one buffer of
 * {@link SyncFrameFormat#maxFrameLength()} bytes allocated once. It does no I/O and never throws for any input
 * bytes. Outcomes depend only on the byte sequence, never on how it was split into calls: bytes that cannot be
 * decided yet wait for the next call ("need more bytes"), and every byte fed ends up in exactly one outcome, in
 * order, once decided.
 *
 * <h2>Rules</h2>
 * Corrupt input is skipped first and reported second, so the next frame always decodes.
 * <ul>
 *   <li><b>Length decides</b>: once a frame has started, the length field alone says where it ends. A sync
 *       pattern inside a frame is data (a payload may hold those bytes, e.g. pleth samples 0xAA then 0x55); it is
 *       looked for only after the frame turned out corrupt (below).</li>
 *   <li><b>Noise</b>: bytes before a sync pattern form a run, reported once as {@code NOISE} when a whole sync
 *       pattern follows it, or when it fills the buffer, so a flood of garbage never grows anything. A trailing
 *       part of the sync pattern (a last byte 0xAA for {@code AA 55}) is kept as a possible frame start.</li>
 *   <li><b>Overlong</b>: as soon as the length field is complete and says more than {@code maxPayload}, the bytes
 *       up to it are reported as {@code OVERLONG}. The payload it announced is not skipped (the length of a
 *       corrupt header cannot be trusted): decoding resumes after the first sync byte, so those bytes become
 *       noise up to the next sync pattern.</li>
 *   <li><b>Check</b>: once the whole frame is there, its check value is compared with the one computed over
 *       header and payload. A match is a {@link SyncFrameOutcome.Frame}. A mismatch rescans the frame's bytes from
 *       the one after its first sync byte for a sync pattern, because a real frame may have begun inside the
 *       corrupt one (the device restarted mid-frame, or a damaged length field swallowed the next frame):
 *       <ul>
 *         <li>a whole sync pattern inside: {@code TRUNCATED}, with the bytes before it;</li>
 *         <li>none: {@code BAD_CHECKSUM}, with all the bytes (but a trailing part of a sync pattern, kept as a
 *             possible frame start).</li>
 *       </ul>
 *       The bytes from that sync pattern on are decoded again, so a frame inside a corrupt one still decodes and
 *       nothing is reported twice.</li>
 * </ul>
 * The decoder never reports {@code MALFORMED}: what a header or payload means is the driver's business.
 */
public final class SyncFrameDecoder {

    private final SyncFrameFormat format;
    private final byte[] sync;
    private final FrameCheck check;
    private final byte[] buffer;
    private int count;

    /** A decoder for frames of {@code format}, with nothing buffered yet. */
    public SyncFrameDecoder(SyncFrameFormat format) {
        this.format = Objects.requireNonNull(format, "format");
        this.sync = format.sync();
        this.check = format.check();
        this.buffer = new byte[format.maxFrameLength()];
    }

    /** The frame shape this decoder reads. */
    public SyncFrameFormat format() {
        return format;
    }

    /**
     * Feeds bytes just received.
     *
     * @return what became complete, in order; empty when more bytes are needed
     * @throws IndexOutOfBoundsException if offset and length do not fit {@code data} (a caller bug, not bad input)
     */
    public List<SyncFrameOutcome> decode(byte[] data, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, data.length);
        List<SyncFrameOutcome> out = new ArrayList<>(2);
        for (int i = offset; i < offset + length; i++) {
            buffer[count++] = data[i];
            while (count > 0 && decideFirst(out)) {
                // each decision removes at least one byte; stop when the rest needs more bytes
            }
        }
        return out;
    }

    /** Bytes held undecided, waiting for more; always less than the format's maximum frame length. */
    public int buffered() {
        return count;
    }

    /** Forgets any partial frame or noise run, e.g. after the link dropped. */
    public void reset() {
        count = 0;
    }

    /** Decides what the buffer starts with, removing and reporting it; false when that needs more bytes. */
    private boolean decideFirst(List<SyncFrameOutcome> out) {
        int start = syncStart(0, count);
        if (start > 0) {
            return noise(start, out);
        }
        if (count < format.lengthEnd()) {
            return false;
        }
        int payloadLength = payloadLength();
        if (payloadLength > format.maxPayload()) {
            out.add(reject(RejectReason.OVERLONG, "length field says " + payloadLength + " payload bytes, at most "
                    + format.maxPayload() + " allowed", syncStart(1, format.lengthEnd())));
            return true;
        }
        int checkAt = sync.length + format.headerLength() + payloadLength;
        if (count < checkAt + check.size()) {
            return false;
        }
        out.add(checked(checkAt, payloadLength));
        return true;
    }

    /** The run of noise before {@code start}, if it is decided: a whole sync follows it, or the buffer is full. */
    private boolean noise(int start, List<SyncFrameOutcome> out) {
        if (!wholeSyncAt(start) && count < buffer.length) {
            return false;
        }
        out.add(reject(RejectReason.NOISE, start + (start == 1 ? " byte" : " bytes") + " outside a frame", start));
        return true;
    }

    /** The complete frame in the buffer, its check value at {@code checkAt}, verified. */
    private SyncFrameOutcome checked(int checkAt, int payloadLength) {
        int end = checkAt + check.size();
        long sent = bigEndian(checkAt, check.size());
        long computed = check.compute(buffer, sync.length, checkAt - sync.length);
        if (sent == computed) {
            int payloadAt = sync.length + format.headerLength();
            SyncFrameOutcome frame = new SyncFrameOutcome.Frame(Arrays.copyOfRange(buffer, sync.length, payloadAt),
                    Arrays.copyOfRange(buffer, payloadAt, payloadAt + payloadLength), Arrays.copyOf(buffer, end));
            remove(end);
            return frame;
        }
        String mismatch = check.name() + " " + hex(sent) + ", computed " + hex(computed);
        int resync = syncStart(1, end);
        if (resync < end && wholeSyncAt(resync)) {
            return reject(RejectReason.TRUNCATED, "frame of " + end + " bytes fails its check (" + mismatch
                    + ") and a new frame starts at its byte " + resync, resync);
        }
        return reject(RejectReason.BAD_CHECKSUM, mismatch, resync);
    }

    /** Reports {@code buffer[0 .. end)} and keeps the rest for decoding. */
    private SyncFrameOutcome reject(RejectReason reason, String detail, int end) {
        SyncFrameOutcome rejected = new SyncFrameOutcome.Rejected(reason, detail, Arrays.copyOf(buffer, end));
        remove(end);
        return rejected;
    }

    /** Drops {@code buffer[0 .. end)}, keeping the bytes after it at the front. */
    private void remove(int end) {
        System.arraycopy(buffer, end, buffer, 0, count - end);
        count -= end;
    }

    /**
     * First index in {@code [from, limit)} where a sync pattern starts: a whole one, or the start of one that runs
     * to the end of the buffered bytes; {@code limit} if there is none.
     */
    private int syncStart(int from, int limit) {
        for (int i = from; i < limit; i++) {
            int n = Math.min(sync.length, count - i);
            if (Arrays.equals(buffer, i, i + n, sync, 0, n)) {
                return i;
            }
        }
        return limit;
    }

    private boolean wholeSyncAt(int at) {
        return at + sync.length <= count && Arrays.equals(buffer, at, at + sync.length, sync, 0, sync.length);
    }

    private int payloadLength() {
        return (int) bigEndian(sync.length + format.lengthOffset(), format.lengthSize());
    }

    private long bigEndian(int at, int size) {
        long value = 0;
        for (int i = at; i < at + size; i++) {
            value = value << 8 | buffer[i] & 0xFF;
        }
        return value;
    }

    private String hex(long value) {
        return String.format("%0" + 2 * check.size() + "X", value);
    }
}
