package org.smartclinic.drivers.link.internal;

import java.io.IOException;
import java.time.Instant;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.smartclinic.drivers.codec.Printable;
import org.smartclinic.drivers.link.LinkListener;
import org.smartclinic.drivers.link.ReadingSink;
import org.smartclinic.drivers.spi.DeviceDriver;
import org.smartclinic.drivers.spi.FrameOutcome;

/**
 * One device's conversation on the link thread: bytes to the driver, accepted readings to the sink <em>before</em>
 * the acknowledgement, the negative answer when storing fails, rejections answered as the driver says. Every
 * hand-off is guarded: a throwing driver is logged and reset, a throwing sink turns into a NAK, a throwing
 * listener is ignored (see {@link SafeListener}). Only a failed write to the device ends the exchange, as an
 * {@link IOException}.
 */
public final class FrameExchange {

    /** Writes bytes to the device. */
    @FunctionalInterface
    public interface Writer {
        void write(byte[] bytes) throws IOException;
    }

    private static final Logger LOG = LoggerFactory.getLogger(FrameExchange.class);

    private final String deviceId;
    private final DeviceDriver driver;
    private final ReadingSink sink;
    private final LinkListener listener;

    public FrameExchange(String deviceId, DeviceDriver driver, ReadingSink sink, LinkListener listener) {
        this.deviceId = deviceId;
        this.driver = driver;
        this.sink = sink;
        this.listener = listener;
    }

    /** Feeds {@code data} to the driver and answers every outcome through {@code writer}. */
    public void received(byte[] data, Instant receivedAt, Writer writer) throws IOException {
        if (LOG.isDebugEnabled()) {
            LOG.debug("{} <- {}", deviceId, Printable.of(data));
        }
        List<FrameOutcome> outcomes;
        try {
            outcomes = driver.decode(data, 0, data.length, receivedAt);
        } catch (RuntimeException e) {
            LOG.warn("{}: driver failed on {} received bytes; driver reset, input skipped", deviceId, data.length, e);
            resetDriver();
            return;
        }
        for (FrameOutcome outcome : outcomes) {
            switch (outcome) {
                case FrameOutcome.Accepted accepted -> accepted(accepted, writer);
                case FrameOutcome.Rejected rejected -> rejected(rejected, writer);
            }
        }
    }

    /** Bytes the driver wants sent on connect; sent through {@code writer}. */
    public void connected(Writer writer) throws IOException {
        byte[] hello;
        try {
            hello = driver.onConnect();
        } catch (RuntimeException e) {
            LOG.warn("{}: driver failed in onConnect; nothing sent", deviceId, e);
            return;
        }
        send(hello, writer);
    }

    /** The connection dropped: the driver forgets partial frames. */
    public void resetDriver() {
        try {
            driver.reset();
        } catch (RuntimeException e) {
            LOG.warn("{}: driver failed in reset", deviceId, e);
        }
    }

    private void accepted(FrameOutcome.Accepted frame, Writer writer) throws IOException {
        LOG.debug("{}: accepted {} reading(s) from {}", deviceId, frame.readings().size(), frame.printable());
        if (!frame.readings().isEmpty()) {
            try {
                sink.store(frame.readings());
            } catch (Exception e) {
                LOG.warn("{}: storing {} reading(s) failed, device gets the negative answer and will retransmit",
                        deviceId, frame.readings().size(), e);
                send(frame.nak(), writer);
                listener.storeFailed(deviceId, e);
                return;
            }
        }
        send(frame.ack(), writer);
        listener.accepted(deviceId, frame);
    }

    private void rejected(FrameOutcome.Rejected rejected, Writer writer) throws IOException {
        LOG.debug("{}: rejected {} ({}): {}", deviceId, rejected.reason().code(), rejected.detail(),
                rejected.printable());
        send(rejected.answer(), writer);
        listener.rejected(deviceId, rejected);
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
}
