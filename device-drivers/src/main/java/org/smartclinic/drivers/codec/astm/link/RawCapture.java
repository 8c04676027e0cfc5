package org.smartclinic.drivers.codec.astm.link;

import java.util.Arrays;

/** The bytes of a transmission exactly as received, in a buffer that grows on demand up to a fixed bound. */
final class RawCapture {

    private static final int INITIAL = 512;

    private final int max;
    private byte[] bytes = new byte[INITIAL];
    private int length;

    RawCapture(int max) {
        this.max = max;
    }

    /** Appends {@code b}; false, and nothing appended, if the bound is reached. */
    boolean append(byte b) {
        if (length == max) {
            return false;
        }
        if (length == bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.min(max, bytes.length * 2));
        }
        bytes[length++] = b;
        return true;
    }

    /** Puts {@code head} before the bytes held; false, and nothing changed, if that would pass the bound. */
    boolean prepend(byte[] head) {
        if (head.length > max - length) {
            return false;
        }
        byte[] joined = new byte[Math.max(INITIAL, head.length + length)];
        System.arraycopy(head, 0, joined, 0, head.length);
        System.arraycopy(bytes, 0, joined, head.length, length);
        bytes = joined;
        length += head.length;
        return true;
    }

    /** The bytes held, which are then forgotten. */
    byte[] take() {
        byte[] taken = Arrays.copyOf(bytes, length);
        clear();
        return taken;
    }

    /** The first {@code most} bytes held, or all of them if fewer. */
    byte[] head(int most) {
        return Arrays.copyOf(bytes, Math.min(most, length));
    }

    void clear() {
        length = 0;
        if (bytes.length > INITIAL) {
            bytes = new byte[INITIAL];
        }
    }

    int length() {
        return length;
    }
}
