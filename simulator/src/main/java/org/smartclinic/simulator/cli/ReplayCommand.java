package org.smartclinic.simulator.cli;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import org.smartclinic.drivers.spi.DeviceDriverFactory;
import org.smartclinic.drivers.spi.DriverContext;
import org.smartclinic.drivers.spi.StreamDriver;
import org.smartclinic.drivers.testkit.DriverVector;
import org.smartclinic.simulator.twin.ReplayResult;
import org.smartclinic.simulator.twin.Twin;
import org.smartclinic.simulator.twin.TwinPlug;
import org.smartclinic.simulator.twin.VectorReplay;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code simulator replay --driver bpm200 --link /tmp/bp1}: plays a driver's test vectors to whatever opens the
 * port (the gateway, with that driver on it) and checks that it answers each one as the vector expects, as if
 * every reading were stored. Prints OK or FAILED per vector, with the bytes; exits 0 only if all were OK.
 */
@Command(name = "replay", mixinStandardHelpOptions = true,
        description = {"Replay a driver's test vectors to the gateway and check its answers.",
            "Bytes written before the gateway opens a pty wait in the line; each vector waits --answer-timeout."})
public final class ReplayCommand extends TwinCommand<Twin> {

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

    private List<DriverVector> vectors;
    private VectorReplay replay;

    /** Plugs in a twin that replays the vectors asked for; done once each has been replayed. */
    @Override
    Twin start(UntilStopped run) throws IOException {
        TwinPlug where = plug.plug(spec);
        vectors = vectors();
        AtomicInteger replayed = new AtomicInteger();
        replay = new VectorReplay(vectors, VectorReplay.Pacing.whole().withAnswerTimeout(answerTimeout)
                .inChunks(chunk, pause).withGap(crossedRetransmissionWindow()), result -> {
                    report(result);
                    if (replayed.incrementAndGet() == vectors.size()) {
                        run.done();
                    }
                });
        return Twin.start("replay-" + driver, where, replay, header(where, vectors.size()));
    }

    /** The driver's window for repeats that crossed an ACK: the vectors, which share frames, go that far apart. */
    private Duration crossedRetransmissionWindow() {
        return DeviceDriverFactory.find(driver)
                .map(f -> f.create(DriverContext.of("replay", java.time.ZoneOffset.UTC)))
                .map(d -> d instanceof StreamDriver s ? s.crossedRetransmissionWindow() : Duration.ZERO)
                .orElse(Duration.ZERO);
    }

    @Override
    List<String> cannotStart(IOException e) {
        return plug.cannotPlug(e);
    }

    /** Prints the totals; the exit code: 0 if every vector was answered as expected. */
    @Override
    int totals(Twin twin) {
        List<ReplayResult> results = replay.results();
        long ok = results.stream().filter(ReplayResult::matches).count();
        line(String.format("Result: %d of %d vector(s) answered as expected%s", ok, vectors.size(),
                results.size() < vectors.size() ? " (" + (vectors.size() - results.size()) + " not replayed)" : ""));
        return ok == vectors.size() ? 0 : 1;
    }

    /** Prints where the twin is once plugged in, before its thread starts; later plugs too. */
    private Twin.Listener header(TwinPlug where, int count) {
        AtomicInteger plugs = new AtomicInteger();
        return new Twin.Listener() {
            @Override
            public void plugged(String at) {
                line(plugs.incrementAndGet() > 1 ? "plugged in again: " + at : String.format(
                        "Replaying %d %s vector(s) at %s -> %s%s", count, driver, where.describe(), at,
                        where instanceof TwinPlug.Pty ? "  (open this path in the gateway)" : ""));
            }
        };
    }

    /** The stream vectors asked for; a usage error names the ones there are. */
    private List<DriverVector> vectors() {
        List<DriverVector> all;
        try {
            all = VectorReplay.load(driver).stream().filter(v -> !v.isMessages()).toList();
        } catch (IOException e) {
            throw usage("Cannot replay driver '" + driver + "': " + e.getMessage());
        }
        if (all.isEmpty()) {
            throw usage("Driver '" + driver + "' has no stream vectors to replay.");
        }
        if (only.isEmpty()) {
            return all;
        }
        List<DriverVector> chosen = all.stream().filter(v -> only.stream().anyMatch(n -> v.name().equals(n)
                || v.name().equals(n + ".vec"))).toList();
        if (chosen.size() < only.size()) {
            throw usage("Unknown --vector in " + only + "; " + driver + " has: "
                    + all.stream().map(DriverVector::name).collect(Collectors.joining(", ")));
        }
        return chosen;
    }

    /** The vector's result, and a note when a failed vector needs device options the gateway may not have. */
    private void report(ReplayResult result) {
        Map<String, String> options = vectors.stream().filter(v -> v.name().equals(result.vector())).findFirst()
                .map(DriverVector::options).orElse(Map.of());
        line(result.matches() || options.isEmpty() ? result.render() : result.render() + System.lineSeparator()
                + "        note: this vector sets device option(s) " + options
                + "; the gateway's device needs them too");
    }
}
