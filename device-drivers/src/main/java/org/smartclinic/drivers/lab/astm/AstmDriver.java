package org.smartclinic.drivers.lab.astm;

import java.lang.System.Logger.Level;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Objects;

import org.smartclinic.drivers.codec.astm.link.AstmControl;
import org.smartclinic.drivers.codec.astm.link.AstmReceiver;
import org.smartclinic.drivers.codec.astm.link.AstmReceiverEvent;
import org.smartclinic.drivers.codec.astm.link.AstmSender;
import org.smartclinic.drivers.codec.astm.link.AstmSenderEvent;
import org.smartclinic.drivers.codec.astm.link.AstmTimerRequest;
import org.smartclinic.drivers.codec.astm.record.AstmMessageParser;
import org.smartclinic.drivers.lab.LabCodeTable;
import org.smartclinic.drivers.spi.DriverChannel;
import org.smartclinic.drivers.spi.DriverContext;
import org.smartclinic.drivers.spi.Outcome;
import org.smartclinic.drivers.spi.RejectReason;
import org.smartclinic.drivers.spi.StreamDriver;

/**
 * Driver of a lab analyzer speaking ASTM E1381 / E1394 (CLSI LIS1-A / LIS2-A2), the gateway as host. It wires an
 * {@link AstmReceiver} (frames, answers, timers), an {@link AstmMessageParser} and a {@link LabCodeTable}; model
 * drivers differ only in their code table and descriptor.
 * <ul>
 *   <li><b>Frames</b>: an ENQ and every good frame that completes no message: accepted without readings, answered
 *       ACK at once. A bad frame (checksum, syntax, length, number): rejected, answered NAK; noise and cut frames:
 *       rejected, not answered.</li>
 *   <li><b>Messages</b>: the frame completing the terminator record gives the accepted outcome with one reading
 *       per O record ({@code AstmReadingMapper}), raw = the message's bytes, its ACK sent only once stored (NAK if
 *       storing failed: the analyzer repeats the frame). A repeated frame whose ACK was lost is ACKed, not taken
 *       twice. H-5 gives an identity report. A message the parser refuses is answered ACK (repeating it cannot
 *       help) and rejected {@code malformed} with its bytes for the technician.</li>
 *   <li><b>Incomplete</b>: EOT mid-record, the receive timeout, EOT without terminator record (unless the
 *       {@code tolerate-missing-terminator} setting): rejected {@code truncated}, nothing stored; messages
 *       completed before it are kept.</li>
 *   <li><b>Host query</b>: a Q record is answered after the analyzer's EOT: the driver bids as host (ENQ) and sends
 *       {@code AstmHostAnswer}'s records through its channel, with ACK/NAK, retries, contention and timers of
 *       {@link AstmSender}. Patient data goes to the analyzer only, never to logs or outcomes.</li>
 *   <li><b>Timers</b>: the codecs' requests go to {@link DriverChannel#schedule}/{@link DriverChannel#cancel};
 *       firings come back through {@link #onTimer}.</li>
 * </ul>
 */
public final class AstmDriver implements StreamDriver {

    private static final System.Logger LOG = System.getLogger(AstmDriver.class.getName());
    private static final byte[] NONE = new byte[0];
    private static final int MAX_PENDING_ANSWERS = 8;

    private final DriverContext context;
    private final AstmDriverOptions options;
    private final AstmReceiver receiver;
    private final AstmSender sender;
    private final AstmMessageParser parser;
    private final AstmReadingMapper mapper;
    private final Deque<List<String>> answers = new ArrayDeque<>();
    private DriverChannel channel;
    private Outcome.Accepted lastMessage;
    private int answersOfLastMessage;

    /**
     * @param driverId the driver's id, the system suffix of the analyzer's own codes
     * @param context  the device
     * @param table    the analyzer's code table
     * @param options  the codecs' options ({@link AstmDriverOptions#resolve})
     */
    public AstmDriver(String driverId, DriverContext context, LabCodeTable table, AstmDriverOptions options) {
        this.context = Objects.requireNonNull(context, "context");
        this.options = Objects.requireNonNull(options, "options");
        this.receiver = new AstmReceiver(options.receiver());
        this.sender = new AstmSender(options.sender());
        this.parser = new AstmMessageParser(options.parse());
        this.mapper = new AstmReadingMapper(driverId, context.deviceId(), context.deviceZone(), table,
                options.testCodeComponent());
    }

    @Override
    public void bind(DriverChannel channel) {
        this.channel = channel;
    }

    @Override
    public List<Outcome> decode(byte[] data, int offset, int length, Instant receivedAt) {
        List<Outcome> out = new ArrayList<>(2);
        try {
            senderEvents(sender.receive(data, offset, length), receivedAt, out);
        } catch (RuntimeException e) {
            // A driver bug must cost this input, not the port.
            LOG.log(Level.WARNING, "device {0}: could not decode input ({1})", context.deviceId(),
                    e.getClass().getSimpleName());
            out.add(new Outcome.Rejected(RejectReason.MALFORMED, "driver error " + e.getClass().getSimpleName(),
                    Arrays.copyOfRange(data, offset, offset + Math.min(length, 256)), NONE));
        }
        return out;
    }

    @Override
    public List<Outcome> onTimer(String name, Instant now) {
        List<Outcome> out = new ArrayList<>(1);
        try {
            if (AstmReceiver.RECEIVE_TIMER.equals(name)) {
                receiverEvents(receiver.onTimer(name), now, out);
                nextAnswer(now, out);
            } else {
                senderEvents(sender.onTimer(name), now, out);
            }
        } catch (RuntimeException e) {
            // As in decode: the class only, since a host-query answer in the making holds patient data.
            LOG.log(Level.WARNING, "device {0}: timer {1} failed ({2})", context.deviceId(), name,
                    e.getClass().getSimpleName());
        }
        return out;
    }

    @Override
    public void stored(Outcome.Accepted accepted) {
        if (accepted == lastMessage) {
            receiver.stored();
            lastMessage = null;
        }
    }

    @Override
    public void storeFailed(Outcome.Accepted accepted, String reason) {
        if (accepted == lastMessage) {
            receiver.storeFailed();
            lastMessage = null;
            // The analyzer sends the message again, and its query with it: answer that one.
            for (int i = 0; i < answersOfLastMessage && !answers.isEmpty(); i++) {
                answers.removeLast();
            }
        }
    }

    @Override
    public void reset() {
        receiver.reset();
        sender.reset();
        answers.clear();
        lastMessage = null;
    }

    private void senderEvents(List<AstmSenderEvent> events, Instant at, List<Outcome> out) {
        for (AstmSenderEvent event : events) {
            switch (event) {
                case AstmSenderEvent.Send s -> channel.send(s.bytes());
                case AstmTimerRequest t -> timer(t);
                case AstmSenderEvent.PassOn p -> receiverEvents(receiver.receive(p.bytes(), 0, p.bytes().length),
                        at, out);
                case AstmSenderEvent.Ignored i -> out.add(new Outcome.Rejected(RejectReason.NOISE, i.count()
                        + " byte(s) while waiting for the analyzer's answer", i.sample(), NONE));
                case AstmSenderEvent.Delivered d -> LOG.log(Level.INFO, "device {0}: host query answer delivered "
                        + "({1} frames, {2} sent again)", context.deviceId(), d.frames(), d.retransmissions());
                case AstmSenderEvent.Failed f -> LOG.log(Level.WARNING, "device {0}: host query answer not "
                        + "delivered: {1} ({2})", context.deviceId(), f.reason().code(), f.detail());
                case AstmSenderEvent.Contention c -> LOG.log(Level.DEBUG, "device {0}: line contention, the "
                        + "analyzer goes first", context.deviceId());
            }
        }
        nextAnswer(at, out);
    }

    private void receiverEvents(List<AstmReceiverEvent> events, Instant at, List<Outcome> out) {
        for (AstmReceiverEvent event : events) {
            switch (event) {
                case AstmReceiverEvent.EnquiryAnswered a -> out.add(new Outcome.Accepted(List.of(),
                        new byte[] {AstmControl.ENQ}, a.answer(), NONE));
                case AstmReceiverEvent.FrameAcknowledged f -> out.add(new Outcome.Accepted(List.of(), f.raw(),
                        f.answer(), NONE));
                case AstmReceiverEvent.MessageReceived m -> message(m, at, out);
                case AstmReceiverEvent.Rejected r -> out.add(new Outcome.Rejected(AstmOutcomes.reason(r.reason()),
                        r.detail(), r.raw(), r.answer()));
                case AstmReceiverEvent.TransmissionIncomplete t -> out.add(AstmOutcomes.incomplete(t));
                case AstmReceiverEvent.TransmissionEnded t -> { }
                case AstmTimerRequest t -> timer(t);
            }
        }
    }

    private void message(AstmReceiverEvent.MessageReceived m, Instant at, List<Outcome> out) {
        AstmOutcomes.Decoded decoded = AstmOutcomes.decode(m, parser, mapper, options.parse(), at);
        decoded.identity().ifPresent(id -> out.add(new Outcome.IdentityReport(id)));
        out.add(decoded.outcome());
        if (decoded.outcome() instanceof Outcome.Rejected && m.terminated()) {
            receiver.stored();
        }
        answersOfLastMessage = 0;
        for (var query : decoded.queries()) {
            if (answers.size() < MAX_PENDING_ANSWERS) {
                LocalDateTime now = LocalDateTime.ofInstant(channel.now(), context.deviceZone());
                try {
                    answers.add(AstmHostAnswer.answer(query, decoded.analyzer(), context.hosts(),
                            options.testCodeComponent(), now));
                    answersOfLastMessage++;
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, "device {0}: host query not answered ({1})", context.deviceId(),
                            e.getClass().getSimpleName());
                }
            }
        }
        lastMessage = decoded.outcome() instanceof Outcome.Accepted a && m.terminated() ? a : null;
    }

    /** Starts the next host-query answer when the line is free: receiver idle, sender idle. */
    private void nextAnswer(Instant at, List<Outcome> out) {
        if (!answers.isEmpty() && receiver.state() == AstmReceiver.State.IDLE
                && sender.state() == AstmSender.State.IDLE) {
            senderEvents(sender.send(answers.removeFirst()), at, out);
        }
    }

    private void timer(AstmTimerRequest request) {
        switch (request) {
            case AstmTimerRequest.Arm a -> channel.schedule(a.name(), a.delay());
            case AstmTimerRequest.Cancel c -> channel.cancel(c.name());
        }
    }
}
