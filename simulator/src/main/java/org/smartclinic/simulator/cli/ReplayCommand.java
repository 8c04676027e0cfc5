package org.smartclinic.simulator.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import org.smartclinic.drivers.testkit.DriverVector;
import org.smartclinic.simulator.twin.ReplayResult;
import org.smartclinic.simulator.twin.Twin;
import org.smartclinic.simulator.twin.TwinPlug;
import org.smartclinic.simulator.twin.VectorReplay;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code simulator replay --driver bpm200 --link /tmp/bp1}: plays a driver's test vectors to whatever opens the
 * port (the gateway, with that driver on it) and checks that it answers each one as the vector expects, as if
 * every reading were stored. Prints OK or FAILED per vector, with the bytes; exits 0 only if all were OK.
 */
@Command(name = "replay", mixinStandardHelpOptions = true,
        description = {"Replay a driver's test vectors to the gateway and check its answers.",
            "Bytes written before the gateway opens a pty wait in the line; each vector waits --answer-timeout."})
public final class ReplayCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    PlugOptions plug;

    @Option(names = "--driver", required = true, paramLabel = "ID", description = "Driver whose vectors to play, e.g. bpm200.")
    String driver;

    @Option(names = "--vector", paramLabel = "NAME", description = "Only this vector (file name, .vec optional); repeatable.")
    List<String> only = new ArrayList<>();

    @Option(names = "--answer-timeout", defaultValue = "5s", converter = DurationConverter.class,
            paramLabel = "DURATION", description = "Wait for a vector's answers. Default: ${DEFAULT-VALUE}.")
    Duration answerTimeout;

    @Option(names = "--chunk", defaultValue = "0", paramLabel = "BYTES",
            description = "Write the input in chunks of this size, 0 = whole. Default: ${DEFAULT-VALUE}.")
    int chunk;

    @Option(names = "--pause", defaultValue = "0s", converter = DurationConverter.class, paramLabel = "DURATION",
            description = "Pause between chunks. Default: ${DEFAULT-VALUE}.")
    Duration pause;

    @Override
    public Integer call() throws InterruptedException {
        TwinPlug where = plug.plug(spec);
        List<DriverVector> vectors = vectors();
        PrintWriter out = spec.commandLine().getOut();
        List<ReplayResult> results;
        try (UntilStopped run = new UntilStopped("replay")) {
            AtomicInteger replayed = new AtomicInteger();
            VectorReplay replay = new VectorReplay(vectors, VectorReplay.Pacing.whole().withAnswerTimeout(answerTimeout)
                    .inChunks(chunk, pause), result -> {
                        report(out, result, vectors);
                        if (replayed.incrementAndGet() == vectors.size()) {
                            run.done();
                        }
                    });
            try (Twin twin = Twin.start("replay-" + driver, where, replay, header(out, where, vectors.size()))) {
                run.await();
            } catch (IOException e) {
                spec.commandLine().getErr().println("Cannot create the simulated port: " + e.getMessage());
                spec.commandLine().getErr().flush();
                return 1;
            }
            results = replay.results();
        }
        return summary(out, results, vectors.size());
    }

    /** Prints where the twin is once plugged in, before its thread starts; later plugs too. */
    private Twin.Listener header(PrintWriter out, TwinPlug where, int count) {
        AtomicInteger plugs = new AtomicInteger();
        return new Twin.Listener() {
            @Override
            public void plugged(String at) {
                synchronized (out) {
                    if (plugs.incrementAndGet() == 1) {
                        out.printf("Replaying %d %s vector(s) at %s -> %s%s%n", count, driver, where.describe(), at,
                                where instanceof TwinPlug.Pty ? "  (open this path in the gateway)" : "");
                    } else {
                        out.println("plugged in again: " + at);
                    }
                    out.flush();
                }
            }
        };
    }

    /** Prints the totals; the exit code: 0 if every vector was answered as expected. */
    private static int summary(PrintWriter out, List<ReplayResult> results, int vectors) {
        long ok = results.stream().filter(ReplayResult::matches).count();
        out.printf("Result: %d of %d vector(s) answered as expected%s%n", ok, vectors,
                results.size() < vectors ? " (" + (vectors - results.size()) + " not replayed)" : "");
        out.flush();
        return ok == vectors ? 0 : 1;
    }

    /** The stream vectors asked for; a usage error names the ones there are. */
    private List<DriverVector> vectors() {
        List<DriverVector> all;
        try {
            all = VectorReplay.load(driver).stream().filter(v -> !v.isMessages()).toList();
        } catch (IOException e) {
            throw new ParameterException(spec.commandLine(), "Cannot replay driver '" + driver + "': " + e.getMessage());
        }
        if (all.isEmpty()) {
            throw new ParameterException(spec.commandLine(), "Driver '" + driver + "' has no stream vectors to replay.");
        }
        if (only.isEmpty()) {
            return all;
        }
        List<DriverVector> chosen = all.stream().filter(v -> only.stream().anyMatch(n -> v.name().equals(n)
                || v.name().equals(n + ".vec"))).toList();
        if (chosen.size() < only.size()) {
            throw new ParameterException(spec.commandLine(), "Unknown --vector in " + only + "; " + driver + " has: "
                    + all.stream().map(DriverVector::name).collect(Collectors.joining(", ")));
        }
        return chosen;
    }

    private static void report(PrintWriter out, ReplayResult result, List<DriverVector> vectors) {
        synchronized (out) {
            out.println(result.render());
            Map<String, String> options = vectors.stream().filter(v -> v.name().equals(result.vector())).findFirst()
                    .map(DriverVector::options).orElse(Map.of());
            if (!result.matches() && !options.isEmpty()) {
                out.println("        note: this vector sets device option(s) " + options
                        + "; the gateway's device needs them too");
            }
            out.flush();
        }
    }
}
