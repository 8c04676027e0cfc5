package org.smartclinic.simulator.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import org.smartclinic.simulator.device.oximetry.Ox300Twin;
import org.smartclinic.simulator.device.oximetry.Ox300TwinBuilder;
import org.smartclinic.simulator.twin.Twin;
import org.smartclinic.simulator.twin.TwinPlug;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code simulator run oximeter}: an OX-300 pulse oximeter streaming on a pseudo-terminal or TCP. Prints where it
 * is plugged, one line per connection event, and the totals when {@code --seconds} have passed or on Ctrl-C (a
 * shutdown hook lets the main thread close the twin and print them).
 */
@Command(name = "oximeter", mixinStandardHelpOptions = true,
        description = {"Simulate an OX-300 pulse oximeter streaming pleth, SpO2 and pulse.",
            "Point the gateway's device at the --link path or TCP address; stop with Ctrl-C."})
public final class OximeterCommand extends TwinCommand<Ox300Twin> {

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
    Ox300Twin start(UntilStopped run) throws IOException {
        return builder(new Events(this::line)).start();
    }

    @Override
    List<String> cannotStart(IOException e) {
        return plug.cannotPlug(e);
    }

    @Override
    Duration limit() {
        return seconds > 0 ? Duration.ofSeconds(seconds) : Duration.ZERO;
    }

    @Override
    void started(Ox300Twin twin) {
        long periodMicros = twin.framePeriod().toNanos() / 1000;
        line(String.format("OX-300 twin %s, SpO2 %d %%, pulse %d /min, a frame of %d samples every %d us%s", serial,
                spo2, pulse, samplesPerFrame, periodMicros, seconds > 0 ? ", for " + seconds + " s" : ""));
        TwinPlug at = twin.plug();
        line(switch (at) {
            case TwinPlug.Pty pty -> "Port: " + pty.link() + " -> " + twin.slavePath().map(Path::toString)
                    .orElse("?") + "  (open this path in the gateway; Ctrl-C to stop)";
            case TwinPlug.TcpListen listen -> "Listening on " + listen.bindHost() + ":" + listen.port()
                    + "  (connect the gateway's TCP client here; Ctrl-C to stop)";
            case TwinPlug.TcpConnect connect -> "Connecting to " + connect.host() + ":" + connect.port()
                    + "  (the gateway's TCP server port; Ctrl-C to stop)";
        });
    }

    @Override
    int totals(Ox300Twin twin) {
        Ox300Twin.Stats s = twin.stats();
        line(String.format("Stats: frames %d (data %d, identity %d, error %d), bytes %d, identify requests"
                + " answered %d, frames lost %d, faults injected %d", s.framesSent(), s.dataFrames(),
                s.identityFrames(), s.errorFrames(), s.bytesSent(), s.requestsAnswered(), s.framesLost(),
                s.faultsInjected()));
        return 0;
    }

    private Ox300TwinBuilder builder(Twin.Listener events) {
        try {
            Ox300TwinBuilder b = Ox300Twin.builder(plug.plug(spec)).spo2(spo2).pulse(pulse).serial(serial)
                    .samplesPerFrame(samplesPerFrame).listener(events);
            given(fps, b::framesPerSecond);
            given(seed, b::seed);
            given(corruptEvery, b::corruptEvery);
            given(noiseEvery, b::noiseEvery);
            given(dropEvery, b::dropEvery);
            return b;
        } catch (IllegalArgumentException e) {
            throw usage("Invalid option: " + e.getMessage());
        }
    }

    /** One line per plug and connection event; the first plug-in is announced with the port instead. */
    private record Events(Consumer<String> console, AtomicInteger plugs) implements Twin.Listener {

        Events(Consumer<String> console) {
            this(console, new AtomicInteger());
        }

        @Override
        public void plugged(String where) {
            if (plugs.incrementAndGet() > 1) {
                console.accept("plugged in again: " + where);
            }
        }

        @Override
        public void unplugged() {
            console.accept("unplugged");
        }

        @Override
        public void connected(String peer) {
            console.accept("connected: " + peer);
        }

        @Override
        public void disconnected(String peer) {
            console.accept("disconnected: " + peer);
        }
    }
}
