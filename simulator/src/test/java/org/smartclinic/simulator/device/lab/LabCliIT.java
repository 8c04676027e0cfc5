package org.smartclinic.simulator.device.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.smartclinic.drivers.codec.astm.link.AstmReceiverOptions;
import org.smartclinic.drivers.transport.serial.SerialSettings;
import org.smartclinic.drivers.transport.serial.SerialTransport;
import org.smartclinic.simulator.cli.SimulatorCli;

import picocli.CommandLine;

/** {@code simulator lab} and {@code simulator astm-replay} as a technician runs them, against the real receiver. */
class LabCliIT {

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @Test
    void labLp100_onAPty_queryAnsweredThenResults_printsThePatientAndExitsZero() throws Exception {
        Path link = dir.resolve("ttyLP1");
        CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> cli().execute("lab", "lp100",
                "--sample", "1234567897", "--cartridge", "lipid", "--pty", link.toString(), "--reply-timeout", "2s",
                "--seed", "1"));
        await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(link));
        try (AstmHost host = new AstmHost(AstmReceiverOptions.DEFAULT.withTimers(LabTwinIT.FAST), LabTwinIT::answer)
                .open(new SerialTransport(SerialSettings.eightNoneOne(9600).withPath(link.toString())))) {

            assertThat(exit.get(30, TimeUnit.SECONDS)).as("exit code; out: %s err: %s", out, err).isZero();
            assertThat(host.stored).hasSize(2);
        }

        assertThat(out.toString()).contains("LP-100 twin, 1 sample(s)").contains("Port: " + link + " -> /dev/pts/")
                .containsPattern("#1 query \\(3 records\\) delivered, answered with 4 records; 1 attempt\\(s\\), 0 ")
                .containsPattern("#2 results \\(9 records\\) delivered; 1 attempt\\(s\\)")
                .contains("Patient from host for sample 1234567897: PID-4711 Doe, Jane")
                .contains("Stats: delivered 2, failed 0");
    }

    @Test
    void astmReplay_tcpConnect_sampleCaptureDeliveredWithANakedFrameSentAgain() throws Exception {
        Path capture = Path.of(getClass().getResource("/astm/lp100-ch200.txt").toURI());
        try (ServerSocket gateway = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> cli().execute("astm-replay",
                    "--capture", capture.toString(), "--tcp-connect", "127.0.0.1:" + gateway.getLocalPort(),
                    "--reply-timeout", "2s"));
            try (AstmHost host = new AstmHost(AstmReceiverOptions.DEFAULT.withTimers(LabTwinIT.FAST), null)
                    .nakFrames(2).open(new SocketLine(gateway.accept()))) {

                assertThat(exit.get(30, TimeUnit.SECONDS)).as("exit code; out: %s err: %s", out, err).isZero();
                assertThat(host.stored).hasSize(2);
            }
        }
        assertThat(out.toString()).contains("2 transmission(s), 14 frame(s), 17 junk byte(s) skipped, 1 repeated")
                .contains("#1 delivered: 6 frame(s), 1 retransmission(s)")
                .contains("#2 delivered: 8 frame(s), 0 retransmission(s)")
                .contains("Result: 2 of 2 transmission(s) delivered");
    }

    @Test
    void lab_unknownModelOrBadSample_exitTwoAndSaysWhatIsValid() {
        assertThat(cli().execute("lab", "xr9", "--sample", "1234567897", "--pty", dir.resolve("a").toString()))
                .isEqualTo(2);
        assertThat(cli().execute("lab", "hx3", "--sample", "1234567890", "--pty", dir.resolve("b").toString()))
                .isEqualTo(2);
        assertThat(cli().execute("lab", "hx3", "--sample", "1234567897", "--cartridge", "lipid", "--pty",
                dir.resolve("c").toString())).isEqualTo(2);

        assertThat(err.toString()).contains("Unknown MODEL 'xr9': use lp100, hx3, ch200 or us10.")
                .contains("--sample '1234567890' is not a sample id")
                .contains("only the LP-100 takes cartridges");
        assertThat(dir.resolve("b")).doesNotExist();
    }

    @Test
    void astmReplay_captureWithoutFrames_exitTwo() throws Exception {
        Path junk = Files.write(dir.resolve("junk.bin"), new byte[] {1, 2, 3});

        assertThat(cli().execute("astm-replay", "--capture", junk.toString(), "--pty", dir.resolve("r").toString()))
                .isEqualTo(2);
        assertThat(err.toString()).contains("holds no ASTM frame (3 bytes of junk)");
    }

    private CommandLine cli() {
        return new CommandLine(new SimulatorCli()).setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true));
    }
}
