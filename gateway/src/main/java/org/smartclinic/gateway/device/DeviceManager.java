package org.smartclinic.gateway.device;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.health.api.HealthRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.jboss.logging.Logger;
import org.smartclinic.drivers.link.LinkSettings;
import org.smartclinic.drivers.link.LinkState;
import org.smartclinic.drivers.spi.DeviceDriverFactory;
import org.smartclinic.drivers.spi.DriverDescriptor;
import org.smartclinic.gateway.config.GatewayConfig;
import org.smartclinic.gateway.journal.Journal;
import org.smartclinic.gateway.uplink.Uplink;

/**
 * The registry of instruments: builds each from its spec with the driver found through {@link ServiceLoader},
 * starts and stops their links, and gives each a readiness check of its own ({@code device:<id>}).
 */
@ApplicationScoped
public class DeviceManager {

    private static final Logger LOG = Logger.getLogger(DeviceManager.class);

    @Inject
    GatewayConfig config;

    @Inject
    Journal journal;

    @Inject
    Uplink uplink;

    @Inject
    MeterRegistry meters;

    @Inject
    Clock clock;

    @Inject
    @Readiness
    HealthRegistry readiness;

    private final Map<String, ManagedDevice> devices = new ConcurrentHashMap<>();

    /** Every driver this build has, by id. */
    public static List<DriverDescriptor> availableDrivers() {
        return ServiceLoader.load(DeviceDriverFactory.class).stream().map(p -> p.get().descriptor()).toList();
    }

    /** Registers the configured devices plus {@code extra} ones and starts the enabled ones. */
    public void start(List<DeviceSpec> extra) {
        List<DeviceSpec> specs = new ArrayList<>();
        config.devices().forEach((id, d) -> specs.add(DeviceSpec.fromConfig(id, d)));
        specs.addAll(extra);
        LinkSettings link = new LinkSettings(java.time.Duration.ZERO, config.link().initialBackoff(),
                config.link().maxBackoff());
        for (DeviceSpec spec : specs) {
            DeviceDriverFactory factory = DeviceDriverFactory.find(spec.driverId()).orElseThrow(() ->
                    new IllegalArgumentException("device " + spec.id() + ": no driver '" + spec.driverId()
                            + "'; this build has: " + availableDrivers().stream().map(DriverDescriptor::id)
                                    .collect(Collectors.joining(", "))));
            if (devices.containsKey(spec.id())) {
                throw new IllegalArgumentException("device id " + spec.id() + " is registered twice");
            }
            ManagedDevice device = new ManagedDevice(spec, factory, journal, config.link().storeTimeout(),
                    uplink::signal, clock, meters);
            devices.put(spec.id(), device);
            if (!spec.enabled()) {
                LOG.infof("device %s is registered but disabled", spec.id());
                continue;
            }
            readiness.register("device:" + spec.id(), () -> health(device));
            device.start(link);
        }
    }

    /** Closes every link. */
    public void stop() {
        devices.values().forEach(ManagedDevice::stop);
    }

    public Collection<ManagedDevice> all() {
        return devices.values().stream().sorted(java.util.Comparator.comparing(d -> d.spec().id())).toList();
    }

    public Optional<ManagedDevice> get(String id) {
        return Optional.ofNullable(devices.get(id));
    }

    /** Stations that have at least one enabled device. */
    public Set<String> stations() {
        return devices.values().stream().filter(d -> d.spec().enabled()).map(d -> d.spec().station())
                .collect(Collectors.toCollection(TreeSet::new));
    }

    private static HealthCheckResponse health(ManagedDevice d) {
        return HealthCheckResponse.named("device:" + d.spec().id())
                .status(d.state() == LinkState.CONNECTED)
                .withData("state", d.state().name())
                .withData("reason", d.stateReason())
                .withData("port", d.spec().port())
                .withData("station", d.spec().station())
                .build();
    }
}
