package org.smartclinic.simulator.cli;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import org.smartclinic.drivers.codec.astm.link.AstmTimers;
import org.smartclinic.simulator.device.lab.LabModel;
import org.smartclinic.simulator.device.lab.LabReport;
import org.smartclinic.simulator.device.lab.LabSpecimen;
import org.smartclinic.simulator.device.lab.LabTwin;
import org.smartclinic.simulator.device.lab.astm.AstmLineFaults;
import org.smartclinic.simulator.twin.TwinPlug;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code simulator lab lp100 --sample 1234567897 --cartridge lipid --pty /tmp/ttyLP1}: an ASTM analyzer of
 * {@code docs/lab-analyzers.md} runs the samples given and stops. Prints the port, one line per message (query or
 * results, how the host answered), the patient the host named (LP-100), and the totals; exits 0 when every result
 * message was delivered.
 */
@Command(name = "lab", mixinStandardHelpOptions = true,
        description = {"Simulate an ASTM lab analyzer (lp100, hx3, ch200, us10) that runs the given samples.",
            "Serial models on a pseudo-terminal (--pty), the CH-200 (or any) by TCP."})
public final class LabCommand extends TwinCommand<LabTwin> {

    @Parameters(index = "0", paramLabel = "MODEL", description = "lp100, hx3, ch200 or us10.")
    String model;

    @Mixin
    PlugOptions plug;

    @Option(names = "--sample", required = true, paramLabel = "ID",
            description = "Gateway sample id (10 digits, Luhn check digit); repeatable.")
    List<String> samples;

    @Option(names = "--cartridge", paramLabel = "a1c|lipid|crp|acr", description = "LP-100 cartridge. Default a1c.")
    String cartridge;

    @Option(names = "--no-query", description = "LP-100: send results without asking the host first.")
    boolean noQuery;

    @Option(names = "--serial", paramLabel = "SN", description = "Serial number in H-5.")
    String serial;

    @Option(names = "--firmware", paramLabel = "VERSION", description = "Firmware version in H-5.")
    String firmware;

    @Option(names = "--seed", paramLabel = "N", description = "Seed for reproducible values.")
    Long seed;

    @Option(names = "--reply-timeout", defaultValue = "15s", converter = DurationConverter.class,
            paramLabel = "DURATION", description = "Wait for ACK/NAK, and for the query's answer. Default: ${DEFAULT-VALUE}.")
    Duration replyTimeout;

    @Option(names = "--bad-checksum-on", paramLabel = "N", description = "Frame N goes out first with a wrong checksum.")
    int badChecksumOn;

    @Option(names = "--eot-before", paramLabel = "N", description = "EOT instead of frame N: the line drops mid-message.")
    int eotBefore;

    @Option(names = "--garbage-before", paramLabel = "N", description = "Junk bytes just before frame N.")
    int garbageBefore;

    @Option(names = "--delay-before", paramLabel = "N", description = "Frame N goes out --delay late.")
    int delayBefore;

    @Option(names = "--delay", defaultValue = "35s", converter = DurationConverter.class, paramLabel = "DURATION",
            description = "How late for --delay-before; past the receiver's 30 s. Default: ${DEFAULT-VALUE}.")
    Duration delay;

    private final AtomicReference<LabReport> report = new AtomicReference<>();

    @Override
    LabTwin start(UntilStopped run) throws IOException {
        LabModel which = LabModel.byId(model).orElseThrow(() -> usage("Unknown MODEL '" + model
                + "': use lp100, hx3, ch200 or us10."));
        TwinPlug where = plug.plug(spec);
        LabTwin.Builder b = LabTwin.builder(which, where);
        try {
            given(cartridge, b::cartridge);
            given(serial, b::serial);
            given(firmware, b::firmware);
            given(seed, b::seed);
            b.hostQuery(!noQuery).timers(timers()).answerTimeout(replyTimeout).faults(AstmLineFaults.NONE
                    .withBadChecksumOn(badChecksumOn).withEotBefore(eotBefore).withGarbageBefore(garbageBefore, 8)
                    .withDelayBefore(delayBefore, delay));
        } catch (IllegalArgumentException e) {
            throw usage("Invalid option: " + e.getMessage());
        }
        samples.stream().filter(s -> !LabSpecimen.isSampleId(s)).findFirst()
                .ifPresent(s -> {
                    throw usage("--sample '" + s + "' is not a sample id: ten digits with a Luhn check digit.");
                });
        b.listener(new LabProgress(this::line, which.modelName() + " twin, " + samples.size() + " sample(s)", where));
        LabTwin twin = b.start();
        twin.measure(samples.toArray(String[]::new)).whenComplete((r, e) -> {
            report.set(r);
            run.done();
        });
        return twin;
    }

    @Override
    List<String> cannotStart(IOException e) {
        return plug.cannotPlug(e);
    }

    @Override
    int totals(LabTwin twin) {
        LabReport r = report.get();
        if (r != null) {
            LabProgress.report(r, this::line);
        }
        line(LabProgress.stats(twin.instrument().stats()));
        return r != null && r.delivered() ? 0 : 1;
    }

    /** The standard's timers with the reply timeout given. */
    private AstmTimers timers() {
        AstmTimers std = AstmTimers.LIS1_A;
        return new AstmTimers(replyTimeout, std.receive(), std.enquiryRetry(), std.hostBackoff(),
                std.instrumentBackoff());
    }
}
