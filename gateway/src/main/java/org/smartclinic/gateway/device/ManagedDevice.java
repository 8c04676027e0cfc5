package org.smartclinic.gateway.device;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import org.jboss.logging.Logger;
import org.smartclinic.drivers.Reading;
import org.smartclinic.drivers.link.DeviceLink;
import org.smartclinic.drivers.link.LinkListener;
import org.smartclinic.drivers.link.LinkSettings;
import org.smartclinic.drivers.link.LinkState;
import org.smartclinic.drivers.link.ReadingSink;
import org.smartclinic.drivers.spi.DeviceDriverFactory;
import org.smartclinic.drivers.spi.DriverContext;
import org.smartclinic.drivers.spi.DriverDescriptor;
import org.smartclinic.drivers.spi.FrameOutcome;
import org.smartclinic.drivers.spi.RejectReason;
import org.smartclinic.drivers.transport.serial.SerialSettings;
import org.smartclinic.drivers.transport.serial.SerialTransport;
import org.smartclinic.gateway.journal.Journal;

/**
 * One registered instrument at run time: its link, and what the technician and the metrics see of it.
 * It is the link's {@link ReadingSink}: readings are acknowledged to the device only after the journal has
 * committed them.
 */
public final class ManagedDevice implements LinkListener, ReadingSink {

    private static final Logger LOG = Logger.getLogger(ManagedDevice.class);
    private static final int KEPT_REJECTS = 50;

    private final DeviceSpec spec;
    private final DeviceDriverFactory factory;
    private final Journal journal;
    private final Duration storeTimeout;
    private final Runnable onBound;
    private final Clock clock;
    private final MeterRegistry meters;

    private final Counter readings;
    private final Counter duplicates;
    private final Counter storeFailures;
    private final Map<String, Counter> rejectCounters = new ConcurrentHashMap<>();
    private final AtomicLong framesAccepted = new AtomicLong();
    private final Deque<RejectRecord> recentRejects = new ArrayDeque<>();

    private volatile LinkState state = LinkState.STOPPED;
    private volatile String stateReason = "not started";
    private volatile Instant stateSince;
    private volatile Instant lastFrameAt;
    private volatile DeviceLink link;

    ManagedDevice(DeviceSpec spec, DeviceDriverFactory factory, Journal journal, Duration storeTimeout,
            Runnable onBound, Clock clock, MeterRegistry meters) {
        this.spec = spec;
        this.factory = factory;
        this.journal = journal;
        this.storeTimeout = storeTimeout;
        this.onBound = onBound;
        this.clock = clock;
        this.meters = meters;
        this.stateSince = clock.instant();
        this.readings = Counter.builder("smartclinic.readings").description("Readings journaled (duplicates excluded)")
                .tags("device", spec.id(), "station", spec.station()).register(meters);
        this.duplicates = Counter.builder("smartclinic.readings.duplicate")
                .description("Readings received again (retransmitted after a lost acknowledgement), stored once")
                .tags("device", spec.id()).register(meters);
        this.storeFailures = Counter.builder("smartclinic.journal.store.failures")
                .description("Frames NAKed because the journal did not confirm them in time")
                .tags("device", spec.id()).register(meters);
        // Every reason from the start, so dashboards see 0 rather than no series.
        for (RejectReason reason : RejectReason.values()) {
            rejectCounter(reason.code());
        }
        Gauge.builder("smartclinic.device.connected", this, d -> d.state == LinkState.CONNECTED ? 1 : 0)
                .description("1 while the device's link is connected").tags("device", spec.id()).register(meters);
    }

    public DeviceSpec spec() {
        return spec;
    }

    public DriverDescriptor descriptor() {
        return factory.descriptor();
    }

    /** Opens the device's port under supervision (returns at once; connecting happens on the link's thread). */
    void start(LinkSettings linkDefaults) {
        DriverDescriptor d = factory.descriptor();
        SerialSettings serial = d.serialDefaults().withPath(spec.port());
        if (spec.baudRate() != null) {
            serial = new SerialSettings(spec.port(), spec.baudRate(), serial.dataBits(), serial.parity(),
                    serial.stopBits());
        }
        SerialSettings line = serial;
        Duration quiet = spec.quietTime() != null ? spec.quietTime() : d.quietTime();
        LinkSettings settings = new LinkSettings(quiet, linkDefaults.initialBackoff(), linkDefaults.maxBackoff());
        DeviceLink l = new DeviceLink(spec.id(), () -> new SerialTransport(line),
                factory.create(new DriverContext(spec.id(), spec.zone(), spec.options())), this, this, settings);
        link = l;
        l.start();
    }

    void stop() {
        DeviceLink l = link;
        if (l != null) {
            l.close();
        }
    }

    @Override
    public void store(List<Reading> batch) throws Exception {
        Journal.AppendResult r;
        try {
            r = journal.append(spec.station(), batch).get(storeTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new TimeoutException("journal did not confirm within " + storeTimeout);
        }
        readings.increment(r.stored());
        duplicates.increment(r.duplicates());
        if (r.bound() > 0) {
            onBound.run();
        }
    }

    @Override
    public void stateChanged(String deviceId, LinkState newState, String reason) {
        state = newState;
        stateReason = reason;
        stateSince = clock.instant();
        LOG.infof("device %s (%s): %s - %s", deviceId, spec.port(), newState, reason);
    }

    @Override
    public void accepted(String deviceId, FrameOutcome.Accepted frame) {
        framesAccepted.incrementAndGet();
        lastFrameAt = clock.instant();
    }

    @Override
    public void rejected(String deviceId, FrameOutcome.Rejected rejected) {
        String reason = rejected.reason().code();
        rejectCounter(reason).increment();
        synchronized (recentRejects) {
            if (recentRejects.size() == KEPT_REJECTS) {
                recentRejects.removeFirst();
            }
            recentRejects.addLast(new RejectRecord(clock.instant(), reason, rejected.detail(), rejected.printable()));
        }
        LOG.debugf("device %s rejected input (%s): %s", deviceId, reason, rejected.detail());
    }

    private Counter rejectCounter(String reason) {
        return rejectCounters.computeIfAbsent(reason, r -> Counter.builder("smartclinic.frames.rejected")
                .description("Device input rejected, by reason").tags("device", spec.id(), "reason", r)
                .register(meters));
    }

    @Override
    public void storeFailed(String deviceId, Exception cause) {
        storeFailures.increment();
        LOG.warnf("device %s: readings not confirmed by the journal, device told to resend: %s", deviceId,
                cause.getMessage());
    }

    public LinkState state() {
        return state;
    }

    public String stateReason() {
        return stateReason;
    }

    public Instant stateSince() {
        return stateSince;
    }

    public Instant lastFrameAt() {
        return lastFrameAt;
    }

    public long framesAccepted() {
        return framesAccepted.get();
    }

    public long readingsStored() {
        return (long) readings.count();
    }

    public long duplicates() {
        return (long) duplicates.count();
    }

    /** Rejections since start, by reason code. */
    public Map<String, Long> rejectCounts() {
        Map<String, Long> out = new java.util.TreeMap<>();
        rejectCounters.forEach((reason, c) -> out.put(reason, (long) c.count()));
        return out;
    }

    /** The last rejections, oldest first. */
    public List<RejectRecord> recentRejects() {
        synchronized (recentRejects) {
            return List.copyOf(recentRejects);
        }
    }
}
