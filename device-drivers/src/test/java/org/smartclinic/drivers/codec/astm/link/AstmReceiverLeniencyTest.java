package org.smartclinic.drivers.codec.astm.link;

import static org.assertj.core.api.Assertions.assertThat;
import static org.smartclinic.drivers.codec.astm.link.AstmBytes.ENQ;
import static org.smartclinic.drivers.codec.astm.link.AstmBytes.EOT;
import static org.smartclinic.drivers.codec.astm.link.AstmBytes.RESULTS;
import static org.smartclinic.drivers.codec.astm.link.AstmBytes.concat;
import static org.smartclinic.drivers.codec.astm.link.AstmBytes.frame;
import static org.smartclinic.drivers.codec.astm.link.AstmBytes.transmission;
import static org.smartclinic.drivers.codec.astm.link.AstmBytes.withChecksum;

import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.smartclinic.drivers.codec.astm.link.AstmReceiverEvent.MessageReceived;
import org.smartclinic.drivers.codec.astm.link.AstmReceiverEvent.Rejected;

/** Every switch of {@link AstmLeniency}: off it refuses the deviation, on it accepts it. */
class AstmReceiverLeniencyTest {

    private static final byte[] HEADER = frame(1, "H|\\^&\r", true);
    private static final byte[] TERMINATOR = frame(2, "L|1|N\r", true);

    @Test
    void lowerCaseChecksum_offNaks_onAccepts() {
        byte[] lower = withChecksum(HEADER, "e5");
        byte[] input = concat(ENQ, lower, TERMINATOR, EOT);

        assertThat(strict().feed(input)).filteredOn(Rejected.class::isInstance).first()
                .satisfies(r -> assertThat(((Rejected) r).detail())
                        .isEqualTo("checksum 'e5' is not two upper-case hex digits"));
        assertThat(lenient(AstmLeniency.STRICT.withLowerCaseChecksum(true)).feed(input))
                .filteredOn(MessageReceived.class::isInstance).hasSize(1);
    }

    @Test
    void lowerCaseChecksum_on_stillComparesTheValue() {
        ReceiverHarness link = lenient(AstmLeniency.STRICT.withLowerCaseChecksum(true));

        link.feed(ENQ, withChecksum(HEADER, "e6"));

        assertThat(AstmBytes.describe(link.events).getLast()).isEqualTo("rejected bad_checksum <NAK>");
    }

    @Test
    void looseLineEnd_offNaksLfOnly_onAcceptsLfOnlyCrOnlyAndNothing() {
        byte[] lfOnly = concat(ENQ, without(HEADER, 2), without(TERMINATOR, 2), EOT);
        byte[] crOnly = concat(ENQ, Arrays.copyOf(HEADER, HEADER.length - 1), Arrays.copyOf(TERMINATOR,
                TERMINATOR.length - 1), EOT);
        byte[] nothing = concat(ENQ, Arrays.copyOf(HEADER, HEADER.length - 2),
                Arrays.copyOf(TERMINATOR, TERMINATOR.length - 2), EOT);

        ReceiverHarness strict = strict();
        strict.feed(lfOnly);
        assertThat(strict.describe()).startsWith("enq <ACK>", "rejected malformed <NAK>");
        assertThat(strict.stored).isEmpty();
        for (byte[] input : List.of(lfOnly, crOnly, nothing)) {
            ReceiverHarness loose = lenient(AstmLeniency.STRICT.withLooseLineEnd(true));
            loose.feed(input);
            assertThat(loose.describe()).as(AstmBytes.describe(loose.events).toString())
                    .containsExactly("enq <ACK>", "ack 1", "message HL", "ended 1/2");
        }
    }

    @Test
    void looseLineEnd_off_frameWithoutLineEndIsNeverAnswered() {
        ReceiverHarness link = strict();

        link.feed(ENQ, Arrays.copyOf(HEADER, HEADER.length - 2), HEADER);

        assertThat(link.describe()).containsExactly("enq <ACK>", "rejected truncated", "ack 1");
    }

    @Test
    void maxTextLength_offNaksText300_raisedTo400AcceptsItAndNaks401() {
        byte[] text300 = frame(1, "R|" + "x".repeat(297) + "\r", true);
        byte[] text401 = frame(1, "R|" + "x".repeat(398) + "\r", true);
        ReceiverHarness raised = lenient(AstmLeniency.STRICT.withMaxTextLength(400));

        assertThat(AstmBytes.describe(strict().feed(ENQ, text300))).containsExactly("enq <ACK>",
                "rejected overlong <NAK>");
        assertThat(AstmBytes.describe(raised.feed(ENQ, text401, text300))).containsExactly("enq <ACK>",
                "rejected overlong <NAK>", "ack 1");
    }

    @Test
    void packedRecords_offNaksAWholeMessageInOneFrame_onAcceptsIt() {
        List<AstmFrame> one = AstmFrame.split(RESULTS, AstmFrame.Layout.PACKED, AstmFrame.MAX_TEXT);
        assertThat(one).hasSize(1);
        byte[] input = concat(ENQ, AstmFrame.encodeAll(one), EOT);

        List<AstmReceiverEvent> strict = strict().feed(input);
        ReceiverHarness packed = lenient(AstmLeniency.STRICT.withPackedRecords(true));
        packed.feed(input);

        assertThat(strict).filteredOn(Rejected.class::isInstance).singleElement()
                .satisfies(r -> assertThat(((Rejected) r).detail()).startsWith("CR at text position 51 ends a record")
                        .contains("packedRecords"));
        assertThat(packed.describe()).containsExactly("enq <ACK>", "message HPORRL", "ended 1/1");
        assertThat(packed.stored).singleElement().extracting(MessageReceived::records).isEqualTo(RESULTS);
    }

    @Test
    void packedRecords_on_recordsRunningAcrossIntermediateFrames() {
        List<AstmFrame> frames = AstmFrame.split(RESULTS, AstmFrame.Layout.PACKED, 40);
        ReceiverHarness packed = lenient(AstmLeniency.STRICT.withPackedRecords(true));

        packed.feed(concat(ENQ, AstmFrame.encodeAll(frames), EOT));

        assertThat(frames).hasSizeGreaterThan(5);
        assertThat(packed.stored).singleElement().extracting(MessageReceived::records).isEqualTo(RESULTS);
        assertThat(strict().feed(concat(ENQ, AstmFrame.encodeAll(frames))))
                .filteredOn(Rejected.class::isInstance).isNotEmpty();
    }

    @Test
    void ignoreChecksum_offNaksAWrongChecksum_onAcceptsAnyTwoCharacters() {
        ReceiverHarness ignoring = lenient(AstmLeniency.STRICT.withIgnoreChecksum(true));

        assertThat(AstmBytes.describe(strict().feed(ENQ, withChecksum(HEADER, "00"))))
                .containsExactly("enq <ACK>", "rejected bad_checksum <NAK>");
        ignoring.feed(ENQ, withChecksum(HEADER, "00"), withChecksum(TERMINATOR, "zz"), EOT);
        assertThat(ignoring.describe()).containsExactly("enq <ACK>", "ack 1", "message HL", "ended 1/2");
    }

    @Test
    void everySwitchOn_standardInputDecodesAsInStrictMode() {
        // Raw bytes may differ: with the loose line end a message's raw ends at its last checksum digit.
        AstmLeniency all = new AstmLeniency(true, true, 1000, true, true);
        byte[] input = concat(transmission(RESULTS), transmission(AstmBytes.message(700, 30)));

        ReceiverHarness strict = strict();
        strict.feed(input);
        ReceiverHarness lenient = lenient(all);
        lenient.feed(input);

        assertThat(lenient.describe()).isEqualTo(strict.describe());
        assertThat(AstmBytes.answers(lenient.events)).isEqualTo(AstmBytes.answers(strict.events));
        assertThat(lenient.stored).extracting(MessageReceived::records)
                .isEqualTo(strict.stored.stream().map(MessageReceived::records).toList()).hasSize(2);
    }

    private static ReceiverHarness strict() {
        return new ReceiverHarness();
    }

    private static ReceiverHarness lenient(AstmLeniency leniency) {
        return new ReceiverHarness(AstmReceiverOptions.DEFAULT.withLeniency(leniency));
    }

    /** {@code frame} without the byte {@code fromEnd} places before its end (2: the CR of CR LF). */
    private static byte[] without(byte[] frame, int fromEnd) {
        int at = frame.length - fromEnd;
        return concat(Arrays.copyOf(frame, at), Arrays.copyOfRange(frame, at + 1, frame.length));
    }
}
