package org.smartclinic.simulator.cli;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.stream.Stream;

import org.smartclinic.simulator.device.bp.Bpm200Twin;
import org.smartclinic.simulator.twin.TwinPlug;

/**
 * The bp-monitor's console lines: one per settled measurement (values as sent and how the gateway answered), one
 * per plug event; tells {@code run} it is done after the last measurement.
 */
final class BpMonitorProgress implements Bpm200Twin.Listener {

    private final Consumer<String> console;
    private final String header;
    private final TwinPlug plug;
    private final int count;
    private final UntilStopped run;
    private final AtomicInteger plugs = new AtomicInteger();

    /**
     * @param console prints one line (or several) whole
     * @param header  printed with the port line once plugged in, before the device's thread starts, so it comes
     *                first
     */
    BpMonitorProgress(Consumer<String> console, String header, TwinPlug plug, int count, UntilStopped run) {
        this.console = console;
        this.header = header;
        this.plug = plug;
        this.count = count;
        this.run = run;
    }

    @Override
    public void pluggedIn(String where) {
        if (plugs.incrementAndGet() > 1) {
            console.accept("plugged in again: " + where);
        } else {
            console.accept(header + System.lineSeparator() + port(plug, where));
        }
    }

    @Override
    public void connected(String peer) {
        if (!(plug instanceof TwinPlug.Pty)) {
            console.accept("gateway on the line: " + peer);
        }
    }

    @Override
    public void unplugged() {
        console.accept("unplugged");
    }

    /** {@code #1 seq 0001 2026-11-23 10:15:00  128/82 (97) mmHg  pulse 71  ACK after 1 NAK}. */
    @Override
    public void settled(Bpm200Twin.Settled s) {
        Bpm200Twin.SentMeasurement m = s.measurement();
        String[] f = m.body().split(",", -1);
        String answer = s.acked() ? "ACK" : "GIVEN UP";
        if (s.naks() > 0 || s.timeouts() > 0) {
            answer += " after " + String.join(" and ", Stream.of(plural(s.naks(), "NAK"),
                    plural(s.timeouts(), "timeout")).filter(t -> !t.isEmpty()).toList());
        }
        console.accept(String.format("#%d seq %s %s  %s/%s%s %s  pulse %s  %s", m.number(), f[1],
                m.deviceTime().toString().replace('T', ' '), f[3], f[4], f[5].isEmpty() ? "" : " (" + f[5] + ")",
                f[7], f[6].isEmpty() ? "-" : f[6], answer));
        run.done(m.number(), count);
    }

    /** The totals line. */
    static String stats(Bpm200Twin.Stats s) {
        return String.format("Stats: sent %d, acked %d, nakked %d, timeouts %d, retransmissions %d, given up %d,"
                + " frames written %d", s.measurementsSent(), s.acked(), s.nakked(), s.timeouts(),
                s.retransmissions(), s.givenUp(), s.framesWritten());
    }

    /** The line that says where to point the gateway. */
    private static String port(TwinPlug plug, String where) {
        return switch (plug) {
            case TwinPlug.Pty pty -> String.format("Port: %s -> %s  (open this path in the gateway; Ctrl-C to stop)",
                    pty.link(), where);
            case TwinPlug.TcpListen listen -> String.format(
                    "Port: listening on %s  (point the gateway's TCP client here; Ctrl-C to stop)", where);
            case TwinPlug.TcpConnect connect -> String.format(
                    "Port: connecting to %s  (the gateway's TCP server port; Ctrl-C to stop)", where);
        };
    }

    private static String plural(int n, String what) {
        return n == 0 ? "" : n + " " + what + (n == 1 ? "" : "s");
    }
}
