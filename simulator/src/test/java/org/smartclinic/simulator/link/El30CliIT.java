package org.smartclinic.simulator.link;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.smartclinic.drivers.Measurement;
import org.smartclinic.drivers.Reading;
import org.smartclinic.drivers.Value;
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
 * {@code simulator run el30} and {@code simulator replay --driver el30} as a user runs them, against a gateway's end
 * of the line: a real {@link DeviceLink} with the EL-30 driver opening the pty the command creates.
 */
class El30CliIT {

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private final LinkRecorder recorder = new LinkRecorder();
    private final MemorySink sink = new MemorySink(0);
    private Path port;
    private DeviceLink link;

    @BeforeEach
    void gatewayWaitsForThePort() {
        port = dir.resolve("el30");
        StreamDriver driver = (StreamDriver) DeviceDriverFactory.find("el30").orElseThrow()
                .create(DriverContext.of("el30-1", ZoneOffset.UTC));
        link = new DeviceLink("el30-1", () -> new SerialTransport(SerialSettings.eightNoneOne(9600)
                .withPath(port.toString())), driver, sink, recorder,
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
    void run_twoReportsOneSampleGivenValues_printsProgressAndStatsAndTheGatewayStoresThem() throws Exception {
        CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> cli().execute("run", "el30",
                "--link", port.toString(), "--sample", "1234567897", "--na", "141.2", "--k", "5.8", "--cl", "101",
                "--count", "2", "--interval", "50ms", "--bad-checksum-every", "2", "--seed", "1"));

        assertThat(exit.get(30, TimeUnit.SECONDS)).as(err.toString()).isZero();
        assertThat(out.toString())
                .contains("EL-30 twin, serial 30A1234, 2 report(s), samples [1234567897]")
                .contains("Port: " + port + " -> /dev/pts/")
                .containsPattern("#1 \\S+ \\S+ sample 1234567897  Na 141.2  K 5.8 H  Cl 101.0  ACK\\R")
                .containsPattern("#2 .* ACK after 1 NAK\\(s\\), 0 timeout\\(s\\)\\R")
                .contains("Stats: sent 2, acked 2, nakked 1, timeouts 0, re-sends 1, given up 0");
        assertThat(sink.readings()).hasSize(2).allSatisfy(r -> {
            assertThat(r.sampleId()).isEqualTo("1234567897");
            assertThat(r.measurements()).extracting(El30CliIT::value)
                    .containsExactly(new BigDecimal("141.2"), new BigDecimal("5.8"), new BigDecimal("101.0"));
        });
        assertThat(sink.readings()).extracting(Reading::key).doesNotHaveDuplicates();
    }

    @Test
    void replay_el30Vectors_answeredAsTheVectorsExpect() {
        int exit = cli().execute("replay", "--driver", "el30", "--link", port.toString(), "--vector", "normal",
                "--vector", "bad-checksum-then-good", "--vector", "garbage-before-stx", "--vector", "malformed-value");

        assertThat(exit).as(out + "\n" + err).isZero();
        assertThat(out.toString()).contains("Result: 4 of 4 vector(s) answered as expected")
                .containsPattern("OK      bad-checksum-then-good\\.vec: sent \\d+ bytes, answers"
                        + " \\[<NAK><ACK><NAK><ACK>]");
    }

    @Test
    void run_someValuesOnly_usageErrorExitTwo() {
        int exit = cli().execute("run", "el30", "--link", port.toString(), "--na", "140");

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("Give all of --na, --k and --cl, or none");
    }

    private static BigDecimal value(Measurement m) {
        return ((Value.Quantity) m.value()).value();
    }

    private CommandLine cli() {
        return new CommandLine(new SimulatorCli()).setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true));
    }
}
