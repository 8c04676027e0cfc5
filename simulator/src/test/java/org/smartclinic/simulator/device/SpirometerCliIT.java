package org.smartclinic.simulator.device;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.smartclinic.simulator.cli.SimulatorCli;

import picocli.CommandLine;

/** {@code simulator run spirometer} as a user runs it. */
class SpirometerCliIT {

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @Test
    void run_countTwo_writesTwoFilesPrintsThemAndExitsZero() throws IOException {
        Path folder = dir.resolve("export");

        int exit = cli().execute("run", "spirometer", "--folder", folder.toString(), "--count", "2", "--interval",
                "100ms");

        assertThat(exit).as(err.toString()).isZero();
        try (Stream<Path> files = Files.list(folder)) {
            assertThat(files.map(p -> p.getFileName().toString())).hasSize(2).allMatch(n -> n.matches(
                    "SP80_T\\d{8}-\\d{6}-000[12]\\.csv"));
        }
        assertThat(out.toString())
                .contains("SP-80 twin writing into " + folder.toAbsolutePath() + ", 2 export(s)")
                .containsPattern("#1 SP80_\\S+\\.csv  FVC \\d\\.\\d\\d L  FEV1 \\d\\.\\d\\d L  FEV1/FVC \\d+\\.\\d %"
                        + "  PEF \\d+\\.\\d\\d L/s\\R")
                .containsPattern("#2 SP80_.*\\R")
                .contains("Exported 2 file(s)");
    }

    @Test
    void run_badInterval_exitTwoWithExample() {
        int exit = cli().execute("run", "spirometer", "--folder", dir.toString(), "--interval", "soon");

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("'soon' is not a duration: use e.g. 500ms, 2s, 1m");
    }

    private CommandLine cli() {
        return new CommandLine(new SimulatorCli()).setOut(new PrintWriter(out, true))
                .setErr(new PrintWriter(err, true));
    }
}
