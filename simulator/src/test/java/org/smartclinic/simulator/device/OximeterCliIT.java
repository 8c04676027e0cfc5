package org.smartclinic.simulator.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
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
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.smartclinic.drivers.codec.binary.SyncFrameDecoder;
import org.smartclinic.drivers.codec.binary.SyncFrameOutcome;
import org.smartclinic.drivers.instrument.oximetry.ox300.Ox300Protocol;
import org.smartclinic.simulator.cli.SimulatorCli;

import picocli.CommandLine;

/** {@code simulator run oximeter} as a user runs it: against a plain TCP server, on a pty, and with bad options. */
class OximeterCliIT {

    private static final Pattern STATS = Pattern.compile("Stats: frames (\\d+) \\(data (\\d+), identity (\\d+),"
            + " error 0\\), bytes (\\d+), identify requests answered 0, frames lost 0, faults injected 0");

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @Test
    void run_tcpConnectWithHello_helloThenIdentityThenDataUntilSecondsPassThenStats() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            server.setSoTimeout(10_000);
            CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> cli().execute("run", "oximeter",
                    "--tcp-connect", "127.0.0.1:" + server.getLocalPort(), "--hello", "BED-4", "--fps", "50",
                    "--seconds", "1", "--seed", "1"));
            int[] frames = new int[Ox300Protocol.TYPE_DEVICE_ERROR + 1];
            byte[] hello;
            try (Socket gateway = server.accept()) {
                gateway.setSoTimeout(10_000);
                InputStream in = gateway.getInputStream();
                hello = in.readNBytes(5);
                countFramesUntilEnd(in, frames);
            }

            assertThat(exit.get(20, TimeUnit.SECONDS)).isZero();
            assertThat(new String(hello, StandardCharsets.UTF_8)).isEqualTo("BED-4");
            assertThat(frames[Ox300Protocol.TYPE_IDENTITY]).isEqualTo(1);
            assertThat(frames[Ox300Protocol.TYPE_DATA]).as("about 50 in 1 s").isBetween(40, 60);
            Matcher stats = STATS.matcher(out.toString());
            assertThat(stats.find()).as(out.toString()).isTrue();
            // The run ends by closing the connection from the stop timer's thread while the last frame may be in
            // flight: the twin counts it once its write completed, and it can still be cut with the connection (seen
            // once in ~20 runs on a loaded machine). Every frame before it must arrive.
            assertThat(Integer.parseInt(stats.group(2))).isBetween(frames[Ox300Protocol.TYPE_DATA],
                    frames[Ox300Protocol.TYPE_DATA] + 1);
            assertThat(out.toString()).contains("a frame of 5 samples every 20000 us, for 1 s")
                    .contains("Connecting to 127.0.0.1:" + server.getLocalPort())
                    .contains("connected: tcp server");
        }
    }

    @Test
    void run_link_portLinePrintedAndLinkGoneAfterwards() throws Exception {
        Path link = dir.resolve("ox1");
        CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> cli().execute("run", "oximeter",
                "--link", link.toString(), "--seconds", "1"));
        await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(link));

        assertThat(exit.get(20, TimeUnit.SECONDS)).isZero();
        assertThat(out.toString()).contains("OX-300 twin OX3-SIM-0001, SpO2 97 %, pulse 72 /min, a frame of 5 samples"
                + " every 40000 us").contains("Port: " + link + " -> /dev/pts/").containsPattern(STATS.pattern());
        assertThat(link).doesNotExist();
    }

    @Test
    void run_linkAndTcpListen_exitTwoMutuallyExclusive() {
        int exit = cli().execute("run", "oximeter", "--link", dir.resolve("ox1").toString(), "--tcp-listen", "0");

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("Give exactly one of --link PATH");
    }

    @Test
    void run_helloWithoutTcpConnect_exitTwo() {
        int exit = cli().execute("run", "oximeter", "--tcp-listen", "0", "--hello", "BED-4");

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("--tcp-connect");
    }

    @Test
    void run_fpsZero_exitTwoAndSaysTheRange() {
        int exit = cli().execute("run", "oximeter", "--tcp-listen", "0", "--fps", "0");

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("Invalid option: framesPerSecond must be 1..20000: 0");
    }

    /** Counts good frames by type until the twin hangs up; anything but a good frame fails. */
    private static void countFramesUntilEnd(InputStream in, int[] frames) throws IOException {
        SyncFrameDecoder decoder = new SyncFrameDecoder(Ox300Protocol.FORMAT);
        byte[] buffer = new byte[512];
        int n;
        while ((n = in.read(buffer)) >= 0) {
            for (SyncFrameOutcome o : decoder.decode(buffer, 0, n)) {
                assertThat(o).isInstanceOf(SyncFrameOutcome.Frame.class);
                frames[((SyncFrameOutcome.Frame) o).header()[0] & 0xFF]++;
            }
        }
    }

    /** The CLI as shipped. */
    private CommandLine cli() {
        CommandLine cli = new CommandLine(new SimulatorCli());
        return cli.setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true));
    }
}
