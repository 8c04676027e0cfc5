package org.smartclinic.simulator.cli;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

import org.smartclinic.simulator.device.bp.Bpm200Twin;
import org.smartclinic.simulator.twin.TwinPlug;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code simulator run bp-monitor}: a BPM-200 blood pressure monitor on a pseudo-terminal or a TCP plug. Prints
 * the port, one line per measurement (values and how the gateway answered), and the totals when done or stopped.
 */
@Command(name = "bp-monitor", mixinStandardHelpOptions = true,
        description = {"Simulate a BPM-200 blood pressure monitor on a pseudo-terminal (--link) or by TCP.",
            "Point the gateway's device at it; stop with Ctrl-C."})
public final class BpMonitorCommand extends TwinCommand<Bpm200Twin> {

    @Mixin
    PlugOptions plug;

    @Option(names = "--scenario", defaultValue = "normal", paramLabel = "normal|hypertension|faulty",
            description = "Kind of values; faulty adds bad checksums and line noise. Default: ${DEFAULT-VALUE}.")
    String scenario;

    @Option(names = "--count", defaultValue = "0", paramLabel = "N",
            description = "Measurements to send, 0 = until stopped. Default: ${DEFAULT-VALUE}.")
    int count;

    @Option(names = "--interval", defaultValue = "2s", converter = DurationConverter.class, paramLabel = "DURATION",
            description = "Pause between measurements, e.g. 500ms, 2s. Default: ${DEFAULT-VALUE}.")
    Duration interval;

    @Option(names = "--heartbeat", defaultValue = "5s", converter = DurationConverter.class, paramLabel = "DURATION",
            description = "Heartbeat period when idle, 0s = none. Default: ${DEFAULT-VALUE}.")
    Duration heartbeat;

    @Option(names = "--ack-timeout", defaultValue = "1s", converter = DurationConverter.class,
            paramLabel = "DURATION", description = "Wait for ACK/NAK before retransmitting. Default: ${DEFAULT-VALUE}.")
    Duration ackTimeout;

    @Option(names = "--seed", paramLabel = "N", description = "Seed for reproducible values and faults.")
    Long seed;

    @Option(names = "--unit", defaultValue = "mmHg", paramLabel = "mmHg|kPa",
            description = "Pressure unit the device shows. Default: ${DEFAULT-VALUE}.")
    String unit;

    @Option(names = "--bad-checksum-every", paramLabel = "N",
            description = "Damage every N-th measurement's first transmission, so its checksum is wrong (0 = never).")
    Integer badChecksumEvery;

    @Option(names = "--garbage-every", paramLabel = "N",
            description = "Send line noise before every N-th measurement (0 = never).")
    Integer garbageEvery;

    @Option(names = "--unplug-after", paramLabel = "N",
            description = "Unplug after the N-th acknowledged measurement, then plug in again.")
    Integer unplugAfter;

    @Option(names = "--replug-after", defaultValue = "1s", converter = DurationConverter.class,
            paramLabel = "DURATION", description = "How long to stay unplugged. Default: ${DEFAULT-VALUE}.")
    Duration replugAfter;

    @Override
    Bpm200Twin start(UntilStopped run) throws IOException {
        TwinPlug where = plug.plug(spec);
        String header = String.format("BPM-200 twin, scenario %s, unit %s, %s, every %s",
                scenario.toLowerCase(Locale.ROOT), unit, count == 0 ? "until stopped" : count + " measurement(s)",
                DurationConverter.human(interval));
        return builder(where, new BpMonitorProgress(this::line, header, where, count, run)).start();
    }

    @Override
    List<String> cannotStart(IOException e) {
        return plug.cannotPlug(e);
    }

    @Override
    int totals(Bpm200Twin twin) {
        line(BpMonitorProgress.stats(twin.stats()));
        return 0;
    }

    private Bpm200Twin.Builder builder(TwinPlug where, BpMonitorProgress progress) {
        Bpm200Twin.Builder b;
        try {
            b = Bpm200Twin.builder(where).scenario(Bpm200Twin.Scenario.valueOf(scenario.toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            throw usage("Unknown --scenario '" + scenario + "': use normal, hypertension or faulty.");
        }
        try {
            b.count(count).interval(interval).heartbeat(heartbeat).ackTimeout(ackTimeout).unit(unit)
                    .listener(progress);
            given(seed, b::seed);
            given(badChecksumEvery, b::badChecksumEvery);
            given(garbageEvery, b::garbageEvery);
            given(unplugAfter, n -> b.unplugAfter(n, replugAfter));
        } catch (IllegalArgumentException e) {
            throw usage("Invalid option: " + e.getMessage());
        }
        return b;
    }
}
