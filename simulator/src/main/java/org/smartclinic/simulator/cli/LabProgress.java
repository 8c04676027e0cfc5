package org.smartclinic.simulator.cli;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import org.smartclinic.simulator.device.lab.HostPatient;
import org.smartclinic.simulator.device.lab.LabReport;
import org.smartclinic.simulator.device.lab.astm.AstmDelivery;
import org.smartclinic.simulator.device.lab.astm.AstmInstrument;
import org.smartclinic.simulator.twin.TwinPlug;

/** The console lines of {@code simulator lab}: where the analyzer is, each message as it settles, the report. */
final class LabProgress implements AstmInstrument.Listener {

    private final Consumer<String> console;
    private final String header;
    private final TwinPlug plug;
    private final AtomicInteger plugs = new AtomicInteger();
    private final AtomicInteger messages = new AtomicInteger();

    LabProgress(Consumer<String> console, String header, TwinPlug plug) {
        this.console = console;
        this.header = header;
        this.plug = plug;
    }

    @Override
    public void pluggedIn(String where) {
        if (plugs.incrementAndGet() > 1) {
            console.accept("plugged in again: " + where);
            return;
        }
        console.accept(header + System.lineSeparator() + switch (plug) {
            case TwinPlug.Pty pty -> "Port: " + pty.link() + " -> " + where + "  (open this path in the gateway)";
            case TwinPlug.TcpListen listen -> "Port: listening on " + where + "  (point the gateway's TCP client here)";
            case TwinPlug.TcpConnect connect -> "Port: connecting to " + where + "  (the gateway's TCP server port)";
        });
    }

    @Override
    public void connected(String peer) {
        if (!(plug instanceof TwinPlug.Pty)) {
            console.accept("gateway on the line: " + peer);
        }
    }

    /** {@code #1 query (3 records) delivered, answered with 4 records; 1 attempt, 0 retransmissions}. */
    @Override
    public void settled(AstmDelivery d) {
        String kind = d.awaitedAnswer() ? "query" : "results";
        String answer = !d.awaitedAnswer() ? "" : d.answered() ? ", answered with " + d.answer().size()
                + " records" : ", no answer";
        console.accept(String.format("#%d %s (%d records) %s%s; %d attempt(s), %d retransmission(s)",
                messages.incrementAndGet(), kind, d.records().size(), d.delivered() ? "delivered" : "NOT delivered: "
                        + d.detail(), answer, d.attempts(), d.retransmissions()));
    }

    /** The report's lines: the patients the host named, one per sample asked about. */
    static void report(LabReport report, Consumer<String> console) {
        for (HostPatient p : report.patients()) {
            console.accept(String.format("Patient from host for sample %s: %s %s", p.sampleId(),
                    p.patientId().isEmpty() ? "(no id)" : p.patientId(), p.displayName()));
        }
        report.queries().stream().filter(q -> !q.answered()).forEach(q -> console.accept(
                "Host query not answered: results sent without a patient"));
    }

    static String stats(AstmInstrument.Stats s) {
        return String.format("Stats: delivered %d, failed %d, frames written %d, ENQs %d, contentions %d,"
                + " received from host %d", s.delivered(), s.failed(), s.framesWritten(), s.enquiries(),
                s.contentions(), s.received());
    }
}
