package org.smartclinic.simulator.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

import org.smartclinic.drivers.instrument.spirometry.sp80.Sp80Format;
import org.smartclinic.simulator.device.spiro.Sp80Twin;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code simulator run spirometer}: the SP-80 spirometer's PC software writing export files into a folder. Prints
 * one line per file; stops after {@code --count} files, or on Ctrl-C (a shutdown hook closes the twin).
 */
@Command(name = "spirometer", mixinStandardHelpOptions = true,
        description = {"Simulate an SP-80 spirometer exporting test files into a folder.",
            "Point the gateway's folder device at the same --folder; stop with Ctrl-C."})
public final class SpirometerCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

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

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        try {
            Files.createDirectories(folder);
        } catch (IOException e) {
            spec.commandLine().getErr().println("Cannot create the export folder " + folder + ": " + e.getMessage());
            return 1;
        }
        CountDownLatch done = new CountDownLatch(1);
        Sp80Twin twin = Sp80Twin.builder(folder).interval(interval).count(count).slowWrite(slowWrite)
                .listener(e -> progress(out, e, done)).build();
        Thread hook = new Thread(() -> {
            done.countDown();
            twin.close();
        }, "spirometer-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        out.printf("SP-80 twin writing into %s, %s, every %s%s%n", folder.toAbsolutePath(),
                count == 0 ? "until stopped" : count + " export(s)", interval, slowWrite ? ", slowly" : "");
        out.flush();
        try (twin) {
            twin.start();
            done.await();
        } finally {
            removeHook(hook);
        }
        out.printf("Exported %d file(s)%n", twin.exported().size());
        out.flush();
        return 0;
    }

    private void progress(PrintWriter out, Sp80Twin.Exported e, CountDownLatch done) {
        StringBuilder line = new StringBuilder().append('#').append(e.number()).append(' ')
                .append(e.file().getFileName());
        for (Sp80Format.ResultLine r : e.export().results()) {
            line.append("  ").append(r.code()).append(' ').append(r.value().toPlainString()).append(' ')
                    .append(r.unit());
        }
        synchronized (out) {
            out.println(e.malformed() ? line.append("  (malformed)") : line);
            out.flush();
        }
        if (count > 0 && e.number() >= count) {
            done.countDown();
        }
    }

    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // Ctrl-C: the hook is closing the twin already.
        }
    }
}
