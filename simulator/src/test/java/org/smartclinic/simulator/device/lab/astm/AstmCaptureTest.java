package org.smartclinic.simulator.device.lab.astm;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;

import org.junit.jupiter.api.Test;
import org.smartclinic.drivers.codec.Printable;
import org.smartclinic.drivers.codec.astm.link.AstmFrame;
import org.smartclinic.drivers.testkit.EscapedBytes;

/** The capture splitter: transmissions and frames with their bytes as captured, junk skipped, repeats merged. */
class AstmCaptureTest {

    private static final byte[] H = new AstmFrame(1, "H|\\^&\r", true).encode();
    private static final byte[] L = new AstmFrame(2, "L|1|N\r", true).encode();

    @Test
    void split_twoTransmissions_framesExactlyAsCaptured() {
        AstmCapture c = AstmCapture.split(cat(b("<ENQ>"), H, L, b("<EOT><ENQ>"), H, b("<EOT>")));

        assertThat(c.transmissions()).hasSize(2);
        assertThat(c.transmissions().get(0)).containsExactly(H, L);
        assertThat(c.transmissions().get(1)).containsExactly(H);
        assertThat(c.junkBytes()).isZero();
    }

    @Test
    void split_badChecksumKept_repeatOfTheSameNumberReplacesIt() {
        byte[] bad = AstmFaultInjector.badChecksum(H);

        AstmCapture c = AstmCapture.split(cat(b("<ENQ>"), bad, H, L, b("<EOT>")));

        assertThat(c.transmissions().get(0)).containsExactly(H, L);
        assertThat(c.repeatsMerged()).isEqualTo(1);
        assertThat(AstmCapture.split(cat(b("<ENQ>"), bad, L, b("<EOT>"))).transmissions().get(0))
                .as("a wrong checksum is replayed as captured").containsExactly(bad, L);
    }

    @Test
    void split_junkBetweenAndBefore_cutFrames_refusedBids_skippedAndCounted() {
        byte[] cut = b("<STX>3R|1|^^^GLU|5");

        AstmCapture c = AstmCapture.split(cat(b("xx<ENQ><EOT><ENQ>"), H, b("noise"), cut, L, b("<EOT>zz")));

        assertThat(c.transmissions()).singleElement().satisfies(t -> assertThat(t).containsExactly(H, L));
        assertThat(c.junkBytes()).isEqualTo(2 + 5 + cut.length + 2);
    }

    @Test
    void split_frameWithoutLineEndOrWithoutEnq_takenAsItIs() {
        byte[] bare = "\u00021H|\\^&\r\u0003E5".getBytes(StandardCharsets.ISO_8859_1);

        AstmCapture c = AstmCapture.split(cat(bare, L));

        assertThat(c.transmissions()).singleElement().satisfies(t -> assertThat(t).containsExactly(bare, L));
    }

    @Test
    void split_atEveryByte_sameFramesWhateverPrecedesACut() {
        byte[] whole = cat(b("<ENQ>"), H, L, b("<EOT>"));
        for (int cutAt = 1; cutAt < whole.length; cutAt++) {
            AstmCapture head = AstmCapture.split(Arrays.copyOf(whole, cutAt));
            assertThat(head.frames()).isLessThanOrEqualTo(2);
        }
        assertThat(AstmCapture.split(whole).frames()).isEqualTo(2);
        assertThat(AstmCapture.split(b("x<STX><ETX>")).frames()).as("no checksum: cut by the end").isZero();
    }

    @Test
    void read_sampleCaptureRawAndPrintable_sameTransmissions() throws Exception {
        Path dir = Path.of(getClass().getResource("/astm/lp100-ch200.astm").toURI()).getParent();

        AstmCapture raw = AstmCapture.read(dir.resolve("lp100-ch200.astm"));
        AstmCapture printable = AstmCapture.read(dir.resolve("lp100-ch200.txt"));

        assertThat(raw.transmissions()).hasSize(2);
        assertThat(raw.transmissions().get(0)).hasSize(6);
        assertThat(raw.transmissions().get(1)).hasSize(8);
        assertThat(raw.repeatsMerged()).isEqualTo(1);
        assertThat(raw.junkBytes()).isEqualTo(6 + 11);
        byte[] longRecord = raw.transmissions().get(1).get(3);
        assertThat(Printable.of(longRecord)).startsWith("<STX>4R|1|^^^ALT^1|32|");
        assertThat(longRecord[longRecord.length - 5]).as("an intermediate frame").isEqualTo((byte) 0x17);
        assertThat(printable.transmissions()).hasSize(2);
        for (int t = 0; t < 2; t++) {
            assertThat(printable.transmissions().get(t)).containsExactlyElementsOf(raw.transmissions().get(t));
        }
    }

    private static byte[] b(String escaped) {
        return EscapedBytes.parse(escaped);
    }

    private static byte[] cat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
