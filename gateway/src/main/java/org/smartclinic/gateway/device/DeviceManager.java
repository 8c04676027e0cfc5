package org.smartclinic.gateway.device;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;
import org.smartclinic.drivers.DeviceIdentity;
import org.smartclinic.drivers.link.LinkSettings;
import org.smartclinic.drivers.spi.DeviceDriverFactory;
import org.smartclinic.drivers.spi.DriverDescriptor;
import org.smartclinic.gateway.config.GatewayConfig;
import org.smartclinic.gateway.exam.SampleHostQueries;
import org.smartclinic.gateway.journal.Captures;
import org.smartclinic.gateway.journal.DeviceClocks;
import org.smartclinic.gateway.journal.DeviceRecords;
import org.smartclinic.gateway.journal.Placements;
import org.smartclinic.gateway.journal.Journal;
import org.smartclinic.gateway.live.LiveBus;
import org.smartclinic.gateway.uplink.Uplink;

/**
 * The registry of instruments: reads and checks each device's configuration, finds its driver through
 * {@link java.util.ServiceLoader}, makes its transport, starts and stops its link, and gives each a health check
 * of its own in the {@code devices} health group ({@code /q/health/group/devices}), apart from readiness: a
 * switched-off instrument is a fact to show, not a reason to take the gateway out of service.
 *
 * <p>Besides the configuration file's devices it runs those added through the API ({@link DeviceRegistry}, kept in
 * the journal): they are registered, re-registered with new settings and removed while the gateway runs.
 *
 * <p>A device whose configuration cannot work (unknown driver or transport, a transport the driver does not
 * support, a missing port, an option the driver does not know) is not started; it is listed with the problem in
 * words a technician can act on, and the rest of the gateway runs.
 */
@ApplicationScoped
public class DeviceManager {

    private static final Logger LOG = Logger.getLogger(DeviceManager.class);

    @Inject
    GatewayConfig config;

    @Inject
    Journal journal;

    @Inject
    Captures captures;

    @Inject
    DeviceRecords records;

    @Inject
    Placements placements;

    @Inject
    DeviceClocks clocks;

    @Inject
    LiveBus live;

    @Inject
    Uplink uplink;

    @Inject
    Transports transports;

    @Inject
    MeterRegistry meters;

    @Inject
    Clock clock;

    @Inject
    SampleHostQueries hosts;

    @Inject
    DeviceRegistry registry;

    private final DeviceHealth health = new DeviceHealth();

    private final Map<String, ManagedDevice> devices = new ConcurrentHashMap<>();
    private final Map<String, DeviceSpecs.Invalid> misconfigured = new ConcurrentHashMap<>();
    /** Where each registered device is now: its configured station, or where the API last moved it. */
    private final Map<String, String> stationOf = new ConcurrentHashMap<>();
    /** Devices added through the API (kept in the journal), as opposed to the configuration file's. */
    private final Set<String> runtime = ConcurrentHashMap.newKeySet();
    private DeviceServices services;

    /** Every driver this build has, by id. */
    public static List<DriverDescriptor> availableDrivers() {
        return DeviceDriverFactory.all().stream().map(DeviceDriverFactory::descriptor)
                .sorted(Comparator.comparing(DriverDescriptor::id)).toList();
    }

    /** Registers the configured devices plus {@code extra} ones and starts the enabled ones. */
    public void start(List<DeviceSpec> extra) {
        services = new DeviceServices(config, journal, captures, records, live, meters, clock, uplink::signal, hosts);
        Set<String> brokers = config.mqtt().keySet();
        List<DeviceSpecs.Result> results = new ArrayList<>();
        config.devices().forEach((id, d) -> results.add(DeviceSpecs.read(id, d, brokers)));
        extra.forEach(spec -> results.add(new DeviceSpecs.Valid(spec)));
        Map<String, DeviceIdentity> identities = records.identities();
        for (DeviceSpecs.Result result : results) {
            switch (result) {
                case DeviceSpecs.Valid valid -> register(valid.spec(), identities.get(valid.spec().id()));
                case DeviceSpecs.Invalid invalid -> refuse(invalid);
            }
        }
        for (DeviceSpecs.Result result : registry.stored()) {
            String id = result instanceof DeviceSpecs.Valid v ? v.spec().id() : ((DeviceSpecs.Invalid) result).id();
            if (registered(id)) {
                LOG.errorf("device %s was added through the API, but the configuration file registers the same id"
                        + " now: the file's registration is used (delete the API one or rename it)", id);
                continue;
            }
            runtime.add(id);
            switch (result) {
                case DeviceSpecs.Valid valid -> register(valid.spec(), identities.get(id));
                case DeviceSpecs.Invalid invalid -> refuse(invalid);
            }
        }
        transports.startShared();
    }

    /** Registers (and starts, if enabled) a device added through the API; its id must be free. */
    synchronized void registerRuntime(DeviceSpec spec) {
        runtime.add(spec.id());
        register(spec, records.identities().get(spec.id()));
        transports.startShared();
    }

    /**
     * Stops and forgets a device (its readings, captures and placements stay in the journal): before it is
     * registered again with new settings, or when it is removed.
     */
    synchronized void unregister(String id) {
        ManagedDevice d = devices.remove(id);
        if (d != null) {
            d.retire();
            transports.release(d.spec());
        }
        misconfigured.remove(id);
        stationOf.remove(id);
        runtime.remove(id);
        health.forget(id);
    }

    /** True if {@code id} is registered, running or misconfigured. */
    public boolean registered(String id) {
        return devices.containsKey(id) || misconfigured.containsKey(id);
    }

    /** True if the device was added through the API (and is edited there), false if it is from the configuration. */
    public boolean isRuntime(String id) {
        return runtime.contains(id);
    }

    /** The configured MQTT brokers' names. */
    public Set<String> brokers() {
        return config.mqtt().keySet();
    }

    private void register(DeviceSpec spec, DeviceIdentity known) {
        if (devices.containsKey(spec.id()) || misconfigured.containsKey(spec.id())) {
            throw new IllegalArgumentException("device id " + spec.id() + " is registered twice");
        }
        Optional<DeviceDriverFactory> factory = DeviceDriverFactory.find(spec.driverId());
        String problem = factory.isEmpty() ? "no driver '" + spec.driverId() + "' in this build; it has: "
                + availableDrivers().stream().map(DriverDescriptor::id).collect(Collectors.joining(", "))
                : DeviceSpecs.problem(spec, factory.get());
        if (problem != null) {
            refuse(new DeviceSpecs.Invalid(spec.id(), spec.driverId(), spec.station(), problem));
            return;
        }
        ManagedDevice device = new ManagedDevice(spec, factory.get(), services, known);
        devices.put(spec.id(), device);
        stationOf.put(spec.id(), placements.fromConfiguration(spec.id(), spec.station()).join());
        device.clockMeters(() -> clocks.of(spec.id()));
        health.watch(device);
        if (spec.enabled()) {
            start(device);
        } else {
            LOG.infof("device %s is registered but disabled", spec.id());
        }
    }

    private void refuse(DeviceSpecs.Invalid invalid) {
        misconfigured.put(invalid.id(), invalid);
        LOG.errorf("device %s is not started: %s", invalid.id(), invalid.problem());
        health.misconfigured(invalid);
    }

    private void start(ManagedDevice device) {
        DeviceSpec spec = device.spec();
        Duration quiet = spec.quietTime() != null ? spec.quietTime() : device.descriptor().quietTime();
        try {
            device.start(transports.connector(spec, device.factory()),
                    new LinkSettings(quiet, config.link().initialBackoff(), config.link().maxBackoff()));
        } catch (IllegalArgumentException | IllegalStateException e) {
            devices.remove(spec.id());
            refuse(new DeviceSpecs.Invalid(spec.id(), spec.driverId(), spec.station(), e.getMessage()));
        }
    }

    /** Stops one device's connection; it stays registered. */
    public void stop(String id) {
        ManagedDevice device = devices.get(id);
        if (device != null) {
            device.stop();
            transports.release(device.spec());
        }
    }

    /** Opens a stopped device's connection; false if there is no such device, true if it runs (already or now). */
    public synchronized boolean startDevice(String id) {
        ManagedDevice device = devices.get(id);
        if (device == null) {
            return false;
        }
        if (!device.running()) {
            start(device);
            transports.startShared();
        }
        return true;
    }

    /** Starts a stopped device again (restart = stop then start); false if there is no such device. */
    public boolean restart(String id) {
        ManagedDevice device = devices.get(id);
        if (device == null) {
            return false;
        }
        stop(id);
        start(device);
        transports.startShared();
        return true;
    }

    /** Closes every link. */
    public void stop() {
        devices.values().forEach(ManagedDevice::stop);
        flushStreamSummaries();
    }

    /** Writes what devices streamed since the last time, as summaries; never once per frame. */
    @Scheduled(every = "5s", delayed = "5s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void flushStreamSummaries() {
        for (ManagedDevice d : devices.values()) {
            for (DeviceRecords.StreamSegment s : d.streams().changed()) {
                records.saveSegment(s).thenAccept(id -> d.streams().saved(s, id));
            }
        }
    }

    public Collection<ManagedDevice> all() {
        return devices.values().stream().sorted(Comparator.comparing(d -> d.spec().id())).toList();
    }

    public Optional<ManagedDevice> get(String id) {
        return Optional.ofNullable(devices.get(id));
    }

    /** Devices that could not be started because of their configuration, with the problem. */
    public List<DeviceSpecs.Invalid> misconfigured() {
        return misconfigured.values().stream().sorted(Comparator.comparing(DeviceSpecs.Invalid::id)).toList();
    }

    /** Stations: the configured ones, and those an enabled device is configured at or has been moved to. */
    public Set<String> stations() {
        Set<String> out = new TreeSet<>(config.stations().keySet());
        devices.values().stream().filter(d -> d.spec().enabled()).forEach(d -> {
            out.add(d.spec().station());
            out.add(station(d.spec().id()));
        });
        return out;
    }

    /** The station the device is at now. */
    public String station(String deviceId) {
        ManagedDevice d = devices.get(deviceId);
        return stationOf.getOrDefault(deviceId, d == null ? null : d.spec().station());
    }

    /** Moves a device to another station now, recorded with who and why; returns the placement. */
    public Placements.Placement move(String deviceId, String station, String actor, String reason) {
        Placements.Placement p = placements.move(deviceId, station, actor, reason).join();
        stationOf.put(deviceId, station);
        LOG.infof("device %s moved to station %s by %s", deviceId, station, actor);
        return p;
    }

    /** The device's clock as its readings showed it, if it sends time. */
    public Optional<DeviceClocks.View> clock(String deviceId) {
        return clocks.of(deviceId);
    }
}
