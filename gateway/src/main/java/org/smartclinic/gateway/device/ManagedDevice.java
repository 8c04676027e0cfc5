package org.smartclinic.gateway.device;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

import org.jboss.logging.Logger;
import org.smartclinic.drivers.DeviceIdentity;
import org.smartclinic.drivers.DeviceStatus;
import org.smartclinic.drivers.StreamedWaveform;
import org.smartclinic.drivers.link.Connector;
import org.smartclinic.drivers.link.DeviceLink;
import org.smartclinic.drivers.link.LinkListener;
import org.smartclinic.drivers.link.LinkSettings;
import org.smartclinic.drivers.link.LinkState;
import org.smartclinic.drivers.link.ReadingSink;
import org.smartclinic.drivers.spi.DeviceDriverFactory;
import org.smartclinic.drivers.spi.DriverContext;
import org.smartclinic.drivers.spi.DriverDescriptor;
import org.smartclinic.drivers.spi.Outcome;
import org.smartclinic.drivers.transport.TransportStats;
import org.smartclinic.gateway.journal.Journal;
import org.smartclinic.gateway.live.LiveEvent;
import org.smartclinic.gateway.live.LiveViews;

/**
 * One registered instrument at run time: its link, and what the technician, the metrics and the live bus see of
 * it. It is the link's {@link ReadingSink}: readings (with the raw bytes they came from) are acknowledged to the
 * device only after the journal has committed them. As the link's {@link LinkListener} it counts and keeps
 * rejections (capturing their bytes, a bounded number per minute), follows the device's reported status and
 * identity, and puts waveform chunks and stored readings on the live bus. Everything it does on the link's thread
 * returns quickly: the live bus never waits, identity and capture writes are not waited for.
 */
public final class ManagedDevice implements LinkListener, ReadingSink {

    private static final Logger LOG = Logger.getLogger(ManagedDevice.class);

    private final DeviceSpec spec;
    private final DeviceDriverFactory factory;
    private final DeviceServices services;
    private final Clock clock;
    private final TransportStats stats = new TransportStats();
    private final DeviceMeters meters;
    private final StreamSummaries streams;
    private final AtomicLong framesAccepted = new AtomicLong();
    private final RecentRejects recentRejects = new RecentRejects();
    private final RejectCaptureAllowance captureAllowance;

    private volatile LinkState state = LinkState.STOPPED;
    private volatile String stateReason = "not started";
    private volatile Instant stateSince;
    private volatile Instant lastFrameAt;
    private volatile DeviceStatus status;
    private volatile Instant statusSince;
    private volatile DeviceIdentity identity;
    private volatile DeviceLink link;

    ManagedDevice(DeviceSpec spec, DeviceDriverFactory factory, DeviceServices services, DeviceIdentity known) {
        this.spec = spec;
        this.factory = factory;
        this.services = services;
        this.clock = services.clock();
        this.identity = known;
        this.stateSince = clock.instant();
        this.meters = new DeviceMeters(services.meters(), spec, () -> state, () -> status, stats);
        this.streams = new StreamSummaries(spec.id());
        this.captureAllowance = new RejectCaptureAllowance(services.config().capture().rejectedPerMinute());
    }

    /** Publishes the device's clock (as the journal judges it) as metrics. */
    void clockMeters(java.util.function.Supplier<java.util.Optional<org.smartclinic.gateway.journal.DeviceClocks.View>>
            clock) {
        meters.clock(clock);
    }

    public DeviceSpec spec() {
        return spec;
    }

    public DriverDescriptor descriptor() {
        return factory.descriptor();
    }

    DeviceDriverFactory factory() {
        return factory;
    }

    /** Opens the device's connection under supervision (returns at once; connecting happens on the link's thread). */
    synchronized void start(Connector connector, LinkSettings settings) {
        DeviceLink l = new DeviceLink(spec.id(), connector,
                factory.create(new DriverContext(spec.id(), spec.zone(), spec.options(), services.hosts())), this, this,
                settings, stats);
        link = l;
        l.start();
    }

    /** Closes the connection; the device can be started again. */
    synchronized void stop() {
        DeviceLink l = link;
        link = null;
        if (l != null) {
            l.close();
        }
    }

    /** Stops and removes its meters: the device is being removed or registered again with new settings. */
    void retire() {
        stop();
        meters.close();
    }

    boolean running() {
        return link != null;
    }

    @Override
    public void store(Outcome.Accepted accepted) throws Exception {
        storeAll(List.of(accepted));
    }

    /** All of them in one journal transaction; returns once it committed (or throws, and the device is NAKed). */
    @Override
    public void storeAll(List<Outcome.Accepted> batch) throws Exception {
        List<Journal.Input> inputs = new ArrayList<>(batch.size());
        for (Outcome.Accepted accepted : batch) {
            Instant receivedAt = accepted.readings().getFirst().receivedAt();
            inputs.add(new Journal.Input(accepted.readings(), new Journal.RawInput(spec.id(), receivedAt,
                    accepted.raw())));
        }
        Journal.AppendResult r;
        try {
            r = services.journal().appendAll(spec.station(), inputs)
                    .get(services.config().link().storeTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new TimeoutException("journal did not confirm within " + services.config().link().storeTimeout());
        }
        meters.readings.increment(r.stored());
        meters.duplicates.increment(r.duplicates());
        meters.bound.increment(r.bound());
        meters.held.increment(r.held());
        meters.unassigned.increment(r.unassigned());
        if (r.bound() > 0) {
            services.uplinkSignal().run();
        }
        // Views are built only for a device someone watches: at full ingest they were a sixth of what a link thread
        // allocated. Otherwise the bus notes the skip, so a viewer coming back is told its replay is incomplete.
        if (r.stored() > 0 && services.live().watched(spec.id())) {
            batch.forEach(accepted -> accepted.readings().forEach(reading -> services.live().publish(spec.id(),
                    LiveEvent.READING, LiveViews.ReadingLive.of(reading))));
        }
    }

    @Override
    public void stateChanged(String deviceId, LinkState newState, String reason) {
        state = newState;
        stateReason = reason;
        stateSince = clock.instant();
        LOG.infof("device %s (%s): %s - %s", deviceId, spec.transport().describe(), newState, reason);
    }

    @Override
    public void accepted(String deviceId, Outcome.Accepted accepted) {
        framesAccepted.incrementAndGet();
        lastFrameAt = clock.instant();
    }

    @Override
    public void answerWithheld(String deviceId, Outcome.Accepted accepted) {
        meters.answersWithheld.increment();
    }

    @Override
    public void rejected(String deviceId, Outcome.Rejected rejected) {
        String reason = rejected.reason().code();
        meters.reject(reason).increment();
        Instant now = clock.instant();
        recentRejects.add(new RejectRecord(now, reason, rejected.detail(), rejected.printable()));
        if (captureAllowance.take(now)) {
            services.captures().recordRejected(spec.id(), now, reason + ": " + rejected.detail(), rejected.raw());
        } else {
            meters.capturesSkipped.increment();
        }
        LOG.debugf("device %s rejected input (%s): %s", deviceId, reason, rejected.detail());
    }

    @Override
    public void storeFailed(String deviceId, Outcome.Accepted accepted, Exception cause) {
        meters.storeFailures.increment();
        LOG.warnf("device %s: readings not confirmed by the journal, the device is asked to send again: %s", deviceId,
                cause.getMessage());
    }

    @Override
    public void status(String deviceId, DeviceStatus reported) {
        if (!reported.equals(status)) {
            status = reported;
            statusSince = clock.instant();
            services.live().publish(spec.id(), LiveEvent.STATUS, LiveViews.StatusLive.of(reported));
            if (reported.state() == DeviceStatus.State.ERROR) {
                // The device's own words go to the API only: a free text from a device is not safe for WARN logs.
                LOG.warnf("device %s reports an error (its text: GET /api/devices/%s)", deviceId, deviceId);
                LOG.debugf("device %s error text: %s", deviceId, reported.text());
            }
        }
    }

    @Override
    public void identity(String deviceId, DeviceIdentity reported) {
        if (reported.equals(identity)) {
            return;
        }
        identity = reported;
        if (spec.serialNumber() != null && reported.serialNumber() != null
                && !spec.serialNumber().equals(reported.serialNumber())) {
            LOG.warnf("device %s reports serial number %s but was registered as %s: check the registration",
                    deviceId, reported.serialNumber(), spec.serialNumber());
        }
        services.records().reportIdentity(spec.id(), reported).thenAccept(changed -> {
            if (changed) {
                services.uplinkSignal().run();
            }
        });
    }

    @Override
    public void waveform(String deviceId, StreamedWaveform waveform) {
        services.live().publish(spec.id(), LiveEvent.WAVEFORM, LiveViews.WaveformView.of(waveform));
        streams.chunk(waveform, clock.instant(), services.live().droppedFor(spec.id()));
    }

    StreamSummaries streams() {
        return streams;
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

    /** The device's own state as it last reported it; null if it never did. */
    public DeviceStatus status() {
        return status;
    }

    public Instant statusSince() {
        return statusSince;
    }

    /** Who the device last said it is; null if it never did. */
    public DeviceIdentity identity() {
        return identity;
    }

    public TransportStats stats() {
        return stats;
    }

    public long framesAccepted() {
        return framesAccepted.get();
    }

    public long readingsStored() {
        return (long) meters.readings.count();
    }

    public long duplicates() {
        return (long) meters.duplicates.count();
    }

    /** Rejections since start, by reason code. */
    public Map<String, Long> rejectCounts() {
        return meters.rejectCounts();
    }

    /** The last rejections, oldest first. */
    public List<RejectRecord> recentRejects() {
        return recentRejects.list();
    }
}
