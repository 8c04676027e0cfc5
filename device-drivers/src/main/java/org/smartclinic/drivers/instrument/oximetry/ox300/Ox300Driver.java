package org.smartclinic.drivers.instrument.oximetry.ox300;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.smartclinic.drivers.Code;
import org.smartclinic.drivers.Measurement;
import org.smartclinic.drivers.Reading;
import org.smartclinic.drivers.Value;
import org.smartclinic.drivers.codec.binary.SyncFrameDecoder;
import org.smartclinic.drivers.codec.binary.SyncFrameOutcome;
import org.smartclinic.drivers.codetable.CodeTable;
import org.smartclinic.drivers.spi.DriverChannel;
import org.smartclinic.drivers.spi.DriverContext;
import org.smartclinic.drivers.spi.Outcome;
import org.smartclinic.drivers.spi.RejectReason;
import org.smartclinic.drivers.spi.StreamDriver;

/**
 * Driver of the OX-300 bedside pulse oximeter, a continuous stream without acknowledgements.
 * <ul>
 *   <li><b>Protocol</b>: {@link Ox300Protocol}; frames by {@link SyncFrameDecoder} (reasons NOISE, TRUNCATED,
 *       OVERLONG, BAD_CHECKSUM there), payloads by {@code Ox300FrameParser} (MALFORMED, BAD_VALUE, UNSUPPORTED
 *       there). Nothing is ever answered: no ack, no nak, no rejection answer.</li>
 *   <li><b>Identity</b>: on connect it sends IDENTIFY_REQUEST and arms timer {@value #IDENTIFY_TIMER} (2 s); it
 *       asks again when the timer fires, 3 requests in all, then goes on without (logged at INFO;
 *       {@code Ox300IdentifyRequests}). An IDENTITY frame becomes an {@link Outcome.IdentityReport} whenever it
 *       comes, and stops the asking.</li>
 *   <li><b>DATA</b>: a status report when the status changed ({@code Ox300StatusTracker}), then always a pleth
 *       chunk ({@code Ox300PlethStream}: MDC 150452, unit "1", start = receive time, 8000 us, gap from the seq
 *       numbers, samples INVALID when the sensor is off), then an accepted outcome with the numerics reading when
 *       one is due ({@code Ox300ReportPolicy}), else with none. A frame with SENSOR_OFF, LOW_SIGNAL or SEARCHING
 *       set, or without SpO2 or pulse value, never produces a reading (vectors {@code sensor-off},
 *       {@code low-signal}, {@code searching}, {@code spo2-no-value}, {@code pulse-no-value}).</li>
 *   <li><b>Reading</b>: SpO2 ({@code %}) and pulse rate ({@code /min}), integers as sent, coded from
 *       {@code ox300-codes.csv}; no device time (the device has no clock); key
 *       {@code <receive time, epoch ms>-<seq>} (the device never resends a frame). The perfusion index is checked
 *       but not reported.</li>
 *   <li><b>DEVICE_ERROR</b>: status ERROR with the device's text; an empty text clears it.</li>
 *   <li><b>Reset</b>: a new connection starts afresh: partial frames, seq tracking, chunk numbers, status and the
 *       report policy are forgotten.</li>
 * </ul>
 */
public final class Ox300Driver implements StreamDriver {

    /** The driver id, also the system suffix of its device codes. */
    public static final String DRIVER_ID = "ox300";
    /** Name of the timer that repeats the identify request. */
    public static final String IDENTIFY_TIMER = "identify";
    /** How long to wait for an identity frame before asking again. */
    public static final Duration IDENTIFY_TIMEOUT = Duration.ofSeconds(2);
    /** Identify requests sent per connection, at most. */
    public static final int IDENTIFY_ATTEMPTS = 3;

    private static final Logger LOG = LoggerFactory.getLogger(Ox300Driver.class);
    private static final CodeTable CODES =
            CodeTable.load(Ox300Driver.class, "ox300-codes.csv").requireAll("SPO2", "PR", "PLETH");
    private static final Code SPO2 = Code.deviceCode(DRIVER_ID, "SPO2", "Oxygen saturation");
    private static final Code PR = Code.deviceCode(DRIVER_ID, "PR", "Pulse rate");
    private static final byte[] NONE = new byte[0];

    private final DriverContext context;
    private final Ox300ReportPolicy policy;
    private final SyncFrameDecoder framer = new SyncFrameDecoder(Ox300Protocol.FORMAT);
    private final Ox300StatusTracker status = new Ox300StatusTracker();
    private final Ox300PlethStream pleth = new Ox300PlethStream(CODES.codes("PLETH").getFirst());
    private final Ox300IdentifyRequests identify = new Ox300IdentifyRequests();
    private DriverChannel channel;

    /** {@link Ox300DriverFactory} makes these, from the device's options. */
    Ox300Driver(DriverContext context, Ox300ReportPolicy policy) {
        this.context = Objects.requireNonNull(context, "context");
        this.policy = Objects.requireNonNull(policy, "policy");
    }

    @Override
    public void bind(DriverChannel channel) {
        this.channel = channel;
    }

    @Override
    public List<Outcome> onConnect(Instant now) {
        identify.start(channel);
        return List.of();
    }

    @Override
    public List<Outcome> onTimer(String name, Instant now) {
        if (IDENTIFY_TIMER.equals(name)) {
            identify.timerFired(channel, context.deviceId());
        }
        return List.of();
    }

    @Override
    public List<Outcome> decode(byte[] data, int offset, int length, Instant receivedAt) {
        List<Outcome> out = new ArrayList<>(3);
        for (SyncFrameOutcome framed : framer.decode(data, offset, length)) {
            switch (framed) {
                case SyncFrameOutcome.Frame frame -> interpret(frame, receivedAt, out);
                case SyncFrameOutcome.Rejected r -> out.add(new Outcome.Rejected(r.reason(), r.detail(), r.bytes(),
                        NONE));
            }
        }
        return out;
    }

    @Override
    public void reset() {
        framer.reset();
        status.reset();
        pleth.reset();
        policy.reset();
        identify.reset();
    }

    private void interpret(SyncFrameOutcome.Frame frame, Instant receivedAt, List<Outcome> out) {
        try {
            switch (Ox300FrameParser.parse(frame)) {
                case Ox300Message.Data d -> data(d, frame, receivedAt, out);
                case Ox300Message.Identity i -> {
                    identify.answered(channel);
                    pleth.seen(i.seq());
                    out.add(new Outcome.IdentityReport(i.identity()));
                    out.add(accepted(List.of(), frame));
                }
                case Ox300Message.DeviceError e -> {
                    pleth.seen(e.seq());
                    status.error(e.text()).ifPresent(s -> out.add(new Outcome.StatusReport(s)));
                    out.add(accepted(List.of(), frame));
                }
                case Ox300Message.Invalid v -> out.add(new Outcome.Rejected(v.reason(), v.detail(), frame.bytes(),
                        NONE));
            }
        } catch (RuntimeException e) {
            // A driver bug must cost one frame, not the port: report it and keep decoding.
            LOG.warn("{}: could not decode a frame", context.deviceId(), e);
            out.add(new Outcome.Rejected(RejectReason.MALFORMED, "driver error: " + e, frame.bytes(), NONE));
        }
    }

    private void data(Ox300Message.Data d, SyncFrameOutcome.Frame frame, Instant at, List<Outcome> out) {
        status.data(d).ifPresent(s -> out.add(new Outcome.StatusReport(s)));
        out.add(new Outcome.WaveformChunk(pleth.chunk(d, at)));
        boolean report = d.numericsValid() && policy.due(at, d.spo2(), d.pulse());
        out.add(accepted(report ? List.of(reading(d, at)) : List.of(), frame));
    }

    private Reading reading(Ox300Message.Data d, Instant at) {
        return Reading.of(context.deviceId(), at.toEpochMilli() + "-" + d.seq(), null, at, List.of(
                Measurement.of(SPO2, CODES.codes("SPO2"), new Value.Quantity(BigDecimal.valueOf(d.spo2()), "%")),
                Measurement.of(PR, CODES.codes("PR"), new Value.Quantity(BigDecimal.valueOf(d.pulse()), "/min"))));
    }

    private static Outcome accepted(List<Reading> readings, SyncFrameOutcome.Frame frame) {
        return new Outcome.Accepted(readings, frame.bytes(), NONE, NONE);
    }
}
