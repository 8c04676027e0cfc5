package org.smartclinic.simulator.link;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.smartclinic.drivers.link.DeviceLink;
import org.smartclinic.drivers.link.LinkSettings;
import org.smartclinic.drivers.link.LinkState;
import org.smartclinic.drivers.spi.DeviceDriverFactory;
import org.smartclinic.drivers.spi.DriverContext;
import org.smartclinic.drivers.spi.StreamDriver;
import org.smartclinic.drivers.transport.serial.SerialSettings;
import org.smartclinic.drivers.transport.serial.SerialTransport;
import org.smartclinic.simulator.cli.SimulatorCli;

import picocli.CommandLine;

/**
 * {@code simulator replay} as a user runs it against a gateway's end of the line: a real {@link DeviceLink} with
 * the BPM-200 driver (default options) opening the pty the command creates.
 */
class ReplayCliIT {

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private final LinkRecorder recorder = new LinkRecorder();
    private Path port;
    private DeviceLink link;

    @BeforeEach
    void gatewayWaitsForThePort() {
        port = dir.resolve("bp1");
        StreamDriver driver = (StreamDriver) DeviceDriverFactory.find("bpm200").orElseThrow()
                .create(DriverContext.of("bp-1", ZoneOffset.UTC));
        link = new DeviceLink("bp-1", () -> new SerialTransport(SerialSettings.eightNoneOne(9600)
                .withPath(port.toString())), driver, new MemorySink(0), recorder,
                new LinkSettings(Duration.ZERO, Duration.ofMillis(50), Duration.ofMillis(200)));
        link.start();
    }

    @AfterEach
    void closeLink() {
        if (!recorder.in(LinkState.CONNECTED).isEmpty()) {
            // The command unplugged when done: let the link see it before closing it (see BpMonitorCliIT).
            await().atMost(Duration.ofSeconds(5)).until(() -> link.state() != LinkState.CONNECTED);
        }
        link.close();
    }

    @Test
    void replay_twoVectors_okForEachWithTheAnswersAndExitZero() {
        int exit = cli().execute("replay", "--driver", "bpm200", "--link", port.toString(),
                "--vector", "normal-measurement", "--vector", "bad-checksum-then-good.vec");

        assertThat(exit).as(err.toString()).isZero();
        assertThat(out.toString()).contains("Replaying 2 bpm200 vector(s) at pty " + port + " -> /dev/pts/")
                .containsPattern("OK      bad-checksum-then-good\\.vec: sent \\d+ bytes, answers"
                        + " \\[<NAK><ACK><NAK><ACK>]")
                .containsPattern("OK      normal-measurement\\.vec: sent 45 bytes, answers \\[<ACK>]")
                .contains("Result: 2 of 2 vector(s) answered as expected");
    }

    @Test
    void replay_vectorNeedingADeviceOption_failedWithTheBytesAndANoteAndExitOne() {
        int exit = cli().execute("replay", "--driver", "bpm200", "--link", port.toString(),
                "--vector", "lone-lf-lenient", "--answer-timeout", "2s");

        assertThat(exit).isEqualTo(1);
        assertThat(out.toString()).contains("FAILED  lone-lf-lenient.vec: sent 77 of 77 bytes")
                .contains("sent     [$M,0095,20261123113300,128,82,97,71,mmHg*7C<LF>$S,")
                .contains("expected [<ACK><ACK>]").contains("received [<NAK><ACK>]")
                .contains("note: this vector sets device option(s) {accept-lone-lf=true}")
                .contains("Result: 0 of 1 vector(s) answered as expected");
    }

    @Test
    void replay_unknownVector_exitTwoAndListsTheVectorsThereAre() {
        int exit = cli().execute("replay", "--driver", "bpm200", "--link", port.toString(), "--vector", "nope");

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("Unknown --vector in [nope]; bpm200 has: ")
                .contains("normal-measurement.vec");
    }

    private CommandLine cli() {
        return new CommandLine(new SimulatorCli()).setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true));
    }
}
