package org.smartclinic.simulator.device.lab.astm;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.util.Random;

import org.junit.jupiter.api.Test;

/**
 * Random and mutated captures: splitting never throws, accounts for every byte it does not keep as junk, keeps only
 * frames that start with STX and end in their checksum (and line end), and stays fast. Inputs:
 * {@code -Dastm.capture.fuzz.count=N} (100,000 by default; one in four random bytes, the rest mutations of the sample
 * capture).
 */
class AstmCaptureFuzzTest {

    private static final int COUNT = Integer.getInteger("astm.capture.fuzz.count", 100_000);
    private static final byte[] CONTROLS = {0x02, 0x03, 0x04, 0x05, 0x17, 0x0D, 0x0A, '1', '7', '|'};

    @Test
    void anyBytes_splitIntoWellFormedFramesAndCountedJunk() throws IOException {
        byte[] sample;
        try (InputStream in = AstmCaptureFuzzTest.class.getResourceAsStream("/astm/lp100-ch200.astm")) {
            sample = in.readAllBytes();
        }
        Random random = new Random(2026);
        long slowest = 0;
        int withFrames = 0;
        for (int n = 0; n < COUNT; n++) {
            byte[] input = n % 4 == 3 ? randomBytes(random) : mutate(sample, random);
            long start = System.nanoTime();
            AstmCapture capture = AstmCapture.split(input);
            slowest = Math.max(slowest, System.nanoTime() - start);
            int kept = 0;
            for (var transmission : capture.transmissions()) {
                assertThat(transmission).isNotEmpty();
                for (byte[] frame : transmission) {
                    assertThat(frame[0]).isEqualTo((byte) 0x02);
                    assertThat(frame.length).as("STX, ETX or ETB, two checksum characters at least")
                            .isBetween(4, AstmCapture.MAX_FRAME);
                    assertThat(endsTheText(frame)).as("a frame's text ends in ETX or ETB before its checksum").isTrue();
                    kept += frame.length;
                }
            }
            assertThat(capture.junkBytes()).isNotNegative();
            assertThat(kept).as("frames are bytes of the input").isLessThanOrEqualTo(input.length);
            withFrames += capture.frames() > 0 ? 1 : 0;
        }
        assertThat(withFrames).as("mutations keep most frames").isGreaterThan(COUNT / 2);
        assertThat(slowest).as("slowest split, ns").isLessThan(1_000_000_000L);
    }

    /** ETX or ETB three bytes from the end, or five when CR LF follow the checksum (or four: CR or LF only). */
    private static boolean endsTheText(byte[] frame) {
        for (int back = 3; back <= 5; back++) {
            int at = frame.length - back;
            if (at > 0 && (frame[at] == 0x03 || frame[at] == 0x17)) {
                return true;
            }
        }
        return false;
    }

    private static byte[] randomBytes(Random random) {
        byte[] bytes = new byte[random.nextInt(600)];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = random.nextBoolean() ? CONTROLS[random.nextInt(CONTROLS.length)] : (byte) random.nextInt(256);
        }
        return bytes;
    }

    private static byte[] mutate(byte[] sample, Random random) {
        byte[] bytes = sample.clone();
        for (int m = 1 + random.nextInt(6); m > 0; m--) {
            int at = random.nextInt(bytes.length);
            bytes[at] = random.nextBoolean() ? CONTROLS[random.nextInt(CONTROLS.length)] : (byte) random.nextInt(256);
        }
        return random.nextInt(5) == 0 ? java.util.Arrays.copyOf(bytes, random.nextInt(bytes.length + 1)) : bytes;
    }
}
