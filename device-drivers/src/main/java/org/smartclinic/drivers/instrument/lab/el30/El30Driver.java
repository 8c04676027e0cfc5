package org.smartclinic.drivers.instrument.lab.el30;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.smartclinic.drivers.DeviceIdentity;
import org.smartclinic.drivers.spi.DriverContext;
import org.smartclinic.drivers.spi.Outcome;
import org.smartclinic.drivers.spi.RejectReason;
import org.smartclinic.drivers.spi.StreamDriver;

/**
 * Driver of the EL-30 electrolyte analyzer: a printed result report between STX and ETX, not ASTM.
 * <ul>
 *   <li><b>Protocol</b>: {@link El30Protocol} (report layout, checksum, answers); framed by
 *       {@code El30ReportDecoder} (STX, ETX, mod-256 sum, 2 KiB bound, noise), lines read by
 *       {@code El30ReportParser} (reasons there). A report is ACKed once stored (NAK if storing failed); a rejected
 *       report is answered NAK; noise before an STX is counted, not answered; a copy of the report just ACKed
 *       that crossed the ACK is not ACKed again ({@link #crossedRetransmissionWindow()}).</li>
 *   <li><b>Code table</b>: {@code el30-codes.csv}: Na, K, Cl to serum-or-plasma LOINC codes, iCa and pH uncoded;
 *       an analyte the table does not know is kept with its own code and a note ({@code El30Mapper}).</li>
 *   <li><b>Readings</b>: one per report, key {@code <device time>#<sample id or ->#<serial>} (no patient data),
 *       the same for a re-send after a lost ACK; sample and patient ids travel with it; values, ranges, flags as
 *       printed.</li>
 *   <li><b>Identity</b>: the serial on the first line, when it first appears or changes. <b>Quirks</b>: the clock
 *       sends no offset; its time is read in {@link DriverContext#deviceZone()}.</li>
 *   <li><b>Leniency</b>: a lone CR or LF as a line end is rejected, unless {@code bareLineEnds} (device option
 *       {@value El30DriverFactory#OPTION_BARE_LINE_ENDS}).</li>
 * </ul>
 */
public final class El30Driver implements StreamDriver {

    /** The driver id, also the system suffix of its device codes. */
    public static final String DRIVER_ID = "el30";

    private static final Logger LOG = LoggerFactory.getLogger(El30Driver.class);
    private static final Duration CROSSED_RETRANSMISSION_WINDOW = Duration.ofMillis(1_500);

    private final DriverContext context;
    private final El30ReportDecoder framer;
    private String lastSerial;

    /** A driver for {@code context}'s device ({@link El30DriverFactory} makes one); leniency {@code bareLineEnds}. */
    public El30Driver(DriverContext context, boolean bareLineEnds) {
        this.context = Objects.requireNonNull(context, "context");
        this.framer = new El30ReportDecoder(bareLineEnds);
    }

    @Override
    public List<Outcome> decode(byte[] data, int offset, int length, Instant receivedAt) {
        List<Outcome> out = new ArrayList<>(2);
        for (El30ReportDecoder.Result result : framer.decode(data, offset, length)) {
            switch (result) {
                case El30ReportDecoder.Report report -> interpret(report, receivedAt, out);
                case El30ReportDecoder.Rejected r -> out.add(rejected(r.reason(), r.detail(), r.bytes()));
            }
        }
        return out;
    }

    /** Half the analyzer's 3 s answer timeout ({@link El30Protocol}): its ACK names no report. */
    @Override
    public Duration crossedRetransmissionWindow() {
        return CROSSED_RETRANSMISSION_WINDOW;
    }

    @Override
    public void reset() {
        framer.reset();
        lastSerial = null;
    }

    /** Bytes held for an unfinished report or noise run, for tests of the bound. */
    int buffered() {
        return framer.buffered();
    }

    private void interpret(El30ReportDecoder.Report report, Instant receivedAt, List<Outcome> out) {
        try {
            switch (El30ReportParser.parse(report.lines())) {
                case El30Report.Results results -> {
                    if (!results.serial().equals(lastSerial)) {
                        lastSerial = results.serial();
                        out.add(new Outcome.IdentityReport(new DeviceIdentity(El30Protocol.MODEL, lastSerial, null)));
                    }
                    out.add(new Outcome.Accepted(List.of(El30Mapper.reading(results, context.deviceId(),
                            context.deviceZone(), receivedAt)), report.bytes(), new byte[] {El30Protocol.ACK},
                            new byte[] {El30Protocol.NAK}));
                }
                case El30Report.Invalid i -> out.add(rejected(i.reason(), i.detail(), report.bytes()));
            }
        } catch (RuntimeException e) {
            // A driver bug must cost one report, not the port: NAK it and keep decoding.
            LOG.warn("{}: could not decode a report", context.deviceId(), e);
            out.add(rejected(RejectReason.MALFORMED, "driver error: " + e, report.bytes()));
        }
    }

    private static Outcome rejected(RejectReason reason, String detail, byte[] bytes) {
        byte[] answer = reason == RejectReason.NOISE ? new byte[0] : new byte[] {El30Protocol.NAK};
        return new Outcome.Rejected(reason, detail, bytes, answer);
    }
}
