package org.smartclinic.drivers.codec.astm.link;

import static org.assertj.core.api.Assertions.assertThat;
import static org.smartclinic.drivers.codec.astm.link.AstmBytes.ACK;
import static org.smartclinic.drivers.codec.astm.link.AstmBytes.ENQ;
import static org.smartclinic.drivers.codec.astm.link.AstmBytes.EOT;
import static org.smartclinic.drivers.codec.astm.link.AstmBytes.NAK;
import static org.smartclinic.drivers.codec.astm.link.AstmBytes.RESULTS;
import static org.smartclinic.drivers.codec.astm.link.AstmBytes.concat;
import static org.smartclinic.drivers.codec.astm.link.AstmBytes.esc;
import static org.smartclinic.drivers.codec.astm.link.AstmBytes.frame;
import static org.smartclinic.drivers.codec.astm.link.AstmBytes.frames;
import static org.smartclinic.drivers.codec.astm.link.AstmBytes.framesFrom;
import static org.smartclinic.drivers.codec.astm.link.AstmBytes.message;
import static org.smartclinic.drivers.codec.astm.link.AstmBytes.transmission;
import static org.smartclinic.drivers.codec.astm.link.AstmBytes.withChecksum;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.smartclinic.drivers.codec.astm.link.AstmReceiverEvent.IncompleteCause;
import org.smartclinic.drivers.codec.astm.link.AstmReceiverEvent.MessageReceived;
import org.smartclinic.drivers.codec.astm.link.AstmReceiverEvent.Rejected;
import org.smartclinic.drivers.codec.astm.link.AstmReceiverEvent.TransmissionIncomplete;

class AstmReceiverTest {

    private final ReceiverHarness link = new ReceiverHarness();

    @Test
    void receive_resultMessage_acksEachFrameAndHoldsBackTheTerminatorsAck() {
        byte[] frames = frames(RESULTS);

        List<AstmReceiverEvent> events = link.receiver.receive(concat(ENQ, frames), 0, ENQ.length + frames.length);

        assertThat(AstmBytes.describe(events)).containsExactly("enq <ACK>", "ack 1", "ack 2", "ack 3", "ack 4",
                "ack 5", "message HPORRL");
        assertThat(AstmBytes.answers(events)).isEqualTo(concat(ACK, ACK, ACK, ACK, ACK, ACK));
        MessageReceived message = (MessageReceived) events.stream().filter(MessageReceived.class::isInstance)
                .findFirst().orElseThrow();
        assertThat(message.records()).isEqualTo(RESULTS);
        assertThat(message.text()).isEqualTo(String.join("\r", RESULTS) + "\r");
        assertThat(message.raw()).isEqualTo(concat(ENQ, frames));
        assertThat(message.terminated()).isTrue();
        assertThat(message.ack()).isEqualTo(ACK);
        assertThat(message.nak()).isEqualTo(NAK);
        assertThat(link.receiver.state()).isEqualTo(AstmReceiver.State.RECEIVING);
    }

    @Test
    void receive_eotAfterStoredMessage_endsTheTransmission() {
        link.feed(transmission(RESULTS));

        assertThat(link.describe()).containsExactly("enq <ACK>", "ack 1", "ack 2", "ack 3", "ack 4", "ack 5",
                "message HPORRL", "ended 1/6");
        assertThat(link.sent()).isEqualTo(concat(ACK, ACK, ACK, ACK, ACK, ACK, ACK));
        assertThat(link.stored).singleElement().extracting(MessageReceived::records).isEqualTo(RESULTS);
        assertThat(link.receiver.state()).isEqualTo(AstmReceiver.State.IDLE);
    }

    @Test
    void receive_splitAtEveryPosition_sameEventsAsWhole() {
        byte[] f2 = frame(2, RESULTS.get(1) + "\r", true);
        List<String> longRecord = message(300);
        byte[] input = concat(esc("xy<LF>"), ENQ, frame(1, RESULTS.get(0) + "\r", true), withChecksum(f2, "00"),
                esc("junk"), f2, f2, framesFrom(3, RESULTS.subList(2, 6)), EOT, esc("<STX>1stray<LF>"),
                transmission(longRecord));
        List<AstmReceiverEvent> whole = new ReceiverHarness().feed(input);

        for (int split = 0; split <= input.length; split++) {
            ReceiverHarness parts = new ReceiverHarness();
            parts.feed(Arrays.copyOfRange(input, 0, split),
                    Arrays.copyOfRange(input, split, input.length));
            assertThat(AstmBytes.canonical(parts.events)).as("split at %d", split)
                    .isEqualTo(AstmBytes.canonical(whole));
        }
        assertThat(AstmBytes.describe(whole)).containsExactly("rejected noise", "enq <ACK>", "ack 1",
                "rejected bad_checksum <NAK>", "rejected noise", "ack 2", "ack 2 duplicate", "ack 3", "ack 4",
                "ack 5", "message HPORRL", "ended 1/6", "rejected noise", "enq <ACK>", "ack 1", "ack 2 etb", "ack 3",
                "message HRL", "ended 1/4");
    }

    @Test
    void receive_oneByteAtATime_sameEventsAsWhole() {
        byte[] input = concat(transmission(RESULTS), transmission(message(500, 20)));
        List<AstmReceiverEvent> whole = new ReceiverHarness().feed(input);

        ReceiverHarness single = new ReceiverHarness();
        for (byte b : input) {
            single.feed(new byte[] {b});
        }

        assertThat(AstmBytes.canonical(single.events)).isEqualTo(AstmBytes.canonical(whole));
        assertThat(single.stored).hasSize(2);
    }

    @Test
    void receive_recordLongerThan240_joinedFromIntermediateFrames() {
        List<String> records = message(600);

        link.feed(transmission(records));

        assertThat(link.describe()).containsExactly("enq <ACK>", "ack 1", "ack 2 etb", "ack 3 etb", "ack 4",
                "message HRL", "ended 1/5");
        assertThat(link.stored).singleElement().extracting(MessageReceived::records).isEqualTo(records);
        assertThat(link.stored.get(0).records().get(1)).hasSize(600);
    }

    @Test
    void receive_longMessage_frameNumbersWrapFrom7To0To1() {
        int[] lengths = IntStream.range(0, 18).map(i -> 20 + i).toArray();
        List<String> records = message(lengths);

        link.feed(transmission(records));

        assertThat(link.events).filteredOn(AstmReceiverEvent.FrameAcknowledged.class::isInstance)
                .extracting(e -> ((AstmReceiverEvent.FrameAcknowledged) e).frameNumber())
                .containsExactly(1, 2, 3, 4, 5, 6, 7, 0, 1, 2, 3, 4, 5, 6, 7, 0, 1, 2, 3);
        assertThat(link.stored).singleElement().extracting(MessageReceived::records).isEqualTo(records);
    }

    @Test
    void receive_badChecksumThenRepetition_naksThenAcksAndStoresOnce() {
        byte[] good = frame(2, RESULTS.get(1) + "\r", true);
        byte[] bad = withChecksum(good, "00");

        link.feed(ENQ, frame(1, RESULTS.get(0) + "\r", true), bad);
        assertThat(AstmBytes.describe(link.events).getLast()).isEqualTo("rejected bad_checksum <NAK>");
        Rejected rejected = (Rejected) link.events.stream().filter(Rejected.class::isInstance).findFirst().get();
        assertThat(rejected.detail()).matches("checksum 00, computed [0-9A-F]{2}");
        assertThat(rejected.raw()).isEqualTo(bad);

        link.feed(good, frame(3, "L|1|N\r", true), EOT);

        assertThat(link.sent()).isEqualTo(concat(ACK, ACK, NAK, ACK, ACK));
        assertThat(link.stored).singleElement().extracting(MessageReceived::records)
                .isEqualTo(List.of(RESULTS.get(0), RESULTS.get(1), "L|1|N"));
    }

    @Test
    void receive_flippedBit_naksAndTheRepetitionIsTaken() {
        byte[] good = frame(1, RESULTS.get(0) + "\r", true);
        byte[] flipped = good.clone();
        flipped[10] ^= 0x04;

        link.feed(ENQ, flipped, good, frame(2, "L|1|N\r", true), EOT);

        assertThat(link.describe()).containsExactly("enq <ACK>", "rejected bad_checksum <NAK>", "ack 1",
                "message HL", "ended 1/2");
    }

    @Test
    void receive_frameRepeatedAfterLostAck_acksAgainAndTakesItsTextOnce() {
        byte[] f1 = frame(1, RESULTS.get(0) + "\r", true);
        byte[] f2 = frame(2, "R|1|^^^GLU|5.4\r", true);
        byte[] last = frame(3, "L|1|N\r", true);

        link.feed(ENQ, f1, f2, f2, last, last, EOT);

        assertThat(link.describe()).containsExactly("enq <ACK>", "ack 1", "ack 2", "ack 2 duplicate",
                "message HRL", "ack 3 duplicate", "ended 1/3");
        assertThat(link.sent()).isEqualTo(concat(ACK, ACK, ACK, ACK, ACK, ACK));
        assertThat(link.stored).singleElement().extracting(MessageReceived::records)
                .isEqualTo(List.of(RESULTS.get(0), "R|1|^^^GLU|5.4", "L|1|N"));
    }

    @Test
    void receive_intermediateFrameRepeated_itsTextJoinsOnce() {
        byte[] first = frame(1, "R|1|abc", false);

        link.feed(ENQ, first, first, frame(2, "def\r", true), frame(3, "L\r", true), EOT);

        assertThat(link.stored).singleElement().extracting(MessageReceived::records)
                .isEqualTo(List.of("R|1|abcdef", "L"));
    }

    @Test
    void receive_wrongFrameNumber_naksAndWaitsForTheExpectedOne() {
        link.feed(ENQ, frame(2, RESULTS.get(0) + "\r", true), frame(1, RESULTS.get(0) + "\r", true),
                frame(3, "L|1|N\r", true), frame(7, "L|1|N\r", true), frame(2, "L|1|N\r", true), EOT);

        assertThat(link.describe()).containsExactly("enq <ACK>", "rejected wrong_frame_number <NAK>", "ack 1",
                "rejected wrong_frame_number <NAK>", "rejected wrong_frame_number <NAK>", "message HL", "ended 1/2");
        assertThat(link.events).filteredOn(Rejected.class::isInstance).first()
                .extracting(e -> ((Rejected) e).detail()).isEqualTo("frame number 2, expected 1");
    }

    @Test
    void receive_garbageBetweenFrames_reportedOnceWithoutAnswerAndFramesStillDecode() {
        link.feed(ENQ, frame(1, RESULTS.get(0) + "\r", true), esc("#@!<NUL><xFF>"), frame(2, "L|1|N\r", true),
                esc("<CR><LF>"), EOT);

        assertThat(link.describe()).containsExactly("enq <ACK>", "ack 1", "rejected noise", "message HL",
                "rejected noise", "ended 1/2");
        assertThat(link.sent()).isEqualTo(concat(ACK, ACK, ACK));
        assertThat(link.events).filteredOn(Rejected.class::isInstance).first()
                .satisfies(e -> assertThat(((Rejected) e).printable()).isEqualTo("#@!<NUL><xFF>"));
    }

    @Test
    void receive_frameWhoseStxWasLost_naked() {
        byte[] f1 = frame(1, RESULTS.get(0) + "\r", true);

        link.feed(ENQ, Arrays.copyOfRange(f1, 1, f1.length), f1, frame(2, "L\r", true), EOT);

        assertThat(link.describe()).containsExactly("enq <ACK>", "rejected malformed <NAK>", "ack 1", "message HL",
                "ended 1/2");
    }

    @Test
    void receive_frameCutByTheNextStx_reportedWithoutAnswer() {
        byte[] f1 = frame(1, RESULTS.get(0) + "\r", true);

        link.feed(ENQ, Arrays.copyOf(f1, 20), f1, frame(2, "L\r", true), EOT);

        assertThat(link.describe()).containsExactly("enq <ACK>", "rejected truncated", "ack 1", "message HL",
                "ended 1/2");
        assertThat(link.sent()).isEqualTo(concat(ACK, ACK, ACK));
    }

    @Test
    void receive_controlCharactersInsideAFrame_areTextSoTheFrameIsNakedNotCut() {
        byte[] f1 = frame(1, "H|x\r", true);
        byte[] withEot = f1.clone();
        withEot[4] = AstmControl.EOT;
        byte[] withEnq = f1.clone();
        withEnq[4] = AstmControl.ENQ;
        byte[] withLf = f1.clone();
        withLf[4] = AstmControl.LF;

        link.feed(ENQ, withEot, withEnq, withLf, f1, frame(2, "L\r", true), EOT);

        assertThat(link.describe()).containsExactly("enq <ACK>", "rejected bad_checksum <NAK>",
                "rejected bad_checksum <NAK>", "rejected bad_checksum <NAK>", "ack 1", "message HL", "ended 1/2");
    }

    @Test
    void receive_restrictedCharacterUnderAGoodChecksum_malformed() {
        byte[] sent = esc("<STX>1H|<DC2>x<CR><ETX>");
        int sum = AstmChecksum.of(sent, 1, sent.length - 1);
        byte[] f = concat(sent, AstmChecksum.digits(sum), esc("<CR><LF>"));

        List<AstmReceiverEvent> events = link.feed(ENQ, f);

        assertThat(events).filteredOn(Rejected.class::isInstance).singleElement()
                .satisfies(e -> assertThat(((Rejected) e).detail()).isEqualTo(
                        "restricted character <DC2> at text position 2"));
    }

    @Test
    void receive_malformedFrames_nakedWithTheirReason() {
        assertThat(rejectionOf(esc("<STX>1H<ETX>4X<CR><LF>"))).isEqualTo("checksum '4X' is not two upper-case hex digits");
        assertThat(rejectionOf(esc("<STX><ETX>03<CR><LF>"))).isEqualTo("no frame number before <ETX>");
        assertThat(rejectionOf(esc("<STX>9<ETX>3C<CR><LF>"))).isEqualTo("frame number '9' is not a digit 0..7");
        assertThat(rejectionOf(esc("<STX>1<ETX>34<LF>"))).isEqualTo("expected <CR><LF> after the checksum, got '<LF>'");
        assertThat(rejectionOf(esc("<STX>1<ETX>34X<CR><LF>")))
                .isEqualTo("expected <CR><LF> after the checksum, got 'X<CR><LF>'");
        assertThat(rejectionOf(esc("<STX>1<ETX>3<LF>"))).isEqualTo("checksum cut short by <LF>");
        assertThat(rejectionOf(esc("<STX>1<ETX>34<CR>0123456789<LF>"))).isEqualTo("no <LF> soon after the checksum");
    }

    @Test
    void receive_eotMidRecord_reportsIncompleteWithTheCompleteRecords() {
        link.feed(ENQ, frame(1, RESULTS.get(0) + "\r", true), frame(2, RESULTS.get(1) + "\r", true),
                frame(3, "R|1|^^^GLU", false), EOT);

        assertThat(link.describe()).containsExactly("enq <ACK>", "ack 1", "ack 2", "ack 3 etb",
                "incomplete eot_mid_record 2 +partial", "ended 0/3");
        TransmissionIncomplete incomplete = (TransmissionIncomplete) link.events.stream()
                .filter(TransmissionIncomplete.class::isInstance).findFirst().orElseThrow();
        assertThat(incomplete.records()).containsExactly(RESULTS.get(0), RESULTS.get(1));
        assertThat(incomplete.partial()).isEqualTo("R|1|^^^GLU");
        assertThat(link.stored).isEmpty();
    }

    @Test
    void receive_eotWithoutTerminatorRecord_emitsAnUnterminatedMessageWithNothingToAnswer() {
        List<String> noTerminator = RESULTS.subList(0, 4);
        byte[] input = concat(ENQ, frames(noTerminator), EOT);

        link.feed(input);

        assertThat(link.describe()).containsExactly("enq <ACK>", "ack 1", "ack 2", "ack 3", "ack 4",
                "message HPOR unterminated", "ended 1/4");
        assertThat(link.stored).singleElement().satisfies(m -> {
            assertThat(m.records()).isEqualTo(noTerminator);
            assertThat(m.ack()).isEmpty();
            assertThat(m.nak()).isEmpty();
            assertThat(m.raw()).isEqualTo(input);
        });
    }

    @Test
    void receive_textOf240_acceptedAnd241_overlongNaked() {
        String max = "R|" + "x".repeat(238);

        link.feed(ENQ, frame(1, max, false), frame(2, max + "y", false));

        assertThat(link.describe()).containsExactly("enq <ACK>", "ack 1 etb", "rejected overlong <NAK>");
        assertThat(link.events).filteredOn(Rejected.class::isInstance).singleElement()
                .satisfies(e -> assertThat(((Rejected) e).detail()).isEqualTo("frame text longer than 240 characters"));
    }

    @Test
    void receive_noFrameWithinTimeout_reportsIncompleteAndGoesIdle() {
        link.feed(ENQ, frame(1, RESULTS.get(0) + "\r", true), frame(2, "R|1", false));

        link.timeout();
        link.feed(frame(3, "L\r", true), transmission(List.of("H|\\^&", "L")));

        assertThat(link.describe()).containsExactly("enq <ACK>", "ack 1", "ack 2 etb",
                "incomplete timeout 1 +partial", "rejected noise", "enq <ACK>", "ack 1", "message HL", "ended 1/2");
        assertThat(link.stored).singleElement().extracting(MessageReceived::records)
                .isEqualTo(List.of("H|\\^&", "L"));
    }

    @Test
    void receive_timeoutRightAfterTheEnquiry_reportsAnEmptyIncompleteTransmission() {
        link.feed(ENQ);

        assertThat(AstmBytes.describe(link.timeout())).containsExactly("incomplete timeout 0");
        assertThat(link.receiver.onTimer(AstmReceiver.RECEIVE_TIMER)).isEmpty();
        assertThat(link.receiver.onTimer("other")).isEmpty();
    }

    @Test
    void linkLost_midMessage_reportsIncompleteAndTheNextTransmissionDecodes() {
        link.feed(ENQ, frame(1, RESULTS.get(0) + "\r", true), Arrays.copyOf(frame(2, "P|1\r", true), 5));

        List<AstmReceiverEvent> lost = link.linkLost();
        link.feed(transmission(RESULTS));

        assertThat(AstmBytes.describe(lost)).containsExactly("incomplete link_lost 1");
        assertThat(lost.getFirst()).isEqualTo(new AstmTimerRequest.Cancel(AstmReceiver.RECEIVE_TIMER));
        assertThat(((TransmissionIncomplete) lost.get(1)).cause()).isEqualTo(IncompleteCause.LINK_LOST);
        assertThat(link.stored).singleElement().extracting(MessageReceived::records).isEqualTo(RESULTS);
        assertThat(link.receiver.linkLost()).isEmpty();
    }

    @Test
    void storeFailed_terminatorFrameNakedAndItsRepetitionEmitsTheMessageAgain() {
        byte[] last = frame(6, "L|1|N\r", true);
        link.failStores(1);

        link.feed(ENQ, frames(RESULTS.subList(0, 5)), last, last, EOT);

        assertThat(link.describe()).containsExactly("enq <ACK>", "ack 1", "ack 2", "ack 3", "ack 4", "ack 5",
                "message HPORRL", "message HPORRL", "ended 1/6");
        assertThat(link.sent()).isEqualTo(concat(ACK, ACK, ACK, ACK, ACK, ACK, NAK, ACK));
        assertThat(link.stored).singleElement().satisfies(m -> {
            assertThat(m.records()).isEqualTo(RESULTS);
            assertThat(m.raw()).isEqualTo(concat(ENQ, frames(RESULTS.subList(0, 5)), last, last));
        });
    }

    @Test
    void storeFailed_senderGivesUp_reportsNotStored() {
        byte[] last = frame(2, "L|1|N\r", true);
        link.failStores(6);

        link.feed(ENQ, frame(1, "H|\\^&\r", true), last, last, last, last, last, last, EOT);

        assertThat(link.describe()).containsExactly("enq <ACK>", "ack 1", "message HL", "message HL", "message HL",
                "message HL", "message HL", "message HL", "incomplete not_stored 1", "ended 0/1");
        assertThat(link.sent()).isEqualTo(concat(ACK, ACK, NAK, NAK, NAK, NAK, NAK, NAK));
        assertThat(link.stored).isEmpty();
    }

    @Test
    void storeFailed_afterTheTransmissionMovedOn_cannotTakeTheMessageBack() {
        AstmReceiver receiver = new AstmReceiver();
        byte[] input = concat(ENQ, frame(1, "H|\\^&\r", true), frame(2, "L\r", true), EOT);

        receiver.receive(input, 0, input.length);

        assertThat(receiver.storeFailed()).isFalse();
        assertThat(receiver.state()).isEqualTo(AstmReceiver.State.IDLE);
    }

    @Test
    void receive_twoMessagesInOneTransmission_eachEmittedAtItsTerminator() {
        List<String> two = new ArrayList<>(RESULTS);
        two.addAll(List.of("H|\\^&", "R|1|^^^NA|140", "L|1|N"));

        link.feed(transmission(two));

        assertThat(link.describe()).containsExactly("enq <ACK>", "ack 1", "ack 2", "ack 3", "ack 4", "ack 5",
                "message HPORRL", "ack 7", "ack 0", "message HRL", "ended 2/9");
        byte[] all = transmission(two);
        assertThat(link.stored.get(1).raw()).isEqualTo(Arrays.copyOfRange(all, 1 + frames(RESULTS).length,
                all.length - 1));
    }

    @Test
    void receive_terminatorUsesTheHeadersDelimiter() {
        link.feed(transmission(List.of("H!\\^&", "L|not a terminator", "R!1", "L!1!N")));

        assertThat(link.stored).singleElement().extracting(MessageReceived::records).asList().hasSize(4);
        assertThat(link.describe()).containsExactly("enq <ACK>", "ack 1", "ack 2", "ack 3", "message HLRL",
                "ended 1/4");
    }

    @Test
    void receive_busy_naksTheEnquiryAndStaysIdle() {
        link.receiver.setBusy(true);
        link.feed(ENQ, frame(1, "H|\\^&\r", true));
        link.receiver.setBusy(false);
        link.feed(transmission(RESULTS));

        assertThat(link.describe()).startsWith("enq <NAK>", "rejected noise", "enq <ACK>");
        assertThat(link.sent()).startsWith(NAK[0], ACK[0]);
        assertThat(link.stored).hasSize(1);
    }

    @Test
    void receive_enquiryRepeatedBeforeTheFirstFrame_acksAgain_laterIgnored() {
        link.feed(ENQ, ENQ, frame(1, "H|\\^&\r", true), ENQ, frame(2, "L\r", true), EOT);

        assertThat(link.describe()).containsExactly("enq <ACK>", "enq <ACK>", "ack 1", "rejected noise",
                "message HL", "ended 1/2");
    }

    @Test
    void receive_noiseWhileIdle_reportedOncePerRun() {
        List<AstmReceiverEvent> events = link.feed(esc("abc"), esc("def<LF>gh"), esc("<ACK><NAK><EOT>"), ENQ);

        assertThat(events).filteredOn(Rejected.class::isInstance).extracting(e -> ((Rejected) e).printable())
                .containsExactly("abcdef<LF>", "gh<ACK><NAK><EOT>");
        assertThat(events).filteredOn(Rejected.class::isInstance)
                .allSatisfy(e -> assertThat(((Rejected) e).answer()).isEmpty());
    }

    @Test
    void receive_noiseFlood_reportedInBoundedRuns() {
        byte[] flood = new byte[10_000];
        Arrays.fill(flood, (byte) 'z');

        List<AstmReceiverEvent> events = link.feed(flood);

        assertThat(events).isNotEmpty().allSatisfy(e -> assertThat(((Rejected) e).raw().length)
                .isLessThanOrEqualTo(AstmFrame.MAX_TEXT + AstmFrame.OVERHEAD));
        assertThat(link.receiver.buffered().frameBytes()).isLessThan(AstmFrame.MAX_TEXT + AstmFrame.OVERHEAD);
    }

    @Test
    void receive_transmissionOverItsBound_droppedAndItsFramesRefusedUntilEot() {
        ReceiverHarness small = new ReceiverHarness(AstmReceiverOptions.DEFAULT.withMaxTransmissionBytes(1000));
        List<String> big = message(300, 300, 300, 300);

        small.feed(transmission(big), transmission(RESULTS));

        assertThat(small.describe()).containsExactly("enq <ACK>", "ack 1", "ack 2 etb", "ack 3", "ack 4 etb",
                "ack 5", "ack 6 etb", "rejected transmission_too_large", "rejected transmission_too_large <NAK>",
                "rejected transmission_too_large <NAK>", "rejected transmission_too_large <NAK>",
                "rejected transmission_too_large <NAK>", "ended 0/6",
                "enq <ACK>", "ack 1", "ack 2", "ack 3", "ack 4", "ack 5", "message HPORRL", "ended 1/6");
        assertThat(small.stored).singleElement().extracting(MessageReceived::records).isEqualTo(RESULTS);
    }

    @Test
    void receive_timerRequests_armedAtEveryAnswerAndCancelledAtEot() {
        List<AstmReceiverEvent> events = link.feed(transmission(List.of("H|\\^&", "L")));

        AstmTimerRequest arm = new AstmTimerRequest.Arm(AstmReceiver.RECEIVE_TIMER, Duration.ofSeconds(30));
        assertThat(events).filteredOn(AstmTimerRequest.class::isInstance).containsExactly(arm, arm, arm,
                new AstmTimerRequest.Cancel(AstmReceiver.RECEIVE_TIMER));
    }

    @Test
    void reset_forgetsTheTransmissionSilently() {
        link.feed(ENQ, frame(1, "H|\\^&\r", true));

        link.receiver.reset();

        assertThat(link.receiver.state()).isEqualTo(AstmReceiver.State.IDLE);
        assertThat(link.receiver.buffered()).isEqualTo(new AstmReceiver.Buffered(0, 0, 0, 0));
    }

    private static String rejectionOf(byte[] frame) {
        ReceiverHarness h = new ReceiverHarness();
        List<AstmReceiverEvent> events = h.feed(ENQ, frame);
        Rejected r = (Rejected) events.stream().filter(Rejected.class::isInstance).findFirst().orElseThrow();
        assertThat(r.answer()).isEqualTo(NAK);
        return r.detail();
    }
}
