package org.smartclinic.drivers.link.internal;

import java.io.IOException;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.smartclinic.drivers.codec.Printable;
import org.smartclinic.drivers.link.LinkListener;
import org.smartclinic.drivers.link.ReadingSink;
import org.smartclinic.drivers.spi.DeviceDriver;
import org.smartclinic.drivers.spi.Outcome;
import org.smartclinic.drivers.transport.Delivery;

/**
 * What the link does with a driver's outcomes, on the link thread, whatever the transport: accepted readings go
 * to the sink <em>before</em> the acknowledgement, the negative form goes out when storing fails, rejections are
 * answered as the driver says, status, identity and waveforms go to the listener. On a stream every answer is
 * written as it comes; a message is settled once, after all its outcomes. Every hand-off is guarded: a throwing
 * sink turns into the negative answer, a throwing driver callback or listener is logged and survived. Only a
 * failed write to the device ends the exchange, as an {@link IOException}.
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

    public Exchange(String deviceId, DeviceDriver driver, ReadingSink sink, LinkListener listener) {
        this.deviceId = deviceId;
        this.driver = driver;
        this.sink = sink;
        this.listener = listener;
    }

    /** Handles the outcomes of stream input, answering each on the stream in order. */
    public void onStream(List<Outcome> outcomes, Writer writer) throws IOException {
        for (Outcome outcome : outcomes) {
            switch (outcome) {
                case Outcome.Accepted accepted -> {
                    Exception failure = store(accepted);
                    send(failure == null ? accepted.ack() : accepted.nak(), writer);
                    settled(accepted, failure);
                }
                case Outcome.Rejected rejected -> {
                    send(rejected.answer(), writer);
                    rejected(rejected);
                }
                default -> report(outcome);
            }
        }
    }

    /**
     * Handles the outcomes of one message and settles it: retried when storing failed, rejected for good when
     * nothing in it was accepted but something was rejected, accepted otherwise.
     */
    public void onMessage(List<Outcome> outcomes, Delivery delivery) {
        Outcome.Accepted stored = null;
        Outcome.Accepted failed = null;
        Exception failure = null;
        Outcome.Rejected rejected = null;
        for (Outcome outcome : outcomes) {
            switch (outcome) {
                case Outcome.Accepted accepted -> {
                    if (failed != null) {
                        continue;
                    }
                    failure = store(accepted);
                    if (failure == null) {
                        stored = accepted;
                    } else {
                        failed = accepted;
                    }
                }
                case Outcome.Rejected r -> {
                    rejected = rejected == null ? r : rejected;
                    rejected(r);
                }
                default -> report(outcome);
            }
        }
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

    /** Stores the readings, if any; returns why it failed, or null once they are durable. */
    private Exception store(Outcome.Accepted accepted) {
        LOG.debug("{}: accepted {} reading(s)", deviceId, accepted.readings().size());
        if (accepted.readings().isEmpty()) {
            return null;
        }
        try {
            sink.store(accepted);
            return null;
        } catch (Exception e) {
            LOG.warn("{}: storing {} reading(s) failed, the device gets the negative answer and sends again",
                    deviceId, accepted.readings().size(), e);
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
