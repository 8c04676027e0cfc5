package org.smartclinic.simulator.cli;

import java.io.IOException;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import org.smartclinic.simulator.device.lab.el30.El30Twin;
import org.smartclinic.simulator.twin.TwinPlug;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code simulator run el30}: an EL-30 electrolyte analyzer on a pseudo-terminal or a TCP plug. Prints the port,
 * one line per report (sample, values with flags, how the gateway answered), and the totals when done or stopped.
 */
@Command(name = "el30", mixinStandardHelpOptions = true,
        description = {"Simulate an EL-30 electrolyte analyzer (Na, K, Cl report per sample) on a pseudo-terminal"
                + " (--link) or by TCP.", "Point the gateway's el30 device at it; stop with Ctrl-C."})
public final class El30Command extends TwinCommand<El30Twin> {

    @Mixin
    PlugOptions plug;

    @Option(names = "--sample", paramLabel = "ID", split = ",",
            description = "Sample id(s) from the gateway (ten digits), used in turn; none = reports without one.")
    List<String> samples = new ArrayList<>();

    @Option(names = "--na", paramLabel = "MMOL_L", description = "Sodium for every report; default generated.")
    BigDecimal na;

    @Option(names = "--k", paramLabel = "MMOL_L", description = "Potassium for every report; default generated.")
    BigDecimal k;

    @Option(names = "--cl", paramLabel = "MMOL_L", description = "Chloride for every report; default generated.")
    BigDecimal cl;

    @Option(names = "--count", defaultValue = "1", paramLabel = "N",
            description = "Reports to send, 0 = until stopped. Default: ${DEFAULT-VALUE}.")
    int count;

    @Option(names = "--interval", defaultValue = "2s", converter = DurationConverter.class, paramLabel = "DURATION",
            description = "Pause between reports, e.g. 500ms, 2s. Default: ${DEFAULT-VALUE}.")
    Duration interval;

    @Option(names = "--ack-timeout", defaultValue = "3s", converter = DurationConverter.class,
            paramLabel = "DURATION", description = "Wait for ACK/NAK before re-sending. Default: ${DEFAULT-VALUE}.")
    Duration ackTimeout;

    @Option(names = "--serial", defaultValue = "30A1234", paramLabel = "SERIAL",
            description = "Serial number printed on the report. Default: ${DEFAULT-VALUE}.")
    String serial;

    @Option(names = "--seed", paramLabel = "N", description = "Seed for reproducible values and faults.")
    Long seed;

    @Option(names = "--bad-checksum-every", paramLabel = "N",
            description = "Damage every N-th report's first transmission, so its checksum is wrong (0 = never).")
    Integer badChecksumEvery;

    @Option(names = "--garbage-every", paramLabel = "N",
            description = "Send line noise before every N-th report (0 = never).")
    Integer garbageEvery;

    @Override
    El30Twin start(UntilStopped run) throws IOException {
        if ((na == null || k == null || cl == null) && (na != null || k != null || cl != null)) {
            throw usage("Give all of --na, --k and --cl, or none (generated values).");
        }
        TwinPlug where = plug.plug(spec);
        El30Twin.Builder b = El30Twin.builder(where);
        try {
            b.sampleIds(samples).count(count).interval(interval).ackTimeout(ackTimeout).serial(serial);
            given(na, v -> b.values(na, k, cl));
            given(seed, b::seed);
            given(badChecksumEvery, b::badChecksumEvery);
            given(garbageEvery, b::garbageEvery);
        } catch (IllegalArgumentException e) {
            throw usage("Invalid option: " + e.getMessage());
        }
        String header = String.format("EL-30 twin, serial %s, %s, samples %s, every %s", serial,
                count == 0 ? "until stopped" : count + " report(s)", samples.isEmpty() ? "none" : samples,
                DurationConverter.human(interval));
        return b.listener(new Progress(header, where, run)).start();
    }

    @Override
    List<String> cannotStart(IOException e) {
        return plug.cannotPlug(e);
    }

    @Override
    int totals(El30Twin twin) {
        El30Twin.Stats s = twin.stats();
        line(String.format("Stats: sent %d, acked %d, nakked %d, timeouts %d, re-sends %d, given up %d",
                s.reportsSent(), s.acked(), s.nakked(), s.timeouts(), s.retransmissions(), s.givenUp()));
        return 0;
    }

    /** The console lines: the port once plugged, one per settled report, plug events; done after the last. */
    private final class Progress implements El30Twin.Listener {
        private final String header;
        private final TwinPlug where;
        private final UntilStopped run;
        private final AtomicInteger plugs = new AtomicInteger();

        Progress(String header, TwinPlug where, UntilStopped run) {
            this.header = header;
            this.where = where;
            this.run = run;
        }

        @Override
        public void pluggedIn(String at) {
            line(plugs.incrementAndGet() > 1 ? "plugged in again: " + at : header + System.lineSeparator()
                    + (where instanceof TwinPlug.Pty pty ? "Port: " + pty.link() + " -> " + at
                            : "Port: " + where.describe() + " (" + at + ")") + "  (Ctrl-C to stop)");
        }

        @Override
        public void unplugged() {
            line("unplugged");
        }

        /** {@code #1 2026-11-23 10:15:00 sample 1234567897  Na 141.2  K 5.8 H  Cl 101.0  ACK}. */
        @Override
        public void settled(El30Twin.Settled s) {
            El30Twin.SentReport r = s.report();
            String values = r.sample().results().stream()
                    .map(v -> v.code() + " " + v.value() + (v.flag().isEmpty() ? "" : " " + v.flag()))
                    .collect(Collectors.joining("  "));
            String answer = (s.acked() ? "ACK" : "GIVEN UP") + (s.naks() + s.timeouts() > 0
                    ? " after " + s.naks() + " NAK(s), " + s.timeouts() + " timeout(s)" : "");
            line(String.format("#%d %s sample %s  %s  %s", r.number(), r.deviceTime().toString().replace('T', ' '),
                    r.sample().sampleId() == null ? "-" : r.sample().sampleId(), values, answer));
            run.done(r.number(), count);
        }
    }
}
