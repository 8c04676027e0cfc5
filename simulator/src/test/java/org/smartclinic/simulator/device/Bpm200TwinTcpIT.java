package org.smartclinic.simulator.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.smartclinic.drivers.instrument.bp.bpm200.Bpm200Protocol;
import org.smartclinic.simulator.device.bp.Bpm200Twin;
import org.smartclinic.simulator.device.bp.Bpm200Twin.BpValues;
import org.smartclinic.simulator.twin.TcpPeer;
import org.smartclinic.simulator.twin.Twin;
import org.smartclinic.simulator.twin.TwinPlug;

/**
 * The BPM-200 twin plugged by TCP, against plain sockets standing in for the gateway: as a converter in server
 * mode (the test connects) and in client mode (the test listens), with ACK/NAK, hang-ups and replugs.
 */
class Bpm200TwinTcpIT {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final byte[] HELLO = "HELLO BP-1\r\n".getBytes(StandardCharsets.US_ASCII);

    private final List<AutoCloseable> toClose = new ArrayList<>();
    private Bpm200Twin twin;

    @AfterEach
    void tearDown() throws Exception {
        for (AutoCloseable c : toClose.reversed()) {
            c.close();
        }
        if (twin != null) {
            twin.close();
            if (twin.plug() instanceof TwinPlug.TcpListen listen) {
                assertThatThrownBy(() -> new Socket("127.0.0.1", listen.port()).close())
                        .as("port closed with the twin").isInstanceOf(ConnectException.class);
            }
        }
        assertThat(Thread.getAllStackTraces().keySet()).extracting(Thread::getName)
                .noneMatch(n -> n.startsWith("twin-bpm200-"));
    }

    @Test
    void tcpListen_clientAcksEveryFrame_scriptSentInOrderAndAllAcked() throws Exception {
        twin = builder(TwinPlug.tcpListen(0)).script(List.of(new BpValues(128, 82, 97, 71),
                new BpValues(141, 90, null, null))).start();
        TcpPeer gateway = connect(twin.listeningPort().orElseThrow());

        String first = gateway.line();
        gateway.answer(Bpm200Protocol.ACK);
        String second = gateway.line();
        gateway.answer(Bpm200Protocol.ACK);

        assertThat(twin.awaitFinished(WAIT)).isTrue();
        assertThat(first).matches("\\$M,0001,\\d{14},128,82,97,71,mmHg\\*[0-9A-F]{2}\r\n");
        assertThat(second).matches("\\$M,0002,\\d{14},141,90,,,mmHg\\*[0-9A-F]{2}\r\n");
        assertThat(List.of(first, second)).allSatisfy(f -> assertThat(f).endsWith(checksummed(f)));
        assertThat(twin.stats()).isEqualTo(new Bpm200Twin.Stats(2, 2, 0, 0, 0, 0, 2));
    }

    @Test
    void tcpListen_nakThenClientHangsUp_pendingFrameResentToTheNextClient() throws Exception {
        twin = builder(TwinPlug.tcpListen(0)).count(2).start();
        int port = twin.listeningPort().orElseThrow();
        String first;
        try (TcpPeer gateway = TcpPeer.connect(port)) {
            first = gateway.line();
            gateway.answer(Bpm200Protocol.NAK);
            assertThat(gateway.line()).isEqualTo(first);
        }
        TcpPeer again = connect(port);

        assertThat(again.line()).isEqualTo(first);
        again.answer(Bpm200Protocol.ACK);
        assertThat(again.line()).startsWith("$M,0002,");
        again.answer(Bpm200Protocol.ACK);

        assertThat(twin.awaitFinished(WAIT)).isTrue();
        assertThat(twin.stats()).isEqualTo(new Bpm200Twin.Stats(2, 2, 1, 0, 2, 0, 4));
        assertThat(twin.lineCounters().get(Twin.Count.CONNECTIONS)).isEqualTo(2);
    }

    @Test
    void tcpListen_unplugAndReplug_clientSeesTheEndThenTheSamePortServesAgain() throws Exception {
        twin = builder(TwinPlug.tcpListen(0)).count(2).start();
        int port = twin.listeningPort().orElseThrow();
        TcpPeer gateway = connect(port);
        assertThat(gateway.line()).startsWith("$M,0001,");
        gateway.answer(Bpm200Protocol.ACK);
        assertThat(twin.awaitAcked(1, WAIT)).isTrue();

        twin.unplug();

        assertThat(gateway.line()).as("end of stream after the unplug").isNull();
        assertThatThrownBy(() -> new Socket("127.0.0.1", port).close()).isInstanceOf(ConnectException.class);
        twin.replug();
        assertThat(twin.listeningPort()).hasValue(port);
        TcpPeer later = connect(port);
        assertThat(later.line()).startsWith("$M,0002,");
        later.answer(Bpm200Protocol.ACK);
        assertThat(twin.awaitFinished(WAIT)).isTrue();
    }

    @Test
    void tcpConnect_helloFirstThenFrames_reconnectsAfterADropAndResendsThePendingFrame() throws Exception {
        ServerSocket gateway = server(0);
        twin = builder(TwinPlug.tcpConnect("127.0.0.1", gateway.getLocalPort(), HELLO)).count(2).start();
        String first;
        try (TcpPeer device = new TcpPeer(gateway.accept())) {
            assertThat(device.line()).isEqualTo("HELLO BP-1\r\n");
            first = device.line();
            assertThat(first).startsWith("$M,0001,");
        }
        TcpPeer device = new TcpPeer(gateway.accept());
        toClose.add(device);

        assertThat(device.line()).isEqualTo("HELLO BP-1\r\n");
        assertThat(device.line()).isEqualTo(first);
        device.answer(Bpm200Protocol.ACK);
        assertThat(device.line()).startsWith("$M,0002,");
        device.answer(Bpm200Protocol.ACK);

        assertThat(twin.awaitFinished(WAIT)).isTrue();
        assertThat(twin.stats().retransmissions()).isEqualTo(1);
    }

    @Test
    void tcpConnect_gatewayNotListeningYet_connectsOnceItIs() throws Exception {
        int port;
        try (ServerSocket probe = server(0)) {
            port = probe.getLocalPort();
        }
        twin = builder(TwinPlug.tcpConnect("127.0.0.1", port, HELLO)).count(1).start();
        letRefusedAttemptsRun(twin, Duration.ofMillis(400));

        ServerSocket gateway = server(port);
        TcpPeer device = new TcpPeer(gateway.accept());
        toClose.add(device);

        assertThat(device.line()).isEqualTo("HELLO BP-1\r\n");
        assertThat(device.line()).startsWith("$M,0001,");
        device.answer(Bpm200Protocol.ACK);
        assertThat(twin.awaitFinished(WAIT)).isTrue();
        assertThat(twin.lineCounters().get(Twin.Count.CONNECTIONS)).isEqualTo(1);
    }

    /** Lets the refused attempts run for a while: a condition that cannot hold, awaited for {@code d}. */
    private static void letRefusedAttemptsRun(Bpm200Twin twin, Duration d) {
        assertThat(twin.awaitAcked(1, d)).as("nothing acknowledged while the gateway is away").isFalse();
    }

    private Bpm200Twin.Builder builder(TwinPlug plug) {
        return Bpm200Twin.builder(plug).interval(Duration.ofMillis(20)).heartbeat(Duration.ZERO).seed(1);
    }

    private TcpPeer connect(int port) throws Exception {
        TcpPeer line = TcpPeer.connect(port);
        toClose.add(line);
        return line;
    }

    private ServerSocket server(int port) throws Exception {
        ServerSocket s = new ServerSocket();
        s.setReuseAddress(true);
        s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        s.setSoTimeout(10_000);
        toClose.add(s);
        return s;
    }

    /** The frame's checksum as it should be: {@code *CS<CR><LF>}. */
    private static String checksummed(String frame) {
        byte[] body = frame.substring(1, frame.indexOf('*')).getBytes(StandardCharsets.US_ASCII);
        return "*" + Bpm200Protocol.checksum(body, 0, body.length) + "\r\n";
    }
}
