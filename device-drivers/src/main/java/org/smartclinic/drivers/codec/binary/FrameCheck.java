package org.smartclinic.drivers.codec.binary;

/**
 * The check value that closes a binary frame (a CRC), as {@link SyncFrameDecoder} verifies it: computed over
 * everything between the sync bytes and the check value itself, and sent after the payload, big-endian, in
 * {@link #size()} bytes. Implementations are pure and never throw for any byte values.
 */
public interface FrameCheck {

    /** A short name for rejection details, e.g. {@code CRC}. */
    String name();

    /** Bytes the check value takes on the wire: 1 to 4. */
    int size();

    /**
     * @return the check value of {@code bytes[offset .. offset+length)}, in {@code 0 .. 2^(8*size()) - 1}
     */
    long compute(byte[] bytes, int offset, int length);
}
