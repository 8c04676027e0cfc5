package org.smartclinic.simulator.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.smartclinic.drivers.codec.astm.link.AstmTimers;
import org.smartclinic.simulator.device.lab.astm.AstmCapture;
import org.smartclinic.simulator.device.lab.astm.AstmCaptureReplay;
import org.smartclinic.simulator.twin.Twin;
import org.smartclinic.simulator.twin.TwinPlug;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code simulator astm-replay --capture FILE --pty PATH}: replays what an analyzer sent (a raw capture, see
 * {@code docs/astm-capture.md}) to whatever opens the port, ENQ / frames / EOT per transmission, each frame's bytes
 * as captured, honouring ACK, NAK and timeouts. Prints one line per transmission; exits 0 if all were delivered.
 */
@Command(name = "astm-replay", mixinStandardHelpOptions = true,
        description = {"Replay an ASTM analyzer's raw capture to the gateway, frame by frame, bytes as captured.",
            "Raw binary (the instrument's bytes) or the printable export (<STX>1H|...<CR><ETX>7D<CR><LF>)."})
public final class AstmReplayCommand extends TwinCommand<Twin> {

    @Mixin
    PlugOptions plug;

    @Option(names = "--capture", required = true, paramLabel = "FILE", description = "The capture file.")
    Path capture;

    @Option(names = "--reply-timeout", defaultValue = "15s", converter = DurationConverter.class,
            paramLabel = "DURATION", description = "Wait for the receiver's ACK/NAK. Default: ${DEFAULT-VALUE}.")
    Duration replyTimeout;

    @Option(names = "--enq-retry", defaultValue = "10s", converter = DurationConverter.class,
            paramLabel = "DURATION", description = "Wait before a new ENQ after a refused one. Default: ${DEFAULT-VALUE}.")
    Duration enquiryRetry;

    private AstmCaptureReplay replay;
    private int transmissions;

    @Override
    Twin start(UntilStopped run) throws IOException {
        TwinPlug where = plug.plug(spec);
        AstmCapture parsed;
        try {
            parsed = AstmCapture.read(capture);
        } catch (IOException | IllegalArgumentException e) {
            throw usage("Cannot read --capture " + capture + ": " + e.getMessage());
        }
        if (parsed.transmissions().isEmpty()) {
            throw usage("--capture " + capture + " holds no ASTM frame (" + parsed.junkBytes() + " bytes of junk).");
        }
        transmissions = parsed.transmissions().size();
        AstmTimers std = AstmTimers.LIS1_A;
        AstmTimers timers = new AstmTimers(replyTimeout, std.receive(), enquiryRetry, std.hostBackoff(),
                std.instrumentBackoff());
        AtomicInteger done = new AtomicInteger();
        replay = new AstmCaptureReplay(parsed, timers, 6, r -> {
            line(String.format("#%d %s: %d frame(s), %d retransmission(s)%s", r.number(),
                    r.delivered() ? "delivered" : "NOT delivered", r.frames(), r.retransmissions(),
                    r.delivered() ? "" : " (" + r.detail() + ")"));
            if (done.incrementAndGet() == transmissions) {
                run.done();
            }
        });
        String header = String.format("Capture %s: %d transmission(s), %d frame(s), %d junk byte(s) skipped,"
                + " %d repeated frame(s) merged", capture, transmissions, parsed.frames(), parsed.junkBytes(),
                parsed.repeatsMerged());
        return Twin.start("replay-astm", where, replay, new Twin.Listener() {
            @Override
            public void plugged(String at) {
                line(header + System.lineSeparator() + "Port: " + where.describe() + " -> " + at);
            }
        });
    }

    @Override
    List<String> cannotStart(IOException e) {
        return plug.cannotPlug(e);
    }

    @Override
    int totals(Twin twin) {
        long ok = replay.results().stream().filter(AstmCaptureReplay.Result::delivered).count();
        line(String.format("Result: %d of %d transmission(s) delivered", ok, transmissions));
        return ok == transmissions ? 0 : 1;
    }
}
