package org.smartclinic.drivers.codec.astm.link;

import java.util.Objects;

/**
 * The frame checksum of ASTM E1381-02 / CLSI LIS1-A ("Checksum"): the sum of the byte values from the frame
 * number through the ETX or ETB inclusive, modulo 256, sent as two ASCII hex digits, high nibble first, upper case
 * ({@code <STX>1H|\^&<CR><ETX>} is checksummed over {@code 1H|\^&<CR><ETX>}).
 */
public final class AstmChecksum {

    private static final byte[] HEX = {'0', '1', '2', '3', '4', '5', '6', '7', '8', '9', 'A', 'B', 'C', 'D', 'E',
        'F'};

    private AstmChecksum() {
    }

    /**
     * @return the checksum of {@code bytes[offset .. offset+length)}, 0..255
     * @throws IndexOutOfBoundsException if the range does not fit {@code bytes}
     */
    public static int of(byte[] bytes, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, bytes.length);
        int sum = 0;
        for (int i = offset; i < offset + length; i++) {
            sum += bytes[i] & 0xFF;
        }
        return sum & 0xFF;
    }

    /** The two upper-case ASCII hex digits that spell {@code checksum} (0..255) on the wire. */
    public static byte[] digits(int checksum) {
        return digits(checksum, false);
    }

    /**
     * The two ASCII hex digits that spell {@code checksum} (0..255), in lower case ({@code a..f}) when asked: a
     * deviation some instruments make (the US-10 urine reader), for their simulator twins; a receiver accepts it only
     * with {@link AstmLeniency#lowerCaseChecksum()}.
     */
    public static byte[] digits(int checksum, boolean lowerCase) {
        if (checksum < 0 || checksum > 0xFF) {
            throw new IllegalArgumentException("a checksum is 0..255: " + checksum);
        }
        byte[] out = {HEX[checksum >> 4], HEX[checksum & 0xF]};
        if (lowerCase) {
            for (int i = 0; i < out.length; i++) {
                out[i] = out[i] >= 'A' ? (byte) (out[i] - 'A' + 'a') : out[i];
            }
        }
        return out;
    }

    /**
     * Reads two checksum digits as sent.
     *
     * @param acceptLowerCase whether {@code a..f} count as hex digits (a leniency; the standard says upper case)
     * @return the value 0..255, or -1 if either byte is not a hex digit accepted here
     */
    public static int parse(byte high, byte low, boolean acceptLowerCase) {
        int h = digit(high, acceptLowerCase);
        int l = digit(low, acceptLowerCase);
        return h < 0 || l < 0 ? -1 : h << 4 | l;
    }

    private static int digit(byte b, boolean acceptLowerCase) {
        if (b >= '0' && b <= '9') {
            return b - '0';
        }
        if (b >= 'A' && b <= 'F') {
            return b - 'A' + 10;
        }
        return acceptLowerCase && b >= 'a' && b <= 'f' ? b - 'a' + 10 : -1;
    }
}
