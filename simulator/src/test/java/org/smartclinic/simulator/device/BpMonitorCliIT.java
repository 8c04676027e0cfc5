package org.smartclinic.simulator.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.smartclinic.drivers.instrument.bp.bpm200.Bpm200Protocol;
import org.smartclinic.simulator.cli.SimulatorCli;

import picocli.CommandLine;

/**
 * {@code simulator run bp-monitor} as a user runs it: on a pty against a line that ACKs all but the first frame; as a
 * TCP client of a plain server socket; and its usage errors.
 */
class BpMonitorCliIT {

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @Test
    void run_countTwo_printsPortProgressAndStatsThenExitsZero() throws Exception {
        Path link = dir.resolve("bp1");
        CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> cli().execute("run", "bp-monitor",
                "--link", link.toString(), "--count", "2", "--interval", "50ms", "--ack-timeout", "1s",
                "--heartbeat", "0s", "--seed", "4"));
        await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(link));
        int[] frames = {0};
        try (LineTap tap = LineTap.open(link, line -> new byte[] {
            ++frames[0] == 1 ? Bpm200Protocol.NAK : Bpm200Protocol.ACK})) {

            assertThat(exit.get(20, TimeUnit.SECONDS)).isZero();
            assertThat(tap.frames('M')).hasSize(3);
            // The twin is off: let the tap see the hang-up before closing it (SerialTransport's close races
            // with its own hang-up handling and can deadlock inside jSerialComm).
            await().atMost(Duration.ofSeconds(5)).until(() -> !tap.closes.isEmpty());
        }

        assertThat(out.toString())
                .contains("Port: " + link + " -> /dev/pts/")
                .containsPattern("#1 seq 0001 \\S+ \\S+  \\d+/\\d+ \\(\\d+\\) mmHg  pulse \\d+  ACK after 1 NAK\\R")
                .containsPattern("#2 seq 0002 .* ACK\\R")
                .contains("Stats: sent 2, acked 2, nakked 1, timeouts 0, retransmissions 1, given up 0,"
                        + " frames written 3");
        assertThat(link).doesNotExist();
    }

    @Test
    void run_tcpConnectWithHello_helloFirstThenFramesAnsweredOverTcp() throws Exception {
        try (ServerSocket gateway = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> cli().execute("run", "bp-monitor",
                    "--tcp-connect", "127.0.0.1:" + gateway.getLocalPort(), "--hello", "BPM-200 SN42<CR><LF>",
                    "--count", "2", "--interval", "20ms", "--heartbeat", "0s"));
            try (Socket device = gateway.accept()) {
                device.setSoTimeout(10_000);
                BufferedReader lines = new BufferedReader(new InputStreamReader(device.getInputStream(),
                        StandardCharsets.ISO_8859_1));
                assertThat(lines.readLine()).isEqualTo("BPM-200 SN42");
                for (int i = 0; i < 2; i++) {
                    assertThat(lines.readLine()).startsWith("$M,000" + (i + 1) + ",");
                    device.getOutputStream().write(Bpm200Protocol.ACK);
                }

                assertThat(exit.get(20, TimeUnit.SECONDS)).isZero();
            }
        }
        assertThat(out.toString()).contains("Port: connecting to 127.0.0.1:").contains("gateway on the line: tcp server")
                .contains("Stats: sent 2, acked 2, nakked 0");
    }

    @Test
    void run_linkAndTcpListenBoth_exitTwoAndSaysChooseOne() {
        int exit = cli().execute("run", "bp-monitor", "--link", dir.resolve("bp1").toString(), "--tcp-listen", "0");

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("Give exactly one of --link PATH, --tcp-listen [HOST:]PORT or --tcp-connect");
    }

    @Test
    void run_unknownScenario_exitTwoAndSaysWhatIsValid() {
        int exit = cli().execute("run", "bp-monitor", "--link", dir.resolve("bp1").toString(), "--scenario", "weird");

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("Unknown --scenario 'weird': use normal, hypertension or faulty");
    }

    @Test
    void run_badDuration_exitTwoWithExample() {
        int exit = cli().execute("run", "bp-monitor", "--link", dir.resolve("bp1").toString(), "--interval", "soon");

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("'soon' is not a duration: use e.g. 500ms, 2s, 1m");
    }

    @Test
    void run_linkIsARegularFile_exitOneAndTellsWhatToDo() throws Exception {
        Path file = Files.writeString(dir.resolve("notes.txt"), "keep");

        int exit = cli().execute("run", "bp-monitor", "--link", file.toString(), "--count", "1");

        assertThat(exit).isEqualTo(1);
        assertThat(err.toString()).contains("not a symbolic link").contains("choose another --link path");
        assertThat(Files.readString(file)).isEqualTo("keep");
    }

    private CommandLine cli() {
        return new CommandLine(new SimulatorCli()).setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true));
    }
}
