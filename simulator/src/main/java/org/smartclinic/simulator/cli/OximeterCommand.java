package org.smartclinic.simulator.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.smartclinic.simulator.device.oximetry.Ox300Twin;
import org.smartclinic.simulator.device.oximetry.Ox300TwinBuilder;
import org.smartclinic.simulator.twin.Twin;
import org.smartclinic.simulator.twin.TwinPlug;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code simulator run oximeter}: an OX-300 pulse oximeter streaming on a pseudo-terminal or TCP. Prints where it
 * is plugged, one line per connection event, and the totals when {@code --seconds} have passed or on Ctrl-C (a
 * shutdown hook lets the main thread close the twin and print them).
 */
@Command(name = "oximeter", mixinStandardHelpOptions = true,
        description = {"Simulate an OX-300 pulse oximeter streaming pleth, SpO2 and pulse.",
            "Point the gateway's device at the --link path or TCP address; stop with Ctrl-C."})
public final class OximeterCommand implements Callable<Integer> {

    private static final long SHUTDOWN_WAIT_SECONDS = 5;

    @Spec
    CommandSpec spec;

    @Mixin
    PlugOptions plug;

    @Option(names = "--fps", paramLabel = "N",
            description = "DATA frames per second, a load knob (the data stays 125 Hz). Default: real time, 25.")
    Integer fps;

    @Option(names = "--samples-per-frame", defaultValue = "5", paramLabel = "N",
            description = "Pleth samples per frame, 1..32. Default: ${DEFAULT-VALUE}.")
    int samplesPerFrame;

    @Option(names = "--spo2", defaultValue = "97", paramLabel = "N",
            description = "SpO2 target in %%, 1..100. Default: ${DEFAULT-VALUE}.")
    int spo2;

    @Option(names = "--pulse", defaultValue = "72", paramLabel = "N",
            description = "Pulse rate target per minute, 1..300. Default: ${DEFAULT-VALUE}.")
    int pulse;

    @Option(names = "--serial", defaultValue = Ox300TwinBuilder.DEFAULT_SERIAL, paramLabel = "TEXT",
            description = "Serial number in the identity frame. Default: ${DEFAULT-VALUE}.")
    String serial;

    @Option(names = "--seed", paramLabel = "N", description = "Seed for a reproducible signal.")
    Long seed;

    @Option(names = "--seconds", defaultValue = "0", paramLabel = "N",
            description = "Stop after N seconds, 0 = until stopped. Default: ${DEFAULT-VALUE}.")
    int seconds;

    @Option(names = "--corrupt-every", paramLabel = "N", description = "Flip a byte in every N-th DATA frame.")
    Integer corruptEvery;

    @Option(names = "--noise-every", paramLabel = "N", description = "Line noise before every N-th DATA frame.")
    Integer noiseEvery;

    @Option(names = "--drop-every", paramLabel = "N", description = "Never send every N-th DATA frame.")
    Integer dropEvery;

    @Override
    public Integer call() throws InterruptedException {
        if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        }
        PrintWriter out = spec.commandLine().getOut();
        Ox300TwinBuilder builder = builder(new Events(out));
        Ox300Twin twin;
        try {
            twin = builder.start();
        } catch (IOException e) {
            PrintWriter err = spec.commandLine().getErr();
            err.println("Cannot plug the oximeter in: " + e.getMessage());
            err.println("Check that the --link folder is writable, /dev/ptmx is available, or the port is free.");
            err.flush();
            return 1;
        }
        CountDownLatch done = new CountDownLatch(1);
        CountDownLatch finished = new CountDownLatch(1);
        Thread hook = new Thread(() -> awaitMain(done, finished), "oximeter-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try (twin) {
            announce(out, twin);
            if (seconds > 0) {
                done.await(seconds, TimeUnit.SECONDS);
            } else {
                done.await();
            }
        }
        printStats(out, twin.stats());
        finished.countDown();
        removeHook(hook);
        return 0;
    }

    private Ox300TwinBuilder builder(Twin.Listener events) {
        try {
            Ox300TwinBuilder b = Ox300Twin.builder(plug.plug(spec)).spo2(spo2).pulse(pulse).serial(serial)
                    .samplesPerFrame(samplesPerFrame).listener(events);
            if (fps != null) {
                b.framesPerSecond(fps);
            }
            if (seed != null) {
                b.seed(seed);
            }
            if (corruptEvery != null) {
                b.corruptEvery(corruptEvery);
            }
            if (noiseEvery != null) {
                b.noiseEvery(noiseEvery);
            }
            if (dropEvery != null) {
                b.dropEvery(dropEvery);
            }
            return b;
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "Invalid option: " + e.getMessage());
        }
    }

    private void announce(PrintWriter out, Ox300Twin twin) {
        long periodMicros = twin.framePeriod().toNanos() / 1000;
        out.printf("OX-300 twin %s, SpO2 %d %%, pulse %d /min, a frame of %d samples every %d us%s%n", serial, spo2,
                pulse, samplesPerFrame, periodMicros, seconds > 0 ? ", for " + seconds + " s" : "");
        TwinPlug at = twin.plug();
        String where = switch (at) {
            case TwinPlug.Pty pty -> "Port: " + pty.link() + " -> " + twin.slavePath().map(Path::toString)
                    .orElse("?") + "  (open this path in the gateway; Ctrl-C to stop)";
            case TwinPlug.TcpListen listen -> "Listening on " + listen.bindHost() + ":" + listen.port()
                    + "  (connect the gateway's TCP client here; Ctrl-C to stop)";
            case TwinPlug.TcpConnect connect -> "Connecting to " + connect.host() + ":" + connect.port()
                    + "  (the gateway's TCP server port; Ctrl-C to stop)";
        };
        line(out, where);
    }

    private static void printStats(PrintWriter out, Ox300Twin.Stats s) {
        line(out, String.format("Stats: frames %d (data %d, identity %d, error %d), bytes %d, identify requests"
                + " answered %d, frames lost %d, faults injected %d", s.framesSent(), s.dataFrames(),
                s.identityFrames(), s.errorFrames(), s.bytesSent(), s.requestsAnswered(), s.framesLost(),
                s.faultsInjected()));
    }

    /** On SIGTERM or Ctrl-C: let the main thread close the twin and print the totals, for a few seconds at most. */
    private static void awaitMain(CountDownLatch done, CountDownLatch finished) {
        done.countDown();
        try {
            finished.await(SHUTDOWN_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // The hook is running and returns now that the totals are printed.
        }
    }

    private static void line(PrintWriter out, String text) {
        synchronized (out) {
            out.println(text);
            out.flush();
        }
    }

    /** One line per plug and connection event; the first plug-in is announced with the port instead. */
    private record Events(PrintWriter out, AtomicInteger plugs) implements Twin.Listener {

        Events(PrintWriter out) {
            this(out, new AtomicInteger());
        }

        @Override
        public void plugged(String where) {
            if (plugs.incrementAndGet() > 1) {
                line(out, "plugged in again: " + where);
            }
        }

        @Override
        public void unplugged() {
            line(out, "unplugged");
        }

        @Override
        public void connected(String peer) {
            line(out, "connected: " + peer);
        }

        @Override
        public void disconnected(String peer) {
            line(out, "disconnected: " + peer);
        }
    }
}
