package org.smartclinic.drivers.codec.astm.link;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.smartclinic.drivers.codec.Printable;
import org.smartclinic.drivers.testkit.EscapedBytes;

class AstmFrameTest {

    @Test
    void checksum_sumFromFrameNumberThroughEtxModulo256() {
        byte[] covered = EscapedBytes.parse("1H|\\^&<CR><ETX>");

        assertThat(AstmChecksum.of(covered, 0, covered.length)).isEqualTo(0xE5);
        assertThat(new String(AstmChecksum.digits(0xE5), StandardCharsets.US_ASCII)).isEqualTo("E5");
        assertThat(new String(AstmChecksum.digits(0x05), StandardCharsets.US_ASCII)).isEqualTo("05");
    }

    @Test
    void checksum_wrapsAt256() {
        byte[] covered = ("7" + "x".repeat(240) + "\u0017").getBytes(StandardCharsets.ISO_8859_1);

        assertThat(AstmChecksum.of(covered, 0, covered.length)).isEqualTo(0xCE);
    }

    @Test
    void parse_upperCaseAlways_lowerCaseOnlyWhenAccepted() {
        assertThat(AstmChecksum.parse((byte) 'E', (byte) '5', false)).isEqualTo(0xE5);
        assertThat(AstmChecksum.parse((byte) 'e', (byte) '5', false)).isEqualTo(-1);
        assertThat(AstmChecksum.parse((byte) 'e', (byte) '5', true)).isEqualTo(0xE5);
        assertThat(AstmChecksum.parse((byte) 'G', (byte) '0', true)).isEqualTo(-1);
        assertThat(AstmChecksum.parse((byte) 0x03, (byte) '0', true)).isEqualTo(-1);
    }

    @Test
    void encode_endFrame_stxNumberTextEtxChecksumCrLf() {
        byte[] frame = new AstmFrame(1, "H|\\^&\r", true).encode();

        assertThat(Printable.of(frame)).isEqualTo("<STX>1H|\\^&<CR><ETX>E5<CR><LF>");
    }

    @Test
    void encode_lowerCaseChecksum_onlyTheHexLettersChange() {
        assertThat(Printable.of(new AstmFrame(1, "H|\\^&\r", true).encode(true)))
                .isEqualTo("<STX>1H|\\^&<CR><ETX>e5<CR><LF>");
        assertThat(new String(AstmChecksum.digits(0x05, true), StandardCharsets.US_ASCII)).isEqualTo("05");
        assertThat(new String(AstmChecksum.digits(0xAF, true), StandardCharsets.US_ASCII)).isEqualTo("af");
    }

    @Test
    void encode_intermediateFrame_endsWithEtb() {
        assertThat(Printable.of(new AstmFrame(0, "", false).encode())).isEqualTo("<STX>0<ETB>47<CR><LF>");
    }

    @Test
    void split_recordPerFrame_eachRecordEndsWithCrInItsOwnEndFrame() {
        List<AstmFrame> frames = AstmFrame.split(List.of("H|\\^&", "L|1|N"));

        assertThat(frames).containsExactly(new AstmFrame(1, "H|\\^&\r", true), new AstmFrame(2, "L|1|N\r", true));
    }

    @Test
    void split_recordLongerThan240_continuesInIntermediateFrames() {
        String record = "R|1|" + "x".repeat(596);

        List<AstmFrame> frames = AstmFrame.split(List.of(record));

        assertThat(frames).extracting(AstmFrame::number, f -> f.text().length(), AstmFrame::last)
                .containsExactly(tuple(1, 240, false),
                        tuple(2, 240, false),
                        tuple(3, 121, true));
        assertThat(frames.stream().map(AstmFrame::text).reduce("", String::concat)).isEqualTo(record + "\r");
    }

    @Test
    void split_recordOfExactly240WithItsCr_takesTwoFrames() {
        List<AstmFrame> frames = AstmFrame.split(List.of("x".repeat(240)));

        assertThat(frames).extracting(AstmFrame::last).containsExactly(false, true);
        assertThat(frames.get(1).text()).isEqualTo("\r");
    }

    @Test
    void split_manyRecords_numbersWrapFrom7To0() {
        List<String> records = IntStream.rangeClosed(1, 10).mapToObj(i -> "R|" + i).toList();

        assertThat(AstmFrame.split(records)).extracting(AstmFrame::number)
                .containsExactly(1, 2, 3, 4, 5, 6, 7, 0, 1, 2);
    }

    @Test
    void split_packed_recordsRunOnAndAreCutAtTheTextLimit() {
        List<AstmFrame> frames = AstmFrame.split(List.of("H|\\^&", "P|1", "L|1|N"), AstmFrame.Layout.PACKED, 8);

        assertThat(frames).extracting(AstmFrame::text).containsExactly("H|\\^&\rP|", "1\rL|1|N\r");
        assertThat(frames).extracting(AstmFrame::last).containsExactly(false, true);
    }

    @Test
    void construct_badInput_refused() {
        assertThatThrownBy(() -> new AstmFrame(8, "", true)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new AstmFrame(1, "a\u0002b", true)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new AstmFrame(1, "a\nb", true)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new AstmFrame(1, "\u20ac", true)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> AstmFrame.split(List.of("a\rb"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> AstmFrame.split(List.of(""))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void restricted_controlsOfTheStandard_crAndHighBytesAllowed() {
        for (int b : new int[] {0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x0A, 0x10, 0x11, 0x12, 0x13, 0x14, 0x15, 0x16,
            0x17}) {
            assertThat(AstmControl.isRestricted(b)).as("0x%02X", b).isTrue();
        }
        for (int b : new int[] {0x00, 0x09, 0x0D, 0x1B, 0x20, 0x7C, 0x7F, 0xE9}) {
            assertThat(AstmControl.isRestricted(b)).as("0x%02X", b).isFalse();
        }
    }
}
