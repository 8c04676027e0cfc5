package org.smartclinic.drivers.codec.line;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.smartclinic.drivers.spi.RejectReason;
import org.smartclinic.drivers.testkit.EscapedBytes;

class ChecksumLineDecoderTest {

    private static final int MAX = 32;
    private static final ChecksumLineFormat FORMAT = ChecksumLineFormat.strict((byte) '$', (byte) '*', MAX,
            LineChecksum.XOR);
    private static final String BODY = "M,0042,128,82";

    private final ChecksumLineDecoder decoder = new ChecksumLineDecoder(FORMAT);

    @Test
    void decode_goodFrame_returnsBodyAndPrintableFrame() {
        List<LineOutcome> outcomes = decoder.decode(frame(BODY), 0, frame(BODY).length);

        assertThat(outcomes).singleElement().isInstanceOfSatisfying(LineOutcome.Frame.class, f -> {
            assertThat(f.body()).isEqualTo(BODY);
            assertThat(f.bytes()).isEqualTo(frame(BODY));
            assertThat(f.printable()).isEqualTo("$" + BODY + "*" + xor(BODY) + "<CR><LF>");
        });
    }

    @Test
    void decode_partialFrame_waitsForMoreBytesWithoutReporting() {
        byte[] bytes = frame(BODY);

        assertThat(decoder.decode(bytes, 0, bytes.length - 1)).isEmpty();
        assertThat(describe(decoder.decode(bytes, bytes.length - 1, 1))).containsExactly("frame " + BODY);
    }

    @Test
    void decode_splitAtEveryPosition_sameOutcomesAsWhole() {
        byte[] input = concat(bytes("xy"), frame("A"), bytes("$trunc"), frame(BODY), bytes("$A*00<CR><LF>"),
                bytes("$" + "z".repeat(MAX) + "<CR><LF>"), frame("B"), bytes("noise<LF>"), frame("C"));
        List<LineOutcome> whole = new ChecksumLineDecoder(FORMAT).decode(input, 0, input.length);

        for (int split = 0; split <= input.length; split++) {
            ChecksumLineDecoder fresh = new ChecksumLineDecoder(FORMAT);
            List<LineOutcome> parts = new ArrayList<>(fresh.decode(input, 0, split));
            parts.addAll(fresh.decode(input, split, input.length - split));
            assertThat(parts).as("split at %d", split).usingRecursiveComparison().isEqualTo(whole);
        }
        assertThat(describe(whole)).containsExactly("noise xy", "frame A", "truncated $trunc", "frame " + BODY,
                "bad_checksum $A*00<CR><LF>", "overlong $" + "z".repeat(MAX - 1), "frame B", "noise noise<LF>",
                "frame C");
    }

    @Test
    void decode_oneByteAtATime_sameOutcomesAsWhole() {
        byte[] input = concat(bytes("<NUL>"), frame(BODY), bytes("$x"), frame("B"));
        List<LineOutcome> whole = new ChecksumLineDecoder(FORMAT).decode(input, 0, input.length);

        List<LineOutcome> single = new ArrayList<>();
        for (int i = 0; i < input.length; i++) {
            single.addAll(decoder.decode(input, i, 1));
        }
        assertThat(single).hasSize(4).usingRecursiveComparison().isEqualTo(whole);
    }

    @Test
    void decode_frameOfMaxLength_accepted() {
        String body = "b".repeat(MAX - ChecksumLineFormat.MIN_FRAME_LENGTH);
        byte[] bytes = frame(body);

        assertThat(bytes).hasSize(MAX);
        assertThat(describe(decode(bytes))).containsExactly("frame " + body);
    }

    @Test
    void decode_frameOfMaxLengthPlusOne_overlongOnceThenNextFrameDecodes() {
        String body = "b".repeat(MAX - ChecksumLineFormat.MIN_FRAME_LENGTH + 1);
        byte[] tooLong = frame(body);

        assertThat(tooLong).hasSize(MAX + 1);
        List<LineOutcome> outcomes = decode(concat(tooLong, frame(BODY)));
        assertThat(describe(outcomes)).containsExactly(
                "overlong $" + body + "*" + xor(body) + "<CR>",
                "frame " + BODY);
        assertThat(((LineOutcome.Rejected) outcomes.get(0)).detail()).contains("within " + MAX + " bytes");
    }

    @Test
    void decode_overlongThenGarbageThenGood_garbageDiscardedWithOverlong() {
        byte[] input = concat(bytes("$" + "x".repeat(MAX * 3) + "<CR><LF>more garbage<LF>"), frame(BODY));

        assertThat(describe(decode(input))).containsExactly("overlong $" + "x".repeat(MAX - 1), "frame " + BODY);
    }

    @Test
    void decode_noiseBeforeFrame_reportsNoiseOnceThenFrame() {
        List<LineOutcome> outcomes = decode(concat(bytes("<NUL>garbage<xFF>"), frame(BODY)));

        assertThat(describe(outcomes)).containsExactly("noise <NUL>garbage<xFF>", "frame " + BODY);
        assertThat(((LineOutcome.Rejected) outcomes.get(0)).detail()).isEqualTo("9 bytes outside a frame");
    }

    @Test
    void decode_noiseEndingInLf_reportedAtTheLf() {
        assertThat(describe(decode(bytes("<CR><LF>")))).containsExactly("noise <CR><LF>");
    }

    @Test
    void decode_noiseWithoutEnd_notReportedUntilDecided() {
        assertThat(decode(bytes("abc"))).isEmpty();
    }

    @Test
    void decode_noiseFlood_reportedEveryMaxBytesSoNothingGrows() {
        List<LineOutcome> outcomes = decode(bytes("n".repeat(MAX * 3 + 5)));

        assertThat(describe(outcomes)).containsExactly("noise " + "n".repeat(MAX), "noise " + "n".repeat(MAX),
                "noise " + "n".repeat(MAX));
    }

    @Test
    void decode_corruptFrameThenGoodTwice_recoversEachTime() {
        byte[] corrupt = frame(BODY);
        corrupt[3] ^= 0x01;
        byte[] input = concat(corrupt, frame(BODY), corrupt, frame("S,0001"));

        assertThat(describe(decode(input))).extracting(s -> s.split(" ")[0])
                .containsExactly("bad_checksum", "frame", "bad_checksum", "frame");
    }

    @Test
    void decode_everySingleBitFlip_neverYieldsAnotherBodyAndRecovers() {
        byte[] good = frame(BODY);
        for (int position = 0; position < good.length; position++) {
            for (int bit = 0; bit < 8; bit++) {
                byte[] flipped = good.clone();
                flipped[position] ^= (byte) (1 << bit);
                List<LineOutcome> outcomes = new ChecksumLineDecoder(FORMAT).decode(concat(flipped, good), 0,
                        flipped.length + good.length);

                assertThat(outcomes).as("bit %d of byte %d", bit, position)
                        .filteredOn(o -> o instanceof LineOutcome.Frame)
                        .allSatisfy(o -> assertThat(((LineOutcome.Frame) o).body()).isEqualTo(BODY))
                        .hasSizeBetween(1, position > BODY.length() + 1 ? 2 : 1);
                assertThat(outcomes.getLast()).isInstanceOf(LineOutcome.Frame.class);
            }
        }
    }

    @Test
    void decode_badChecksum_detailNamesSentAndComputed() {
        byte[] bytes = bytes("$" + BODY + "*3F<CR><LF>");

        LineOutcome.Rejected rejected = (LineOutcome.Rejected) decode(bytes).getFirst();

        assertThat(rejected.reason()).isEqualTo(RejectReason.BAD_CHECKSUM);
        assertThat(rejected.detail()).isEqualTo("checksum 3F, computed " + xor(BODY));
        assertThat(rejected.printable()).isEqualTo("$" + BODY + "*3F<CR><LF>");
    }

    @Test
    void decode_newStartInsideFrame_truncatedThenNewFrameDecodes() {
        List<LineOutcome> outcomes = decode(concat(bytes("$M,00"), frame(BODY)));

        assertThat(describe(outcomes)).containsExactly("truncated $M,00", "frame " + BODY);
        assertThat(((LineOutcome.Rejected) outcomes.get(0)).detail()).contains("after 5 bytes");
    }

    @Test
    void decode_missingChecksum_malformed() {
        assertThat(describe(decode(bytes("$" + BODY + "<CR><LF>"))))
                .containsExactly("malformed $" + BODY + "<CR><LF>");
    }

    @Test
    void decode_nonHexChecksum_malformed() {
        LineOutcome.Rejected rejected = (LineOutcome.Rejected) decode(bytes("$A*G1<CR><LF>")).getFirst();

        assertThat(rejected.reason()).isEqualTo(RejectReason.MALFORMED);
        assertThat(rejected.detail()).isEqualTo("checksum 'G1' is not 2 hex digits");
    }

    @Test
    void decode_lowerCaseChecksum_accepted() {
        String body = "J";
        String hex = xor(body).toLowerCase();

        assertThat(hex).isNotEqualTo(xor(body));
        assertThat(describe(decode(bytes("$" + body + "*" + hex + "<CR><LF>")))).containsExactly("frame " + body);
    }

    @Test
    void decode_controlByteInBodyWithMatchingChecksum_malformed() {
        String body = "A\u0007B";

        LineOutcome.Rejected rejected = (LineOutcome.Rejected) decode(frame(body)).getFirst();

        assertThat(rejected.reason()).isEqualTo(RejectReason.MALFORMED);
        assertThat(rejected.detail()).isEqualTo("byte <BEL> at body position 2 is not allowed in a frame body");
    }

    @Test
    void decode_controlByteInBodyWithWrongChecksum_badChecksum() {
        byte[] bytes = frame("ABC");
        bytes[2] = 0x07;

        assertThat(describe(decode(bytes))).containsExactly("bad_checksum $A<BEL>C*" + xor("ABC") + "<CR><LF>");
    }

    @Test
    void decode_delimiterInsideBody_malformed() {
        assertThat(describe(decode(frame("A*B")))).extracting(s -> s.split(" ")[0]).containsExactly("malformed");
    }

    @Test
    void decode_emptyBody_acceptedForTheDriverToJudge() {
        assertThat(decode(bytes("$*00<CR><LF>"))).singleElement().isInstanceOfSatisfying(LineOutcome.Frame.class,
                f -> assertThat(f.body()).isEmpty());
    }

    @Test
    void decode_loneLfWhenStrict_malformedAndNextFrameDecodes() {
        byte[] loneLf = bytes("$" + BODY + "*" + xor(BODY) + "<LF>");

        List<LineOutcome> outcomes = decode(concat(loneLf, frame(BODY)));

        assertThat(describe(outcomes)).containsExactly("malformed $" + BODY + "*" + xor(BODY) + "<LF>",
                "frame " + BODY);
        assertThat(((LineOutcome.Rejected) outcomes.get(0)).detail()).isEqualTo("frame ends in <LF> without <CR>");
    }

    @Test
    void decode_loneLfWhenLenient_accepted() {
        ChecksumLineDecoder lenient = new ChecksumLineDecoder(FORMAT.withAcceptLoneLf(true));
        byte[] bytes = concat(bytes("$" + BODY + "*" + xor(BODY) + "<LF>"), frame(BODY));

        assertThat(describe(lenient.decode(bytes, 0, bytes.length))).containsExactly("frame " + BODY,
                "frame " + BODY);
    }

    @Test
    void reset_midFrame_forgetsPartialFrame() {
        byte[] bytes = frame(BODY);
        decoder.decode(bytes, 0, 7);

        decoder.reset();

        assertThat(describe(decoder.decode(bytes, 0, bytes.length))).containsExactly("frame " + BODY);
    }

    @Test
    void decode_offsetAndLength_onlyThatRangeIsRead() {
        byte[] bytes = concat(bytes("junk"), frame(BODY), bytes("junk"));

        assertThat(describe(decoder.decode(bytes, 4, bytes.length - 8))).containsExactly("frame " + BODY);
    }

    @Test
    void newFormat_invalidShape_rejectedAtConstruction() {
        assertThatThrownBy(() -> ChecksumLineFormat.strict((byte) '$', (byte) '*', 5, LineChecksum.XOR))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxFrameLength");
        assertThatThrownBy(() -> ChecksumLineFormat.strict((byte) '$', (byte) '$', 64, LineChecksum.XOR))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("delimiter");
        assertThatThrownBy(() -> ChecksumLineFormat.strict((byte) '\n', (byte) '*', 64, LineChecksum.XOR))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("start");
    }

    private List<LineOutcome> decode(byte[] bytes) {
        return decoder.decode(bytes, 0, bytes.length);
    }

    /** "frame BODY" for a frame, "reason PRINTABLE" for a rejection. */
    private static List<String> describe(List<LineOutcome> outcomes) {
        return outcomes.stream().map(o -> switch (o) {
            case LineOutcome.Frame f -> "frame " + f.body();
            case LineOutcome.Rejected r -> r.reason().code() + " " + r.printable();
        }).toList();
    }

    private static String xor(String body) {
        int x = 0;
        for (byte b : body.getBytes(StandardCharsets.US_ASCII)) {
            x ^= b & 0xFF;
        }
        return String.format("%02X", x);
    }

    private static byte[] frame(String body) {
        return ("$" + body + "*" + xor(body) + "\r\n").getBytes(StandardCharsets.ISO_8859_1);
    }

    private static byte[] bytes(String escaped) {
        return EscapedBytes.parse(escaped);
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
