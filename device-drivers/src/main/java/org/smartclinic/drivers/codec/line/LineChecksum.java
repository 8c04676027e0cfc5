package org.smartclinic.drivers.codec.line;

/**
 * The checksum of a line frame's body, as the value its two hex digits must spell (0x00..0xFF).
 * Implementations are pure and never throw for any byte values.
 */
@FunctionalInterface
public interface LineChecksum {

    /** XOR of every byte: the NMEA 0183 style checksum, also used by the BPM-200. */
    LineChecksum XOR = (bytes, offset, length) -> {
        int x = 0;
        for (int i = offset; i < offset + length; i++) {
            x ^= bytes[i] & 0xFF;
        }
        return x;
    };

    /**
     * @return the checksum of {@code bytes[offset .. offset+length)}, in 0..255
     */
    int compute(byte[] bytes, int offset, int length);
}
