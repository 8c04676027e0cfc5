package org.smartclinic.simulator.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.smartclinic.drivers.instrument.spirometry.sp80.Sp80Format;
import org.smartclinic.simulator.device.spiro.Sp80Twin;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code simulator run spirometer}: the SP-80 spirometer's PC software writing export files into a folder. Prints
 * one line per file; stops after {@code --count} files, or on Ctrl-C (a shutdown hook lets the main thread close
 * the twin and print the total).
 */
@Command(name = "spirometer", mixinStandardHelpOptions = true,
        description = {"Simulate an SP-80 spirometer exporting test files into a folder.",
            "Point the gateway's folder device at the same --folder; stop with Ctrl-C."})
public final class SpirometerCommand extends TwinCommand<Sp80Twin> {

    @Option(names = "--folder", required = true, paramLabel = "DIR",
            description = "Export folder to write into (created if missing).")
    Path folder;

    @Option(names = "--interval", defaultValue = "30s", converter = DurationConverter.class,
            paramLabel = "DURATION", description = "Time between exports, e.g. 5s, 1m. Default: ${DEFAULT-VALUE}.")
    Duration interval;

    @Option(names = "--count", defaultValue = "0", paramLabel = "N",
            description = "Exports to write, 0 = until stopped. Default: ${DEFAULT-VALUE}.")
    int count;

    @Option(names = "--slow-write", description = "Write each file in chunks over about a second.")
    boolean slowWrite;

    /** Creates the folder, says where the files go, then starts exporting (the first file at once). */
    @Override
    Sp80Twin start(UntilStopped run) throws IOException {
        Files.createDirectories(folder);
        Sp80Twin twin = Sp80Twin.builder(folder).interval(interval).count(count).slowWrite(slowWrite)
                .listener(e -> progress(e, run)).build();
        line(String.format("SP-80 twin writing into %s, %s, every %s%s", folder.toAbsolutePath(),
                count == 0 ? "until stopped" : count + " export(s)", interval, slowWrite ? ", slowly" : ""));
        return twin.start();
    }

    @Override
    List<String> cannotStart(IOException e) {
        return List.of("Cannot create the export folder " + folder + ": " + e.getMessage());
    }

    @Override
    int totals(Sp80Twin twin) {
        line(String.format("Exported %d file(s)", twin.exported().size()));
        return 0;
    }

    private void progress(Sp80Twin.Exported e, UntilStopped run) {
        StringBuilder text = new StringBuilder().append('#').append(e.number()).append(' ')
                .append(e.file().getFileName());
        for (Sp80Format.ResultLine r : e.export().results()) {
            text.append("  ").append(r.code()).append(' ').append(r.value().toPlainString()).append(' ')
                    .append(r.unit());
        }
        line((e.malformed() ? text.append("  (malformed)") : text).toString());
        run.done(e.number(), count);
    }
}
