package org.smartclinic.drivers.link.internal;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.smartclinic.drivers.codec.Printable;
import org.smartclinic.drivers.link.LinkListener;
import org.smartclinic.drivers.link.ReadingSink;
import org.smartclinic.drivers.spi.DeviceDriver;
import org.smartclinic.drivers.spi.Outcome;
import org.smartclinic.drivers.spi.StreamDriver;
import org.smartclinic.drivers.transport.Delivery;

/**
 * What the link does with a driver's outcomes, on the link thread, whatever the transport: accepted readings go
 * to the sink <em>before</em> the acknowledgement, the negative form goes out when storing fails, rejections are
 * answered as the driver says, status, identity and waveforms go to the listener. Outcomes that arrived together
 * (the frames of one read from a stream, messages waiting together in the inbox) are stored in one batch (one
 * commit) and then answered in order; a message is settled once, after all its outcomes. Every hand-off is guarded: a throwing
 * sink turns into the negative answer, a throwing driver callback or listener is logged and survived. Only a
 * failed write to the device ends the exchange, as an {@link IOException}.
 *
 * <p>On a stream, a retransmission that crossed our acknowledgement is not acknowledged twice
 * ({@link StreamDriver#crossedRetransmissionWindow()}): with a bare ACK byte, the second would shift every later
 * answer by one frame, and a device stopped or a gateway killed at that moment would leave the device believing a
 * frame stored that never was.
 */
public final class Exchange {

    /** Writes bytes to the device. */
    @FunctionalInterface
    public interface Writer {
        void write(byte[] bytes) throws IOException;
    }

    private static final Logger LOG = LoggerFactory.getLogger(Exchange.class);

    private final String deviceId;
    private final DeviceDriver driver;
    private final ReadingSink sink;
    private final LinkListener listener;
    private final Duration crossedWindow;
    /** The frame last acknowledged on the stream and when; null before the first or after a negative answer. */
    private byte[] lastAcked;
    private Instant lastAckedAt;

    public Exchange(String deviceId, DeviceDriver driver, ReadingSink sink, LinkListener listener) {
        this.deviceId = deviceId;
        this.driver = driver;
        this.sink = sink;
        this.listener = listener;
        this.crossedWindow = driver instanceof StreamDriver s ? s.crossedRetransmissionWindow() : Duration.ZERO;
    }

    /** One received message with its driver's outcomes and its settlement. */
    public record Received(List<Outcome> outcomes, Delivery delivery) {
    }

    /**
     * Handles the outcomes of stream input in order: each run of consecutive accepted outcomes is stored in one batch
     * and then answered in order (the negative form for each of them if the batch was not stored); a rejection, a
     * status, an identity or a waveform between them is handled in its place, so the listener sees a status that
     * came before a reading before that reading is stored.
     *
     * @param receivedAt when the input arrived (for a timer or a new connection: now)
     */
    public void onStream(List<Outcome> outcomes, Instant receivedAt, Writer writer) throws IOException {
        List<Outcome.Accepted> run = new ArrayList<>();
        for (Outcome outcome : outcomes) {
            if (outcome instanceof Outcome.Accepted accepted) {
                run.add(accepted);
                continue;
            }
            answer(run, receivedAt, writer);
            if (outcome instanceof Outcome.Rejected rejected) {
                send(rejected.answer(), writer);
                if (rejected.answer().length > 0) {
                    lastAcked = null; // the device's exchange of that frame is over; a copy now is a new try
                }
                rejected(rejected);
            } else {
                report(outcome);
            }
        }
        answer(run, receivedAt, writer);
    }

    /**
     * Stores a run of accepted outcomes in one batch, answers each in order, and empties the run. Copies of the frame
     * acknowledged last that crossed that acknowledgement are neither stored nor answered again, and neither are
     * copies within the run of a frame answered just before them.
     */
    private void answer(List<Outcome.Accepted> run, Instant receivedAt, Writer writer) throws IOException {
        if (run.isEmpty()) {
            return;
        }
        List<Outcome.Accepted> fresh = new ArrayList<>(run.size());
        for (Outcome.Accepted accepted : run) {
            if (!crossedAcknowledgement(accepted, receivedAt)) {
                fresh.add(accepted);
            }
        }
        Exception failure = storeAll(withReadings(fresh));
        for (Outcome.Accepted accepted : run) {
            if (crossedAcknowledgement(accepted, receivedAt)) {
                LOG.debug("{}: a repeat crossed its acknowledgement; not acknowledged twice", deviceId);
                listener.answerWithheld(deviceId, accepted);
                settled(accepted, null);
                continue;
            }
            Exception mine = accepted.readings().isEmpty() ? null : failure;
            send(mine == null ? accepted.ack() : accepted.nak(), writer);
            lastAcked = mine == null ? accepted.raw() : null;
            lastAckedAt = Instant.now();
            settled(accepted, mine);
        }
        run.clear();
    }

    /**
     * Whether {@code accepted}, received at {@code receivedAt}, is a copy of the frame acknowledged last that the
     * device sent before that acknowledgement reached it: received before it, or within the driver's window after.
     */
    private boolean crossedAcknowledgement(Outcome.Accepted accepted, Instant receivedAt) {
        return !crossedWindow.isZero() && lastAcked != null
                && receivedAt.isBefore(lastAckedAt.plus(crossedWindow)) && Arrays.equals(lastAcked, accepted.raw());
    }

    /** A new connection: nothing it receives crossed an answer of the last one. */
    public void reset() {
        lastAcked = null;
    }

    /** {@link #onMessages} for one message. */
    public void onMessage(List<Outcome> outcomes, Delivery delivery) {
        onMessages(List.of(new Received(outcomes, delivery)));
    }

    /**
     * Handles the outcomes of messages that arrived together: the readings of all of them are stored in one batch,
     * then each message is settled in order: retried when the batch was not stored (if it had readings), rejected
     * for good when nothing in it was accepted but something was rejected, accepted otherwise.
     */
    public void onMessages(List<Received> messages) {
        List<Outcome.Accepted> batch = new ArrayList<>();
        messages.forEach(m -> batch.addAll(withReadings(m.outcomes())));
        Exception failure = storeAll(batch);
        messages.forEach(m -> settle(m, failure));
    }

    private void settle(Received message, Exception failure) {
        Outcome.Accepted stored = null;
        Outcome.Accepted failed = null;
        Outcome.Rejected rejected = null;
        for (Outcome outcome : message.outcomes()) {
            switch (outcome) {
                case Outcome.Accepted accepted -> {
                    if (failed != null) {
                        continue;
                    }
                    if (failure != null && !accepted.readings().isEmpty()) {
                        failed = accepted;
                    } else {
                        stored = accepted;
                    }
                }
                case Outcome.Rejected r -> {
                    rejected = rejected == null ? r : rejected;
                    rejected(r);
                }
                default -> report(outcome);
            }
        }
        Delivery delivery = message.delivery();
        if (failed != null) {
            delivery.retry("not stored: " + failure.getMessage(), failed.nak());
            settled(failed, failure);
        } else if (stored == null && rejected != null) {
            delivery.reject(rejected.reason().code() + ": " + rejected.detail(), rejected.answer());
        } else {
            delivery.accept(stored == null ? new byte[0] : stored.ack());
            if (stored != null) {
                settled(stored, null);
            }
        }
    }

    private static List<Outcome.Accepted> withReadings(List<? extends Outcome> outcomes) {
        List<Outcome.Accepted> out = new ArrayList<>();
        for (Outcome outcome : outcomes) {
            if (outcome instanceof Outcome.Accepted a && !a.readings().isEmpty()) {
                out.add(a);
            }
        }
        return out;
    }

    /** Stores the batch, if not empty; returns why it failed, or null once all of it is durable. */
    private Exception storeAll(List<Outcome.Accepted> batch) {
        if (batch.isEmpty()) {
            return null;
        }
        int readings = batch.stream().mapToInt(a -> a.readings().size()).sum();
        LOG.debug("{}: storing {} reading(s) of {} accepted frame(s)", deviceId, readings, batch.size());
        try {
            if (batch.size() == 1) {
                sink.store(batch.getFirst());
            } else {
                sink.storeAll(List.copyOf(batch));
            }
            return null;
        } catch (Exception e) {
            LOG.warn("{}: storing {} reading(s) failed, the device gets the negative answer and sends again",
                    deviceId, readings, e);
            return e;
        }
    }

    /** After the answer went out: tell the driver and the listener how storing went. */
    private void settled(Outcome.Accepted accepted, Exception failure) {
        if (failure == null) {
            guard("stored", () -> driver.stored(accepted));
            listener.accepted(deviceId, accepted);
        } else {
            guard("storeFailed", () -> driver.storeFailed(accepted, String.valueOf(failure.getMessage())));
            listener.storeFailed(deviceId, accepted, failure);
        }
    }

    private void rejected(Outcome.Rejected rejected) {
        LOG.debug("{}: rejected {} ({}): {}", deviceId, rejected.reason().code(), rejected.detail(),
                rejected.printable());
        listener.rejected(deviceId, rejected);
    }

    private void report(Outcome outcome) {
        switch (outcome) {
            case Outcome.StatusReport s -> listener.status(deviceId, s.status());
            case Outcome.IdentityReport i -> listener.identity(deviceId, i.identity());
            case Outcome.WaveformChunk w -> listener.waveform(deviceId, w.waveform());
            default -> throw new IllegalStateException("not a report: " + outcome);
        }
    }

    private void send(byte[] bytes, Writer writer) throws IOException {
        if (bytes.length == 0) {
            return;
        }
        if (LOG.isDebugEnabled()) {
            LOG.debug("{} -> {}", deviceId, Printable.of(bytes));
        }
        writer.write(bytes);
    }

    private void guard(String what, Runnable call) {
        try {
            call.run();
        } catch (RuntimeException e) {
            LOG.warn("{}: driver failed in {}; ignored", deviceId, what, e);
        }
    }
}
