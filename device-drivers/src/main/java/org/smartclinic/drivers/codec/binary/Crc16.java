package org.smartclinic.drivers.codec.binary;

import java.util.Objects;

/**
 * CRC-16/CCITT-FALSE: polynomial 0x1021, initial value 0xFFFF, input and output not reflected, no final XOR (the
 * check value of the ASCII bytes {@code 123456789} is 0x29B1). Table-driven, one table shared by all callers;
 * sent big-endian, two bytes.
 */
public final class Crc16 implements FrameCheck {

    /** The one instance. */
    public static final Crc16 CCITT_FALSE = new Crc16();

    private static final int POLYNOMIAL = 0x1021;
    private static final int INITIAL = 0xFFFF;
    private static final int[] TABLE = table();

    private Crc16() {
    }

    /** CRC-16/CCITT-FALSE of {@code bytes[offset .. offset+length)}, in 0..0xFFFF. */
    public static int ccittFalse(byte[] bytes, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, bytes.length);
        int crc = INITIAL;
        for (int i = offset; i < offset + length; i++) {
            crc = (crc << 8 ^ TABLE[(crc >> 8 ^ bytes[i]) & 0xFF]) & 0xFFFF;
        }
        return crc;
    }

    @Override
    public String name() {
        return "CRC";
    }

    @Override
    public int size() {
        return 2;
    }

    @Override
    public long compute(byte[] bytes, int offset, int length) {
        return ccittFalse(bytes, offset, length);
    }

    /** The CRC register after shifting each possible top byte through the polynomial eight times. */
    private static int[] table() {
        int[] table = new int[256];
        for (int b = 0; b < 256; b++) {
            int crc = b << 8;
            for (int bit = 0; bit < 8; bit++) {
                crc = (crc & 0x8000) != 0 ? crc << 1 ^ POLYNOMIAL : crc << 1;
            }
            table[b] = crc & 0xFFFF;
        }
        return table;
    }

    @Override
    public String toString() {
        return "CRC-16/CCITT-FALSE";
    }
}
