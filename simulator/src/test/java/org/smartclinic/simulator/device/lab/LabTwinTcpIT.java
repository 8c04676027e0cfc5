package org.smartclinic.simulator.device.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.smartclinic.drivers.codec.astm.link.AstmLeniency;
import org.smartclinic.drivers.codec.astm.link.AstmReceiverOptions;
import org.smartclinic.drivers.transport.ByteTransport;
import org.smartclinic.drivers.transport.tcp.TcpClientSettings;
import org.smartclinic.drivers.transport.tcp.TcpClientTransport;
import org.smartclinic.simulator.device.lab.astm.AstmCapture;
import org.smartclinic.simulator.device.lab.astm.AstmCaptureReplay;
import org.smartclinic.simulator.device.lab.astm.AstmDelivery;
import org.smartclinic.simulator.twin.Twin;
import org.smartclinic.simulator.twin.TwinPlug;

/**
 * Over a real TCP socket: the CH-200 connecting to the gateway's listening port and listening for the gateway (long
 * R records in ETB frames, several orders and samples per message), and a capture replayed to the real receiver.
 */
class LabTwinTcpIT {

    private static final String SAMPLE_2 = "2000000006";

    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void tearDown() throws Exception {
        for (AutoCloseable c : open.reversed()) {
            c.close();
        }
        assertThat(Thread.getAllStackTraces().keySet()).extracting(Thread::getName)
                .noneMatch(n -> n.startsWith("twin-ch200") || n.startsWith("twin-replay"));
    }

    @Test
    void ch200ConnectsToTheGateway_longRecordsInEtbFrames_messageStoredExactly() throws Exception {
        ServerSocket gateway = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        open.add(gateway);
        LabTwin twin = LabTwin.builder(LabModel.CH200, TwinPlug.tcpConnect("127.0.0.1", gateway.getLocalPort(),
                new byte[0])).timers(LabTwinIT.FAST).seed(3).start();
        open.add(twin);
        AstmHost host = host(new SocketLine(gateway.accept()));

        LabReport report = twin.measure(LabTwinIT.SAMPLE, SAMPLE_2).get(20, TimeUnit.SECONDS);

        AstmDelivery d = report.results().get(0);
        assertThat(report.results()).hasSize(1);
        assertThat(host.stored).containsExactly(d.records());
        assertThat(d.records().stream().filter(r -> r.startsWith("P|"))).hasSize(2);
        assertThat(d.records().stream().filter(r -> r.startsWith("O|"))).hasSize(6);
        assertThat(d.records().stream().filter(r -> r.startsWith("R|"))).hasSize(28)
                .allSatisfy(r -> assertThat(r).hasSizeGreaterThan(240));
        assertThat(host.framesLast).filteredOn(last -> !last).hasSizeGreaterThanOrEqualTo(28);
        assertThat(host.rejected).isEmpty();
    }

    @Test
    void ch200ListensForTheGateway_hostNaksAnEtbFrame_resentAndStoredOnce() throws Exception {
        LabTwin twin = LabTwin.builder(LabModel.CH200, TwinPlug.tcpListen(0)).timers(LabTwinIT.FAST).seed(4)
                .start();
        open.add(twin);
        AstmHost host = host(new TcpClientTransport(TcpClientSettings.of("127.0.0.1",
                twin.instrument().listeningPort().orElseThrow()))).nakFrames(3);

        AstmDelivery d = twin.measure(LabTwinIT.SAMPLE).get(20, TimeUnit.SECONDS).results().get(0);

        assertThat(d.retransmissions()).isEqualTo(1);
        assertThat(host.stored).containsExactly(d.records());
    }

    @Test
    void replayOfTheSampleCapture_bothMessagesStored_aNakedFrameSentAgainAsCaptured() throws Exception {
        AstmCapture capture = AstmCapture.read(Path.of(getClass().getResource("/astm/lp100-ch200.astm").toURI()));
        List<AstmCaptureReplay.Result> results = new ArrayList<>();
        AstmCaptureReplay replay = new AstmCaptureReplay(capture, LabTwinIT.FAST, 6, results::add);
        Twin twin = Twin.start("replay-capture", TwinPlug.tcpListen(0), replay);
        open.add(twin);
        AstmHost host = host(new TcpClientTransport(TcpClientSettings.of("127.0.0.1",
                twin.listeningPort().orElseThrow())), 4);

        await().atMost(Duration.ofSeconds(20))
                .until(() -> replay.results().size() == 2);

        assertThat(replay.results()).extracting(AstmCaptureReplay.Result::delivered).containsExactly(true, true);
        assertThat(replay.results().get(0).retransmissions()).isEqualTo(1);
        assertThat(host.stored).hasSize(2);
        assertThat(host.stored.get(0)).containsExactly("H|\\^&|||LP-100^2.4.1^LP1-00417|||||||P|LIS2-A2|20261203091500",
                "P|1|PID-4711|||Doe^Jane", "O|1|1234567897||^^^HBA1C|R|20261203091500|||||||||Blood||||||||||F",
                "R|1|^^^HBA1C|6.4|%|4.0-5.6|H||F||||20261203091500",
                "R|2|^^^HBA1C_IFCC|46|mmol/mol|20-38|H||F||||20261203091500", "L|1|N");
        assertThat(host.stored.get(1)).hasSize(6).element(3).asString().startsWith("R|1|^^^ALT^1|32|U/L|7-56|N||F");
        assertThat(host.rejected).isEmpty();
    }

    /** The host on {@code line}, answering NAK to these frames (counted from 1), set before any byte arrives. */
    private AstmHost host(ByteTransport line, Integer... nakFrames) throws Exception {
        AstmHost host = new AstmHost(AstmReceiverOptions.DEFAULT.withLeniency(AstmLeniency.STRICT)
                .withTimers(LabTwinIT.FAST), null).nakFrames(nakFrames);
        open.add(host);
        return host.open(line);
    }
}
