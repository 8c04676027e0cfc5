package org.smartclinic.drivers.instrument.bp.bpm200;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.smartclinic.drivers.Code;
import org.smartclinic.drivers.DeviceStatus;
import org.smartclinic.drivers.Measurement;
import org.smartclinic.drivers.Reading;
import org.smartclinic.drivers.codec.line.ChecksumLineDecoder;
import org.smartclinic.drivers.codec.line.ChecksumLineFormat;
import org.smartclinic.drivers.codec.line.LineChecksum;
import org.smartclinic.drivers.codec.line.LineOutcome;
import org.smartclinic.drivers.codetable.CodeTable;
import org.smartclinic.drivers.spi.DriverContext;
import org.smartclinic.drivers.spi.Outcome;
import org.smartclinic.drivers.spi.RejectReason;
import org.smartclinic.drivers.spi.StreamDriver;

/**
 * Driver of the BPM-200 automatic blood pressure monitor.
 * <ul>
 *   <li><b>Protocol</b>: {@link Bpm200Protocol}; frames by {@link ChecksumLineDecoder} ({@code '$'}, {@code '*'},
 *       XOR, 128 bytes), bodies by {@code Bpm200BodyParser} (reasons and measuring ranges there). Every rejected
 *       frame is answered NAK, noise is not answered; a measurement is ACKed once stored, a heartbeat at once; a
 *       copy of the frame just ACKed that crossed the ACK is not ACKed again (see
 *       {@link #crossedRetransmissionWindow()}).</li>
 *   <li><b>Code table</b>: {@code bpm200-codes.csv} next to this class: BP panel with SYS, DIA and MAP
 *       components, and PR, each with LOINC and MDC codings.</li>
 *   <li><b>Readings</b>: key {@code <time as sent>#<seq>}, so a retransmission after a lost ACK has the same key;
 *       values and unit exactly as sent ({@code kPa} stays kPa, {@code 16.0} keeps its decimal); pulse in
 *       {@code bpm}; no MAP or pulse component when the device sent none.</li>
 *   <li><b>Status</b>: every heartbeat reports the device's state (READY, MEASURING, ERROR) as a
 *       {@link Outcome.StatusReport}, before its acknowledgement.</li>
 *   <li><b>Quirks</b>: the device clock sends no offset; its time is read in {@link DriverContext#deviceZone()}
 *       (in a DST overlap the earlier offset, in a gap shifted forward by the gap). The device never says who it
 *       is: no identity report.</li>
 *   <li><b>Leniency</b>: frames ending in LF without CR are rejected as the protocol says, unless
 *       {@code acceptLoneLf} (device option {@value Bpm200DriverFactory#OPTION_ACCEPT_LONE_LF}).</li>
 * </ul>
 */
public final class Bpm200Driver implements StreamDriver {

    /** The driver id, also the system suffix of its device codes. */
    public static final String DRIVER_ID = "bpm200";

    private static final Logger LOG = LoggerFactory.getLogger(Bpm200Driver.class);
    private static final ChecksumLineFormat FORMAT = ChecksumLineFormat.strict(Bpm200Protocol.START,
            Bpm200Protocol.CHECKSUM_DELIMITER, Bpm200Protocol.MAX_FRAME_LENGTH, LineChecksum.XOR);
    private static final CodeTable CODES =
            CodeTable.load(Bpm200Driver.class, "bpm200-codes.csv").requireAll("BP", "SYS", "DIA", "MAP", "PR");
    private static final Code BP = Code.deviceCode(DRIVER_ID, "BP", "Blood pressure");
    private static final Code SYS = Code.deviceCode(DRIVER_ID, "SYS", "Systolic");
    private static final Code DIA = Code.deviceCode(DRIVER_ID, "DIA", "Diastolic");
    private static final Code MAP = Code.deviceCode(DRIVER_ID, "MAP", "Mean arterial pressure");
    private static final Code PR = Code.deviceCode(DRIVER_ID, "PR", "Pulse rate");

    private static final Duration CROSSED_RETRANSMISSION_WINDOW = Duration.ofMillis(500);

    private final DriverContext context;
    private final ChecksumLineDecoder framer;

    /**
     * A driver for the device {@code context} describes; {@link Bpm200DriverFactory} is the usual way to get one.
     *
     * @param context      device id and the zone of its clock
     * @param acceptLoneLf leniency: accept frames ending in LF without CR (see {@link ChecksumLineFormat})
     */
    public Bpm200Driver(DriverContext context, boolean acceptLoneLf) {
        this.context = Objects.requireNonNull(context, "context");
        this.framer = new ChecksumLineDecoder(FORMAT.withAcceptLoneLf(acceptLoneLf));
    }

    @Override
    public List<Outcome> decode(byte[] data, int offset, int length, Instant receivedAt) {
        List<Outcome> out = new ArrayList<>(2);
        for (LineOutcome line : framer.decode(data, offset, length)) {
            switch (line) {
                case LineOutcome.Frame frame -> interpret(frame, receivedAt, out);
                case LineOutcome.Rejected r -> out.add(rejected(r.reason(), r.detail(), r.bytes()));
            }
        }
        return out;
    }

    @Override
    public void reset() {
        framer.reset();
    }

    /** Half the device's 1 s answer timeout ({@link Bpm200Protocol}): its ACK names no frame. */
    @Override
    public Duration crossedRetransmissionWindow() {
        return CROSSED_RETRANSMISSION_WINDOW;
    }

    private void interpret(LineOutcome.Frame frame, Instant receivedAt, List<Outcome> out) {
        try {
            switch (Bpm200BodyParser.parse(frame.body())) {
                case Bpm200Message.Measurement m -> out.add(accepted(List.of(reading(m, receivedAt)), frame));
                case Bpm200Message.Status s -> {
                    out.add(new Outcome.StatusReport(DeviceStatus.of(DeviceStatus.State.valueOf(s.state()))));
                    out.add(accepted(List.of(), frame));
                }
                case Bpm200Message.Invalid i -> out.add(rejected(i.reason(), i.detail(), frame.bytes()));
            }
        } catch (RuntimeException e) {
            // A driver bug must cost one frame, not the port: NAK it and keep decoding.
            LOG.warn("{}: could not decode a frame", context.deviceId(), e);
            out.add(rejected(RejectReason.MALFORMED, "driver error: " + e, frame.bytes()));
        }
    }

    private Reading reading(Bpm200Message.Measurement m, Instant receivedAt) {
        List<Measurement> components = new ArrayList<>(3);
        components.add(Measurement.of(SYS, CODES.codes("SYS"), m.systolic()));
        components.add(Measurement.of(DIA, CODES.codes("DIA"), m.diastolic()));
        if (m.mean() != null) {
            components.add(Measurement.of(MAP, CODES.codes("MAP"), m.mean()));
        }
        List<Measurement> measurements = new ArrayList<>(2);
        measurements.add(Measurement.panel(BP, CODES.codes("BP"), components));
        if (m.pulse() != null) {
            measurements.add(Measurement.of(PR, CODES.codes("PR"), m.pulse()));
        }
        Instant deviceTime = m.deviceTime().atZone(context.deviceZone()).toInstant();
        return Reading.of(context.deviceId(), m.key(), deviceTime, receivedAt, measurements);
    }

    private static Outcome accepted(List<Reading> readings, LineOutcome.Frame frame) {
        return new Outcome.Accepted(readings, frame.bytes(), new byte[] {Bpm200Protocol.ACK},
                new byte[] {Bpm200Protocol.NAK});
    }

    private static Outcome rejected(RejectReason reason, String detail, byte[] bytes) {
        byte[] answer = reason == RejectReason.NOISE ? new byte[0] : new byte[] {Bpm200Protocol.NAK};
        return new Outcome.Rejected(reason, detail, bytes, answer);
    }
}
