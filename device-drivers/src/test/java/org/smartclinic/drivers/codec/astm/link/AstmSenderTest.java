package org.smartclinic.drivers.codec.astm.link;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.smartclinic.drivers.codec.astm.link.AstmBytes.ACK;
import static org.smartclinic.drivers.codec.astm.link.AstmBytes.ENQ;
import static org.smartclinic.drivers.codec.astm.link.AstmBytes.EOT;
import static org.smartclinic.drivers.codec.astm.link.AstmBytes.NAK;
import static org.smartclinic.drivers.codec.astm.link.AstmBytes.RESULTS;
import static org.smartclinic.drivers.codec.astm.link.AstmBytes.concat;
import static org.smartclinic.drivers.codec.astm.link.AstmBytes.esc;
import static org.smartclinic.drivers.codec.astm.link.AstmBytes.frame;
import static org.smartclinic.drivers.codec.astm.link.AstmBytes.frames;
import static org.smartclinic.drivers.codec.astm.link.AstmBytes.transmission;

import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.smartclinic.drivers.codec.Printable;
import org.smartclinic.drivers.codec.astm.link.AstmSenderEvent.Contention;
import org.smartclinic.drivers.codec.astm.link.AstmSenderEvent.Delivered;
import org.smartclinic.drivers.codec.astm.link.AstmSenderEvent.Failed;
import org.smartclinic.drivers.codec.astm.link.AstmSenderEvent.Failure;
import org.smartclinic.drivers.codec.astm.link.AstmSenderEvent.Ignored;
import org.smartclinic.drivers.codec.astm.link.AstmSenderEvent.PassOn;
import org.smartclinic.drivers.codec.astm.link.AstmSenderEvent.Send;

class AstmSenderTest {

    private static final String REPLY = AstmSender.REPLY_TIMER;
    private static final String RETRY = AstmSender.RETRY_TIMER;
    private static final List<String> SHORT = List.of("H|\\^&", "L|1|N");

    private final Harness host = new Harness(AstmRole.HOST);
    private final Harness instrument = new Harness(AstmRole.INSTRUMENT);

    @Test
    void send_everyFrameAcked_enqFramesEotAndDelivered() {
        List<AstmSenderEvent> first = host.send(RESULTS);
        for (int i = 0; i < 7; i++) {
            host.receive(ACK);
        }

        assertThat(first).containsExactly(new Send(ENQ), arm(REPLY, 15));
        assertThat(host.wire()).isEqualTo(transmission(RESULTS));
        assertThat(host.events.getLast()).isEqualTo(new Delivered(6, 0));
        assertThat(host.events).contains(new AstmTimerRequest.Cancel(REPLY));
        assertThat(host.sender.state()).isEqualTo(AstmSender.State.IDLE);
    }

    @Test
    void send_frameNakedFiveTimesThenAcked_deliveredWithFiveRetransmissions() {
        host.send(SHORT);
        host.receive(ACK);
        for (int i = 0; i < 5; i++) {
            host.receive(NAK);
        }
        host.receive(ACK, ACK);

        byte[] f1 = frame(1, "H|\\^&\r", true);
        assertThat(host.wire()).isEqualTo(concat(ENQ, f1, f1, f1, f1, f1, f1, frame(2, "L|1|N\r", true), EOT));
        assertThat(host.events.getLast()).isEqualTo(new Delivered(2, 5));
    }

    @Test
    void send_frameNakedSixTimes_sendsEotAndFails() {
        host.send(SHORT);
        host.receive(ACK);
        for (int i = 0; i < 6; i++) {
            host.receive(NAK);
        }

        byte[] f1 = frame(1, "H|\\^&\r", true);
        assertThat(host.wire()).isEqualTo(concat(ENQ, f1, f1, f1, f1, f1, f1, EOT));
        assertThat(host.events.getLast()).isEqualTo(new Failed(Failure.RETRIES_EXHAUSTED,
                "frame 1 of 2 refused after 6 attempts", 0));
        assertThat(host.sender.state()).isEqualTo(AstmSender.State.IDLE);
        assertThat(host.receive(ACK)).containsExactly(new PassOn(ACK));
    }

    @Test
    void send_noReplyToAFrame_eachTimeoutRetransmitsAndTheSixthGivesUp() {
        host.send(SHORT);
        host.receive(ACK, ACK);
        for (int i = 0; i < 5; i++) {
            assertThat(host.fire(REPLY)).containsExactly(new Send(frame(2, "L|1|N\r", true)), arm(REPLY, 15));
        }
        List<AstmSenderEvent> last = host.fire(REPLY);

        assertThat(last).containsExactly(new Send(EOT), new AstmTimerRequest.Cancel(REPLY),
                new Failed(Failure.RETRIES_EXHAUSTED, "frame 2 of 2 unanswered after 6 attempts", 1));
    }

    @Test
    void send_lostAckThenTimeout_repeatsTheFrameAndGoesOn() {
        host.send(SHORT);
        host.receive(ACK);
        host.fire(REPLY);
        host.receive(ACK, ACK);

        byte[] f1 = frame(1, "H|\\^&\r", true);
        assertThat(host.wire()).isEqualTo(concat(ENQ, f1, f1, frame(2, "L|1|N\r", true), EOT));
        assertThat(host.events.getLast()).isEqualTo(new Delivered(2, 1));
    }

    @Test
    void send_enquiryRefused_bidsAgainAfter10s_andGivesUpAfterSix() {
        host.send(SHORT);

        List<AstmSenderEvent> refused = host.receive(NAK);
        assertThat(refused).containsExactly(new AstmTimerRequest.Cancel(REPLY), arm(RETRY, 10));
        assertThat(host.sender.state()).isEqualTo(AstmSender.State.WAITING);
        for (int i = 0; i < 5; i++) {
            assertThat(host.fire(RETRY)).containsExactly(new Send(ENQ), arm(REPLY, 15));
            host.receive(NAK);
        }

        assertThat(host.wire()).isEqualTo(concat(ENQ, ENQ, ENQ, ENQ, ENQ, ENQ));
        assertThat(host.events.getLast()).isEqualTo(new Failed(Failure.NOT_ESTABLISHED, "ENQ refused 6 times", 0));
    }

    @Test
    void send_enquiryUnanswered_sendsEotThenBidsAgainAfter10s() {
        host.send(SHORT);

        assertThat(host.fire(REPLY)).containsExactly(new Send(EOT), arm(RETRY, 10));
        host.fire(RETRY);
        host.receive(ACK, ACK, ACK);

        assertThat(host.wire()).isEqualTo(concat(ENQ, EOT, transmission(SHORT)));
        assertThat(host.events.getLast()).isEqualTo(new Delivered(2, 0));
    }

    @Test
    void contention_host_yieldsHandsTheEnqOnAndBidsAgainAfter20sOfQuiet() {
        host.send(SHORT);

        List<AstmSenderEvent> contention = host.receive(ENQ);
        assertThat(contention).containsExactly(new AstmTimerRequest.Cancel(REPLY),
                new Contention(AstmRole.HOST, Duration.ofSeconds(20)), arm(RETRY, 20), new PassOn(ENQ));
        assertThat(host.sender.holdsLine()).isFalse();

        byte[] instrumentFrames = frames(RESULTS);
        assertThat(host.receive(instrumentFrames)).containsExactly(new PassOn(instrumentFrames));
        assertThat(host.fire(RETRY)).as("the instrument is still sending").containsExactly(arm(RETRY, 20));
        host.receive(EOT);
        assertThat(host.fire(RETRY)).containsExactly(new Send(ENQ), arm(REPLY, 15));
        host.receive(ACK, ACK, ACK);

        assertThat(host.wire()).isEqualTo(concat(ENQ, transmission(SHORT)));
        assertThat(host.events.getLast()).isEqualTo(new Delivered(2, 0));
    }

    @Test
    void contention_host_peerQuietForAWholeBackoff_bidsEvenWithoutItsEot() {
        host.send(SHORT);
        host.receive(ENQ);
        host.receive(frame(1, "H|\\^&\r", true));

        assertThat(host.fire(RETRY)).containsExactly(arm(RETRY, 20));
        assertThat(host.fire(RETRY)).containsExactly(new Send(ENQ), arm(REPLY, 15));
    }

    @Test
    void contention_instrument_keepsItsClaimAndRepeatsTheEnqAfter1s() {
        instrument.send(SHORT);

        List<AstmSenderEvent> contention = instrument.receive(ENQ);
        assertThat(contention).containsExactly(new AstmTimerRequest.Cancel(REPLY),
                new Contention(AstmRole.INSTRUMENT, Duration.ofSeconds(1)), arm(RETRY, 1));
        instrument.fire(RETRY);
        instrument.receive(ACK, ACK, ACK);

        assertThat(instrument.wire()).isEqualTo(concat(ENQ, transmission(SHORT)));
        assertThat(instrument.events.getLast()).isEqualTo(new Delivered(2, 0));
    }

    @Test
    void send_eotInAnswerToAFrame_takenAsAckAndTheTransmissionGoesOn() {
        host.send(SHORT);
        host.receive(ACK, EOT, ACK);

        assertThat(host.wire()).isEqualTo(transmission(SHORT));
        assertThat(host.events.getLast()).isEqualTo(new Delivered(2, 0));
    }

    @Test
    void send_strayBytesInAnswer_ignoredNotTakenAsNak() {
        host.send(SHORT);
        host.receive(ACK);

        List<AstmSenderEvent> stray = host.receive(esc("x<STX>y<ACK>"));

        assertThat(stray.getLast()).isInstanceOfSatisfying(Ignored.class, i -> {
            assertThat(i.count()).isEqualTo(3);
            assertThat(Printable.of(i.sample())).isEqualTo("x<STX>y");
        });
        assertThat(stray).contains(new Send(frame(2, "L|1|N\r", true)));
        assertThat(host.receive(ENQ).getLast()).isInstanceOf(Ignored.class);
    }

    @Test
    void receive_whileIdle_everythingPassedOn() {
        byte[] bytes = transmission(SHORT);

        assertThat(host.receive(bytes)).containsExactly(new PassOn(bytes));
    }

    @Test
    void receive_bytesAfterTheLastAck_passedOnForTheReceiver() {
        host.send(SHORT);
        host.receive(ACK, ACK);

        List<AstmSenderEvent> events = host.receive(concat(ACK, ENQ, frame(1, "H\r", true)));

        assertThat(events.getLast()).isEqualTo(new PassOn(concat(ENQ, frame(1, "H\r", true))));
        assertThat(events).contains(new Delivered(2, 0));
    }

    @Test
    void send_longMessage_frameNumbersWrapFrom7To0() {
        List<String> records = IntStream.rangeClosed(1, 10).mapToObj(i -> "R|" + i).toList();
        host.send(records);
        List<Integer> numbers = new ArrayList<>();

        for (int i = 0; i <= records.size(); i++) {
            host.receive(ACK).stream().filter(Send.class::isInstance).map(e -> ((Send) e).bytes())
                    .filter(b -> b[0] == AstmControl.STX).forEach(b -> numbers.add(b[1] - '0'));
        }

        assertThat(numbers).containsExactly(1, 2, 3, 4, 5, 6, 7, 0, 1, 2);
    }

    @Test
    void send_packedLayout_framesAsConfigured() {
        Harness packed = new Harness(AstmSenderOptions.of(AstmRole.INSTRUMENT)
                .withFraming(AstmFrame.Layout.PACKED, AstmFrame.MAX_TEXT));
        packed.send(RESULTS);
        packed.receive(ACK, ACK);

        assertThat(packed.wire()).isEqualTo(concat(ENQ,
                AstmFrame.encodeAll(AstmFrame.split(RESULTS, AstmFrame.Layout.PACKED, 240)), EOT));
    }

    @Test
    void send_whileBusyOrEmpty_refused() {
        host.send(SHORT);

        assertThatThrownBy(() -> host.sender.send(SHORT)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> instrument.sender.send(List.of())).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void linkLost_midTransmission_failsAndCancelsTimers() {
        host.send(SHORT);
        host.receive(ACK);

        assertThat(host.sender.linkLost()).containsExactly(new AstmTimerRequest.Cancel(REPLY),
                new AstmTimerRequest.Cancel(RETRY), new Failed(Failure.LINK_LOST, "connection lost while transferring",
                        0));
        assertThat(host.sender.linkLost()).isEmpty();
    }

    @Test
    void onTimer_lateOrUnknown_doesNothing() {
        assertThat(host.fire(REPLY)).isEmpty();
        host.send(SHORT);
        assertThat(host.fire(RETRY)).isEmpty();
        assertThat(host.fire("other")).isEmpty();
    }

    @Test
    void reset_forgetsTheTransmission() {
        host.send(SHORT);

        host.sender.reset();

        assertThat(host.sender.state()).isEqualTo(AstmSender.State.IDLE);
        assertThat(host.send(SHORT)).containsExactly(new Send(ENQ), arm(REPLY, 15));
    }

    private static AstmTimerRequest.Arm arm(String name, int seconds) {
        return new AstmTimerRequest.Arm(name, Duration.ofSeconds(seconds));
    }

    /** A sender and everything it did: events, in order, and the bytes it put on the wire. */
    private static final class Harness {

        final AstmSender sender;
        final List<AstmSenderEvent> events = new ArrayList<>();
        private final ByteArrayOutputStream wire = new ByteArrayOutputStream();

        Harness(AstmRole role) {
            this(AstmSenderOptions.of(role));
        }

        Harness(AstmSenderOptions options) {
            sender = new AstmSender(options);
        }

        List<AstmSenderEvent> send(List<String> records) {
            return record(sender.send(records));
        }

        /** Each part in its own call; returns the events of the last. */
        List<AstmSenderEvent> receive(byte[]... parts) {
            List<AstmSenderEvent> last = List.of();
            for (byte[] p : parts) {
                last = record(sender.receive(p, 0, p.length));
            }
            return last;
        }

        List<AstmSenderEvent> fire(String timer) {
            return record(sender.onTimer(timer));
        }

        byte[] wire() {
            return wire.toByteArray();
        }

        private List<AstmSenderEvent> record(List<AstmSenderEvent> batch) {
            events.addAll(batch);
            batch.stream().filter(Send.class::isInstance).forEach(e -> wire.writeBytes(((Send) e).bytes()));
            return batch;
        }
    }
}
