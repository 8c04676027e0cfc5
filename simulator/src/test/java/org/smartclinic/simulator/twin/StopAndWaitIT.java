package org.smartclinic.simulator.twin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@link StopAndWait} on a real TCP line, the test's socket playing the gateway. */
class StopAndWaitIT {

    private static final byte ACK = 0x06;
    private static final byte NAK = 0x15;
    private static final Duration WAIT = Duration.ofSeconds(10);

    private final List<AutoCloseable> toClose = new ArrayList<>();

    @AfterEach
    void tearDown() throws Exception {
        for (AutoCloseable c : toClose.reversed()) {
            c.close();
        }
    }

    @Test
    void send_nakTwiceThenAck_acknowledgedAfterThreeTransmissions() throws Exception {
        Sender sender = start(Duration.ofSeconds(1), 3, frame("F1"));
        TcpPeer gateway = connect(sender);

        for (byte answer : new byte[] {NAK, NAK, ACK}) {
            assertThat(gateway.line()).isEqualTo("F1\r\n");
            gateway.answer(answer);
        }

        await().atMost(WAIT).until(() -> sender.results.size() == 1);
        assertThat(sender.results).containsExactly(StopAndWait.Result.ACKED);
        StopAndWait.Frame f = sender.frames.getFirst();
        assertThat(List.of(f.transmissions(), f.naks(), f.timeouts())).containsExactly(3, 2, 0);
        assertThat(sender.written).containsExactly(1, 2, 3);
    }

    @Test
    void send_noAnswerAndOneRetry_givenUpAfterTwoTimeouts() throws Exception {
        Sender sender = start(Duration.ofMillis(100), 1, frame("F1"), frame("F2"));
        TcpPeer gateway = connect(sender);

        assertThat(List.of(gateway.line(), gateway.line(), gateway.line())).containsExactly("F1\r\n", "F1\r\n",
                "F2\r\n");
        gateway.answer(ACK);

        await().atMost(WAIT).until(() -> sender.results.size() == 2);
        assertThat(sender.results).containsExactly(StopAndWait.Result.GIVEN_UP, StopAndWait.Result.ACKED);
        assertThat(sender.frames.getFirst().timeouts()).isEqualTo(2);
    }

    @Test
    void send_negativeMaxRetries_neverGivesUp() throws Exception {
        Sender sender = start(Duration.ofMillis(30), -1, frame("F1"));
        TcpPeer gateway = connect(sender);

        for (int i = 0; i < 8; i++) {
            assertThat(gateway.line()).isEqualTo("F1\r\n");
        }
        gateway.answer(ACK);

        await().atMost(WAIT).until(() -> sender.results.size() == 1);
        assertThat(sender.results).containsExactly(StopAndWait.Result.ACKED);
        assertThat(sender.frames.getFirst().timeouts()).isGreaterThanOrEqualTo(7);
    }

    @Test
    void send_otherBytesBeforeTheAck_ignored() throws Exception {
        Sender sender = start(Duration.ofSeconds(1), 3, frame("F1"));
        TcpPeer gateway = connect(sender);

        assertThat(gateway.line()).isEqualTo("F1\r\n");
        for (byte b : "xyz\r\n".getBytes(StandardCharsets.US_ASCII)) {
            gateway.answer(b);
        }
        gateway.answer(ACK);

        await().atMost(WAIT).until(() -> sender.results.size() == 1);
        assertThat(sender.results).containsExactly(StopAndWait.Result.ACKED);
        assertThat(sender.frames.getFirst().transmissions()).isEqualTo(1);
    }

    @Test
    void send_damagedFirstThenHangUp_nextConnectionGetsTheGoodFrame() throws Exception {
        StopAndWait.Frame damaged = new StopAndWait.Frame(bytes("BAD"), bytes("GOOD"));
        Sender sender = start(Duration.ofSeconds(1), 3, damaged);
        try (TcpPeer first = TcpPeer.connect(sender.twin.listeningPort().orElseThrow())) {
            assertThat(first.line()).isEqualTo("BAD\r\n");
        }
        TcpPeer second = connect(sender);

        assertThat(second.line()).isEqualTo("GOOD\r\n");
        second.answer(ACK);

        await().atMost(WAIT).until(() -> sender.results.size() == 2);
        assertThat(sender.results).containsExactly(StopAndWait.Result.DISCONNECTED, StopAndWait.Result.ACKED);
        assertThat(List.of(damaged.transmissions(), damaged.naks(), damaged.timeouts())).containsExactly(2, 0, 0);
    }

    private Sender start(Duration ackTimeout, int maxRetries, StopAndWait.Frame... frames) throws IOException {
        Sender sender = new Sender(ackTimeout, maxRetries, List.of(frames));
        sender.twin = Twin.start("saw", TwinPlug.tcpListen(0), sender);
        toClose.add(sender.twin);
        return sender;
    }

    private TcpPeer connect(Sender sender) throws IOException {
        TcpPeer peer = TcpPeer.connect(sender.twin.listeningPort().orElseThrow());
        toClose.add(peer);
        return peer;
    }

    private static StopAndWait.Frame frame(String text) {
        return new StopAndWait.Frame(bytes(text));
    }

    private static byte[] bytes(String text) {
        return (text + "\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    /** Sends its frames in turn, each until settled, across reconnects; records how each send ended. */
    private static final class Sender implements TwinBehaviour, StopAndWait.Observer {
        final List<StopAndWait.Frame> frames;
        final List<StopAndWait.Result> results = new CopyOnWriteArrayList<>();
        final List<Integer> written = new CopyOnWriteArrayList<>();
        final StopAndWait stopAndWait;
        Twin twin;
        private int next;

        Sender(Duration ackTimeout, int maxRetries, List<StopAndWait.Frame> frames) {
            this.frames = frames;
            this.stopAndWait = new StopAndWait(new byte[] {ACK}, new byte[] {NAK}, ackTimeout, maxRetries, this);
        }

        @Override
        public void run(TwinPort port, TwinContext context) throws IOException {
            while (next < frames.size()) {
                StopAndWait.Result result = stopAndWait.send(port, frames.get(next));
                results.add(result);
                if (result == StopAndWait.Result.DISCONNECTED) {
                    return;
                }
                next++;
            }
        }

        @Override
        public void written(StopAndWait.Frame frame) {
            written.add(frame.transmissions());
        }
    }
}
