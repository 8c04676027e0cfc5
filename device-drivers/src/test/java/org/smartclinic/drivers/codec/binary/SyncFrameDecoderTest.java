package org.smartclinic.drivers.codec.binary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.smartclinic.drivers.spi.RejectReason;

class SyncFrameDecoderTest {

    private static final int MAX = 8;
    private static final byte[] SYNC = {(byte) 0xAA, 0x55};
    /** sync AA 55, header = type(1) len(1), payload 0..8, CRC-16 big-endian: frames of 6..14 bytes. */
    private static final SyncFrameFormat FORMAT = new SyncFrameFormat(SYNC, 2, 1, 1, MAX, Crc16.CCITT_FALSE);
    private static final byte[] GOOD = frame(0x01, 0x10, 0x20, 0x30, 0x40, 0x50);

    private final SyncFrameDecoder decoder = new SyncFrameDecoder(FORMAT);

    @Test
    void crc16_checkValueOf123456789_is29B1() {
        byte[] check = "123456789".getBytes(StandardCharsets.US_ASCII);

        assertThat(Crc16.ccittFalse(check, 0, check.length)).isEqualTo(0x29B1);
        assertThat(Crc16.CCITT_FALSE.compute(check, 0, check.length)).isEqualTo(0x29B1L);
        assertThat(Crc16.ccittFalse(new byte[0], 0, 0)).isEqualTo(0xFFFF);
    }

    @Test
    void crc16_offsetAndLength_onlyThatRangeCounts() {
        byte[] padded = "xx123456789yy".getBytes(StandardCharsets.US_ASCII);

        assertThat(Crc16.ccittFalse(padded, 2, 9)).isEqualTo(0x29B1);
    }

    @Test
    void decode_goodFrame_returnsHeaderPayloadAndExactBytes() {
        List<SyncFrameOutcome> outcomes = decode(GOOD);

        assertThat(outcomes).singleElement().isInstanceOfSatisfying(SyncFrameOutcome.Frame.class, f -> {
            assertThat(f.header()).containsExactly(0x01, 0x05);
            assertThat(f.payload()).containsExactly(0x10, 0x20, 0x30, 0x40, 0x50);
            assertThat(f.bytes()).isEqualTo(GOOD);
            assertThat(f.printable()).startsWith("<xAA>U<SOH><ENQ><DLE> 0@P");
        });
        assertThat(decoder.buffered()).isZero();
    }

    @Test
    void decode_partialFrame_waitsForMoreBytesWithoutReporting() {
        assertThat(decoder.decode(GOOD, 0, GOOD.length - 1)).isEmpty();
        assertThat(decoder.buffered()).isEqualTo(GOOD.length - 1);

        assertThat(describe(decoder.decode(GOOD, GOOD.length - 1, 1))).containsExactly("frame " + hex(GOOD));
    }

    @Test
    void decode_splitAtEveryPosition_sameOutcomesAsWhole() {
        byte[] corrupt = GOOD.clone();
        corrupt[4] ^= 0x08;
        byte[] input = concat(bytes(0x00, 0xAA, 0x13), GOOD, corrupt, frame(0x02), bytes(0xAA, 0x55, 0x01, 0x09),
                frame(0x03, 0xAA, 0x55), GOOD);
        List<SyncFrameOutcome> whole = new SyncFrameDecoder(FORMAT).decode(input, 0, input.length);

        for (int split = 0; split <= input.length; split++) {
            SyncFrameDecoder fresh = new SyncFrameDecoder(FORMAT);
            List<SyncFrameOutcome> parts = new ArrayList<>(fresh.decode(input, 0, split));
            parts.addAll(fresh.decode(input, split, input.length - split));
            assertThat(parts).as("split at %d", split).usingRecursiveComparison().isEqualTo(whole);
        }
        assertThat(describe(whole)).containsExactly("noise 00AA13", "frame " + hex(GOOD),
                "bad_checksum " + hex(corrupt), "frame " + hex(frame(0x02)), "overlong AA550109",
                "frame " + hex(frame(0x03, 0xAA, 0x55)), "frame " + hex(GOOD));
    }

    @Test
    void decode_oneByteAtATime_sameOutcomesAsWhole() {
        byte[] input = concat(bytes(0x7E), GOOD, bytes(0xAA, 0x55, 0x01, 0x05, 0x10), frame(0x04, 0x01));
        List<SyncFrameOutcome> whole = new SyncFrameDecoder(FORMAT).decode(input, 0, input.length);

        List<SyncFrameOutcome> single = new ArrayList<>();
        for (int i = 0; i < input.length; i++) {
            single.addAll(decoder.decode(input, i, 1));
        }
        assertThat(single).hasSize(4).usingRecursiveComparison().isEqualTo(whole);
        assertThat(describe(single)).extracting(s -> s.split(" ")[0])
                .containsExactly("noise", "frame", "truncated", "frame");
    }

    @Test
    void decode_frameOfMaxPayload_accepted() {
        byte[] max = frame(0x01, new byte[MAX]);

        assertThat(max).hasSize(FORMAT.maxFrameLength());
        assertThat(describe(decode(max))).containsExactly("frame " + hex(max));
    }

    @Test
    void decode_lengthMaxPlusOne_overlongAtTheLengthFieldThenNoiseThenNextFrame() {
        byte[] tooLong = frame(0x01, new byte[MAX + 1]);

        List<SyncFrameOutcome> outcomes = decode(concat(tooLong, GOOD));

        assertThat(describe(outcomes)).containsExactly("overlong AA550109",
                "noise " + hex(tooLong).substring(8), "frame " + hex(GOOD));
        assertThat(((SyncFrameOutcome.Rejected) outcomes.getFirst()).detail())
                .isEqualTo("length field says 9 payload bytes, at most 8 allowed");
    }

    @Test
    void decode_emptyPayload_accepted() {
        byte[] empty = frame(0x09);

        assertThat(decode(empty)).singleElement().isInstanceOfSatisfying(SyncFrameOutcome.Frame.class,
                f -> assertThat(f.payload()).isEmpty());
    }

    @Test
    void decode_noiseBeforeFrame_reportsNoiseOnceThenFrame() {
        List<SyncFrameOutcome> outcomes = decode(concat(bytes(0x00, 0x55, 0xFF, 0xAA), GOOD));

        assertThat(describe(outcomes)).containsExactly("noise 0055FFAA", "frame " + hex(GOOD));
        assertThat(((SyncFrameOutcome.Rejected) outcomes.getFirst()).detail()).isEqualTo("4 bytes outside a frame");
    }

    @Test
    void decode_noiseWithoutSync_notReportedUntilDecided() {
        assertThat(decode(bytes(0x01, 0x02, 0xAA))).isEmpty();
        assertThat(decoder.buffered()).isEqualTo(3);
    }

    @Test
    void decode_noiseEndingInFirstSyncByte_thatByteMayStartTheFrame() {
        assertThat(decode(bytes(0x11, 0xAA))).isEmpty();

        assertThat(describe(decoder.decode(GOOD, 1, GOOD.length - 1))).containsExactly("noise 11",
                "frame " + hex(GOOD));
    }

    @Test
    void decode_firstSyncByteTwice_theSecondStartsTheFrame() {
        assertThat(describe(decode(concat(bytes(0xAA), GOOD)))).containsExactly("noise AA", "frame " + hex(GOOD));
    }

    @Test
    void decode_noiseFlood_reportedEveryMaxFrameLengthSoNothingGrows() {
        byte[] flood = new byte[FORMAT.maxFrameLength() * 3 + 5];

        List<SyncFrameOutcome> outcomes = decode(flood);

        String run = hex(new byte[FORMAT.maxFrameLength()]);
        assertThat(describe(outcomes)).containsExactly("noise " + run, "noise " + run, "noise " + run);
        assertThat(decoder.buffered()).isEqualTo(5);
    }

    @Test
    void decode_syncPatternInsidePayload_isDataNotAFrameStart() {
        byte[] withSync = frame(0x01, 0xAA, 0x55, 0x01, 0x00, 0xAA, 0x55);

        assertThat(describe(decode(withSync))).containsExactly("frame " + hex(withSync));
    }

    @Test
    void decode_corruptFrameThenGoodTwice_recoversEachTime() {
        byte[] corrupt = GOOD.clone();
        corrupt[5] ^= 0x01;

        assertThat(describe(decode(concat(corrupt, GOOD, corrupt, frame(0x02, 0x07))))).extracting(s -> s.split(" ")[0])
                .containsExactly("bad_checksum", "frame", "bad_checksum", "frame");
    }

    @Test
    void decode_badChecksum_detailNamesSentAndComputed() {
        byte[] corrupt = GOOD.clone();
        corrupt[GOOD.length - 1] ^= 0x01;

        SyncFrameOutcome.Rejected rejected = (SyncFrameOutcome.Rejected) decode(corrupt).getFirst();

        int crc = Crc16.ccittFalse(GOOD, 2, GOOD.length - 4);
        assertThat(rejected.reason()).isEqualTo(RejectReason.BAD_CHECKSUM);
        assertThat(rejected.detail()).isEqualTo(String.format("CRC %04X, computed %04X", crc ^ 0x01, crc));
        assertThat(rejected.bytes()).isEqualTo(corrupt);
    }

    @Test
    void decode_frameCutShortByTheNextFrame_truncatedThenNextFrameDecodes() {
        byte[] cut = Arrays.copyOf(GOOD, 6);

        List<SyncFrameOutcome> outcomes = decode(concat(cut, GOOD));

        assertThat(describe(outcomes)).containsExactly("truncated " + hex(cut), "frame " + hex(GOOD));
        assertThat(((SyncFrameOutcome.Rejected) outcomes.getFirst()).detail())
                .startsWith("frame of 11 bytes fails its check (CRC ")
                .endsWith(") and a new frame starts at its byte 6");
    }

    @Test
    void decode_damagedLengthSwallowsNextFrame_nextFrameFoundAgain() {
        byte[] damaged = frame(0x02, 0x01);
        damaged[3] = 0x08;

        List<SyncFrameOutcome> outcomes = decode(concat(damaged, GOOD));

        assertThat(describe(outcomes)).containsExactly("truncated " + hex(damaged), "frame " + hex(GOOD));
    }

    @Test
    void decode_everySingleBitFlip_neverYieldsAWrongFrameAndRecovers() {
        for (int position = 0; position < GOOD.length; position++) {
            for (int bit = 0; bit < 8; bit++) {
                byte[] flipped = GOOD.clone();
                flipped[position] ^= (byte) (1 << bit);
                byte[] input = concat(flipped, GOOD);
                List<SyncFrameOutcome> outcomes = new SyncFrameDecoder(FORMAT).decode(input, 0, input.length);

                assertThat(outcomes).as("bit %d of byte %d", bit, position)
                        .filteredOn(o -> o instanceof SyncFrameOutcome.Frame)
                        .allSatisfy(o -> assertThat(o.bytes()).isEqualTo(GOOD)).hasSize(1);
                assertThat(outcomes.getLast()).as("bit %d of byte %d", bit, position)
                        .isInstanceOf(SyncFrameOutcome.Frame.class);
                assertThat(concat(outcomes.stream().map(SyncFrameOutcome::bytes).toArray(byte[][]::new)))
                        .as("every byte reported once").isEqualTo(input);
            }
        }
    }

    @Test
    void decode_20kChunksOfRandomBytes_neverThrowNeverGrowEveryByteOnceThenGoodFrameDecodes() {
        Random random = new Random(20261123);
        ByteArrayOutputStream fed = new ByteArrayOutputStream();
        ByteArrayOutputStream reported = new ByteArrayOutputStream();
        for (int chunk = 0; chunk < 20_000; chunk++) {
            byte[] bytes = new byte[random.nextInt(48)];
            for (int i = 0; i < bytes.length; i++) {
                int pick = random.nextInt(8);
                bytes[i] = pick == 0 ? SYNC[0] : pick == 1 ? SYNC[1] : pick == 2 ? 3 : (byte) random.nextInt(256);
            }
            fed.writeBytes(bytes);
            decoder.decode(bytes, 0, bytes.length).forEach(o -> reported.writeBytes(o.bytes()));
            assertThat(decoder.buffered()).isLessThan(FORMAT.maxFrameLength());
        }
        byte[] all = fed.toByteArray();
        assertThat(reported.toByteArray()).isEqualTo(Arrays.copyOf(all, all.length - decoder.buffered()));

        assertThat(decode(concat(GOOD, GOOD)).getLast().bytes()).isEqualTo(GOOD);
    }

    @Test
    void decode_twoByteLengthAndOneSyncByte_framesAsFormatSays() {
        FrameCheck sum = new FrameCheck() {
            @Override
            public String name() {
                return "SUM";
            }

            @Override
            public int size() {
                return 1;
            }

            @Override
            public long compute(byte[] bytes, int offset, int length) {
                int s = 0;
                for (int i = offset; i < offset + length; i++) {
                    s += bytes[i] & 0xFF;
                }
                return s & 0xFF;
            }
        };
        SyncFrameDecoder wide = new SyncFrameDecoder(new SyncFrameFormat(new byte[] {0x7E}, 3, 1, 2, 300, sum));
        byte[] payload = new byte[260];
        payload[0] = 0x7E;
        byte[] input = concat(bytes(0x7E, 0x05, 0x01, 0x04), payload, bytes((0x05 + 0x01 + 0x04 + 0x7E) & 0xFF));

        assertThat(wide.decode(input, 0, input.length)).singleElement()
                .isInstanceOfSatisfying(SyncFrameOutcome.Frame.class, f -> {
                    assertThat(f.header()).containsExactly(0x05, 0x01, 0x04);
                    assertThat(f.payload()).hasSize(260);
                });
    }

    @Test
    void reset_midFrame_forgetsPartialFrame() {
        decoder.decode(GOOD, 0, 7);

        decoder.reset();

        assertThat(decoder.buffered()).isZero();
        assertThat(describe(decode(GOOD))).containsExactly("frame " + hex(GOOD));
    }

    @Test
    void decode_offsetAndLength_onlyThatRangeIsRead() {
        byte[] input = concat(bytes(1, 2, 3), GOOD, bytes(0xAA, 0x55));

        assertThat(describe(decoder.decode(input, 3, GOOD.length))).containsExactly("frame " + hex(GOOD));
        assertThat(decoder.buffered()).isZero();
    }

    @Test
    void newFormat_invalidShape_rejectedAtConstruction() {
        assertThatThrownBy(() -> new SyncFrameFormat(new byte[0], 2, 1, 1, 8, Crc16.CCITT_FALSE))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("sync");
        assertThatThrownBy(() -> new SyncFrameFormat(SYNC, 1, 1, 1, 8, Crc16.CCITT_FALSE))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("within");
        assertThatThrownBy(() -> new SyncFrameFormat(SYNC, 2, 1, 1, 256, Crc16.CCITT_FALSE))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxPayload");
        assertThatThrownBy(() -> new SyncFrameFormat(SYNC, 3, 1, 3, 8, Crc16.CCITT_FALSE))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("lengthSize");
    }

    @Test
    void format_syncBytes_copiedInAndOut() {
        byte[] sync = SYNC.clone();
        SyncFrameFormat format = new SyncFrameFormat(sync, 2, 1, 1, MAX, Crc16.CCITT_FALSE);
        sync[0] = 0;
        format.sync()[1] = 0;

        assertThat(format.sync()).isEqualTo(SYNC);
        assertThat(format).isEqualTo(FORMAT).hasSameHashCodeAs(FORMAT);
        assertThat(format.maxFrameLength()).isEqualTo(2 + 2 + MAX + 2);
    }

    private List<SyncFrameOutcome> decode(byte[] bytes) {
        return decoder.decode(bytes, 0, bytes.length);
    }

    /** "frame HEX" for a frame, "reason HEX" for a rejection. */
    private static List<String> describe(List<SyncFrameOutcome> outcomes) {
        return outcomes.stream().map(o -> switch (o) {
            case SyncFrameOutcome.Frame f -> "frame " + hex(f.bytes());
            case SyncFrameOutcome.Rejected r -> r.reason().code() + " " + hex(r.bytes());
        }).toList();
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().withUpperCase().formatHex(bytes);
    }

    /** AA 55 type len payload CRC. */
    private static byte[] frame(int type, int... payload) {
        return frame(type, bytes(payload));
    }

    private static byte[] frame(int type, byte[] payload) {
        byte[] covered = concat(bytes(type, payload.length), payload);
        int crc = Crc16.ccittFalse(covered, 0, covered.length);
        return concat(SYNC, covered, bytes(crc >> 8, crc & 0xFF));
    }

    private static byte[] bytes(int... values) {
        byte[] out = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (byte) values[i];
        }
        return out;
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
