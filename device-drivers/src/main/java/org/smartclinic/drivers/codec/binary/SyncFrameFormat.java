package org.smartclinic.drivers.codec.binary;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * The shape of a family of binary frames, as {@link SyncFrameDecoder} reads them:
 * <pre>
 *   +------------+---------------------------------+--------------------+----------------+
 *   | sync       | header                          | payload            | check          |
 *   | e.g. AA 55 | headerLength bytes, holding the | 0..maxPayload      | check.size()   |
 *   |            | payload length (big-endian,     | bytes              | bytes, big-    |
 *   |            | lengthSize bytes at             |                    | endian         |
 *   |            | lengthOffset)                   |                    |                |
 *   +------------+---------------------------------+--------------------+----------------+
 *                |&lt;------------- covered by the check -------------&gt;|
 * </pre>
 * The length field counts payload bytes only. Everything else in the header (type, sequence number, ...) is
 * the driver's business.
 *
 * @param sync         the bytes that open every frame, 1 to 8 of them; a copy is kept
 * @param headerLength bytes between the sync bytes and the payload, at least {@code lengthOffset + lengthSize}
 * @param lengthOffset where the payload length field starts within the header
 * @param lengthSize   bytes of the payload length field: 1 or 2
 * @param maxPayload   longest payload accepted; a length field above it is {@code OVERLONG}. At most what the
 *                     length field can say
 * @param check        the check value closing the frame
 */
public record SyncFrameFormat(byte[] sync, int headerLength, int lengthOffset, int lengthSize, int maxPayload,
        FrameCheck check) {

    /** Most sync bytes a format may have. */
    public static final int MAX_SYNC_LENGTH = 8;

    public SyncFrameFormat {
        Objects.requireNonNull(check, "check");
        if (sync.length < 1 || sync.length > MAX_SYNC_LENGTH) {
            throw new IllegalArgumentException("sync needs 1.." + MAX_SYNC_LENGTH + " bytes: " + sync.length);
        }
        sync = sync.clone();
        if (lengthSize != 1 && lengthSize != 2) {
            throw new IllegalArgumentException("lengthSize must be 1 or 2: " + lengthSize);
        }
        if (lengthOffset < 0 || headerLength < lengthOffset + lengthSize) {
            throw new IllegalArgumentException("the length field (offset " + lengthOffset + ", " + lengthSize
                    + " bytes) must lie within the " + headerLength + "-byte header");
        }
        if (maxPayload < 0 || maxPayload >= 1 << 8 * lengthSize) {
            throw new IllegalArgumentException("maxPayload must be 0.." + ((1 << 8 * lengthSize) - 1) + ": "
                    + maxPayload);
        }
        if (check.size() < 1 || check.size() > 4) {
            throw new IllegalArgumentException("a check value takes 1..4 bytes: " + check.size());
        }
    }

    /** The sync bytes (a copy). */
    @Override
    public byte[] sync() {
        return sync.clone();
    }

    /** Longest possible frame, sync to check value: the decoder's whole buffer. */
    public int maxFrameLength() {
        return sync.length + headerLength + maxPayload + check.size();
    }

    /** Bytes from the frame start up to the end of the length field: when the payload length is known. */
    int lengthEnd() {
        return sync.length + lengthOffset + lengthSize;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SyncFrameFormat f && Arrays.equals(sync, f.sync) && headerLength == f.headerLength
                && lengthOffset == f.lengthOffset && lengthSize == f.lengthSize && maxPayload == f.maxPayload
                && check.equals(f.check);
    }

    @Override
    public int hashCode() {
        return Objects.hash(Arrays.hashCode(sync), headerLength, lengthOffset, lengthSize, maxPayload, check);
    }

    @Override
    public String toString() {
        return "SyncFrameFormat[sync=" + HexFormat.of().withUpperCase().formatHex(sync) + ", header=" + headerLength
                + ", length at " + lengthOffset + " (" + lengthSize + " bytes), maxPayload=" + maxPayload + ", check="
                + check + "]";
    }
}
