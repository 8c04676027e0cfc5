package org.smartclinic.drivers.testkit;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.Random;

/**
 * Random and mutated bytes for the fuzz tests of stream parsers: noise in which half the bytes are the protocol's
 * own control bytes, and valid input with a few faults a serial line or a buggy instrument makes (flipped bits,
 * inserted noise, lost bytes, a truncation, a repeated part). Deterministic for a given {@link Random}.
 */
public final class ByteMutator {

    private final Random random;
    private final byte[] controls;

    /**
     * @param random   the test's source of randomness (seeded, so a failure can be replayed)
     * @param controls the bytes the protocol gives a meaning (STX, ETX, CR, ...); noise is half these
     */
    public ByteMutator(Random random, byte... controls) {
        if (controls.length == 0) {
            throw new IllegalArgumentException("a protocol has control bytes to fuzz with");
        }
        this.random = random;
        this.controls = controls.clone();
    }

    /** {@code length} bytes at random, half of them the protocol's control bytes. */
    public byte[] noise(int length) {
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            bytes[i] = random.nextBoolean() ? controls[random.nextInt(controls.length)] : (byte) random.nextInt(256);
        }
        return bytes;
    }

    /** {@code valid} with 1 to 5 faults: flipped bits, inserted noise, deletions, a truncation, a repeated part. */
    public byte[] mutate(byte[] valid) {
        byte[] bytes = valid;
        for (int m = 1 + random.nextInt(5); m > 0 && bytes.length > 0; m--) {
            int at = random.nextInt(bytes.length);
            bytes = switch (random.nextInt(5)) {
                case 0 -> flip(bytes, at);
                case 1 -> concat(Arrays.copyOf(bytes, at), noise(1 + random.nextInt(10)),
                        Arrays.copyOfRange(bytes, at, bytes.length));
                case 2 -> concat(Arrays.copyOf(bytes, at),
                        Arrays.copyOfRange(bytes, Math.min(bytes.length, at + 1 + random.nextInt(20)), bytes.length));
                case 3 -> Arrays.copyOf(bytes, at);
                default -> duplicate(bytes, at);
            };
        }
        return bytes;
    }

    /** The parts one after the other. */
    public static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    private byte[] flip(byte[] bytes, int at) {
        byte[] copy = bytes.clone();
        copy[at] ^= (byte) (1 << random.nextInt(8));
        return copy;
    }

    private byte[] duplicate(byte[] bytes, int at) {
        int end = Math.min(bytes.length, at + 1 + random.nextInt(300));
        int to = random.nextInt(bytes.length + 1);
        return concat(Arrays.copyOf(bytes, to), Arrays.copyOfRange(bytes, at, end),
                Arrays.copyOfRange(bytes, to, bytes.length));
    }
}
