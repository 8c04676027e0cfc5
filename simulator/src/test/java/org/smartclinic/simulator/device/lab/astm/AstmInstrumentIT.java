package org.smartclinic.simulator.device.lab.astm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.smartclinic.drivers.codec.astm.link.AstmControl;
import org.smartclinic.drivers.codec.astm.link.AstmFrame;
import org.smartclinic.drivers.codec.astm.link.AstmTimers;
import org.smartclinic.simulator.twin.TwinPlug;

/**
 * The instrument engine against a scripted peer on a real TCP socket, byte by byte: line contention (the instrument
 * keeps its claim), a frame refused six times (EOT, the message given up), and a host transmission received while
 * idle.
 */
class AstmInstrumentIT {

    private static final AstmTimers FAST = new AstmTimers(Duration.ofMillis(500), Duration.ofMillis(500),
            Duration.ofMillis(100), Duration.ofMillis(300), Duration.ofMillis(100));
    private static final List<String> MESSAGE = List.of("H|\\^&|||X-1^1^S", "L|1|N");

    private AstmInstrument twin;
    private Socket peer;

    @AfterEach
    void tearDown() throws IOException {
        if (peer != null) {
            peer.close();
        }
        if (twin != null) {
            twin.close();
        }
    }

    @Test
    void contention_hostBidsAtTheSameTime_instrumentKeepsItsClaimAndBidsAgain() throws Exception {
        start(1);
        var delivery = twin.send(MESSAGE);

        assertThat(read()).isEqualTo(AstmControl.ENQ);
        write(AstmControl.ENQ);
        long bidAt = System.nanoTime();
        assertThat(read()).as("the ENQ again, after the instrument's backoff").isEqualTo(AstmControl.ENQ);
        assertThat(Duration.ofNanos(System.nanoTime() - bidAt)).isGreaterThanOrEqualTo(Duration.ofMillis(80));
        write(AstmControl.ACK);
        assertThat(frame()).isEqualTo(new String(AstmFrame.split(MESSAGE).get(0).encode(), StandardCharsets.ISO_8859_1));
        write(AstmControl.ACK);
        frame();
        write(AstmControl.ACK);
        assertThat(read()).isEqualTo(AstmControl.EOT);

        assertThat(delivery.get(5, TimeUnit.SECONDS).delivered()).isTrue();
        assertThat(twin.stats().contentions()).isEqualTo(1);
    }

    @Test
    void frameRefusedSixTimes_eotAndTheMessageGivenUp() throws Exception {
        start(1);
        var delivery = twin.send(MESSAGE);

        assertThat(read()).isEqualTo(AstmControl.ENQ);
        write(AstmControl.ACK);
        String first = frame();
        for (int i = 1; i < 6; i++) {
            write(AstmControl.NAK);
            assertThat(frame()).isEqualTo(first);
        }
        write(AstmControl.NAK);
        assertThat(read()).isEqualTo(AstmControl.EOT);

        AstmDelivery d = delivery.get(5, TimeUnit.SECONDS);
        assertThat(d.delivered()).isFalse();
        assertThat(d.detail()).startsWith("retries_exhausted: frame 1 of 2");
        assertThat(d.retransmissions()).isZero();
        assertThat(twin.stats().failed()).isEqualTo(1);
    }

    @Test
    void hostSendsWhileTheInstrumentIsIdle_framesAcknowledgedAndTheMessageKept() throws Exception {
        start(1);

        write(AstmControl.ENQ);
        assertThat(read()).isEqualTo(AstmControl.ACK);
        for (AstmFrame f : AstmFrame.split(List.of("H|\\^&", "P|1|PID-1|||Roe^Ann", "L|1|N"))) {
            peer.getOutputStream().write(f.encode());
            assertThat(read()).isEqualTo(AstmControl.ACK);
        }
        write(AstmControl.EOT);

        await().atMost(Duration.ofSeconds(5)).until(() -> !twin.received().isEmpty());
        assertThat(twin.received()).containsExactly(List.of("H|\\^&", "P|1|PID-1|||Roe^Ann", "L|1|N"));
    }

    private void start(int attempts) throws IOException {
        twin = AstmInstrument.builder(TwinPlug.tcpListen(0)).model("engine").timers(FAST).messageAttempts(attempts)
                .start();
        peer = new Socket("127.0.0.1", twin.listeningPort().orElseThrow());
        peer.setSoTimeout(5_000);
    }

    private byte read() throws IOException {
        int b = peer.getInputStream().read();
        assertThat(b).as("a byte before the end of the stream").isNotNegative();
        return (byte) b;
    }

    /** The next frame, STX to LF. */
    private String frame() throws IOException {
        InputStream in = peer.getInputStream();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0) {
            out.write(b);
            if (b == '\n') {
                break;
            }
        }
        return out.toString(StandardCharsets.ISO_8859_1);
    }

    private void write(byte b) throws IOException {
        OutputStream out = peer.getOutputStream();
        out.write(b);
        out.flush();
    }
}
