package org.smartclinic.drivers.link;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.smartclinic.drivers.codec.Printable;
import org.smartclinic.drivers.link.internal.Timers;
import org.smartclinic.drivers.spi.DriverChannel;

/**
 * The {@link DriverChannel} a {@link DeviceLink} gives its driver. Used only on the link thread: a send writes at
 * once on the open session; a failed write is remembered and ends the connection when the driver's call returns.
 */
final class LinkChannel implements DriverChannel {

    private static final Logger LOG = LoggerFactory.getLogger(LinkChannel.class);

    private final String deviceId;
    private final Timers timers = new Timers();
    private Session session;
    private String failure;

    LinkChannel(String deviceId) {
        this.deviceId = deviceId;
    }

    void connected(Session open) {
        session = open;
        failure = null;
    }

    void disconnected() {
        session = null;
        timers.clear();
    }

    Timers timers() {
        return timers;
    }

    /** Why a send of the driver's failed since the last call, or null; clears it. */
    String takeFailure() {
        String f = failure;
        failure = null;
        return f;
    }

    @Override
    public boolean send(byte[] bytes) {
        if (session == null || failure != null) {
            return false;
        }
        if (bytes.length == 0) {
            return true;
        }
        try {
            if (LOG.isDebugEnabled()) {
                LOG.debug("{} -> {} (driver)", deviceId, Printable.of(bytes));
            }
            session.write(bytes);
            return true;
        } catch (IOException e) {
            failure = "writing to the device failed: " + e.getMessage();
            return false;
        }
    }

    @Override
    public void schedule(String name, Duration delay) {
        if (session != null) {
            timers.schedule(name, delay, System.nanoTime());
        }
    }

    @Override
    public void cancel(String name) {
        timers.cancel(name);
    }

    @Override
    public Instant now() {
        return Instant.now();
    }
}
