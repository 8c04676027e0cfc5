package org.smartclinic.gateway.device;

import java.io.IOException;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;
import org.smartclinic.drivers.link.Connector;
import org.smartclinic.drivers.spi.DeviceDriverFactory;
import org.smartclinic.drivers.transport.folder.FolderSettings;
import org.smartclinic.drivers.transport.folder.FolderStats;
import org.smartclinic.drivers.transport.folder.FolderTransport;
import org.smartclinic.drivers.transport.serial.SerialSettings;
import org.smartclinic.drivers.transport.serial.SerialTransport;
import org.smartclinic.drivers.transport.tcp.Identification;
import org.smartclinic.drivers.transport.tcp.TcpClientSettings;
import org.smartclinic.drivers.transport.tcp.TcpClientTransport;
import org.smartclinic.drivers.transport.tcp.TcpServerHub;
import org.smartclinic.drivers.transport.tcp.TcpServerSettings;
import org.smartclinic.drivers.transport.tcp.TcpServerTransport;

/**
 * Makes each device's {@link Connector} from its {@link TransportSpec}, and owns the transports devices share:
 * one listening socket per TCP server port ({@link TcpServerHub}), one connection per MQTT broker
 * ({@link MqttBrokers}). Shared transports are opened on first use and closed when the gateway stops.
 */
@ApplicationScoped
public class Transports {

    private static final Logger LOG = Logger.getLogger(Transports.class);

    @Inject
    MeterRegistry meters;

    @Inject
    MqttBrokers brokers;

    private final Map<String, TcpServerHub> hubs = new ConcurrentHashMap<>();
    private final Map<String, FolderStats> folders = new ConcurrentHashMap<>();

    /**
     * The connector of {@code spec}'s device, driven by {@code factory}'s driver.
     *
     * @throws IllegalStateException with a technician's reason when a shared transport cannot be opened (a TCP
     *                               port in use, a broker that is not configured)
     */
    public Connector connector(DeviceSpec spec, DeviceDriverFactory factory) {
        return switch (spec.transport()) {
            case TransportSpec.Serial s -> serial(s, factory);
            case TransportSpec.TcpClient t -> {
                TcpClientSettings settings = new TcpClientSettings(t.host(), t.port(), t.connectTimeout(),
                        t.keepAlive(), true);
                yield Connector.stream(() -> new TcpClientTransport(settings));
            }
            case TransportSpec.TcpServer t -> {
                TcpServerHub hub = hub(t);
                hub.register(spec.id(), rule(spec, t), factory);
                yield Connector.stream(() -> new TcpServerTransport(hub, spec.id()));
            }
            case TransportSpec.Mqtt m -> brokers.connector(spec.id(), m);
            case TransportSpec.Folder f -> folder(spec, f);
        };
    }

    private static Connector serial(TransportSpec.Serial s, DeviceDriverFactory factory) {
        SerialSettings defaults = factory.descriptor().serialDefaults();
        SerialSettings line = new SerialSettings(s.port(), s.baudRate() != null ? s.baudRate() : defaults.baudRate(),
                defaults.dataBits(), defaults.parity(), defaults.stopBits());
        return Connector.stream(() -> new SerialTransport(line));
    }

    private Connector folder(DeviceSpec spec, TransportSpec.Folder f) {
        FolderSettings settings = FolderSettings.of(f.path()).withPattern(f.pattern()).withStableFor(f.stableFor())
                .withMaxFileSize(f.maxFileSize());
        FolderStats stats = folders.computeIfAbsent(spec.id(), id -> folderMeters(id, new FolderStats()));
        return Connector.messages(() -> new FolderTransport(settings, stats));
    }

    private static Identification rule(DeviceSpec spec, TransportSpec.TcpServer t) {
        if (t.remoteAddress() != null) {
            return new Identification.ByRemoteAddress(t.remoteAddress());
        }
        return t.hello() != null ? new Identification.ByHello(t.hello())
                : new Identification.BySerialNumber(spec.serialNumber());
    }

    private TcpServerHub hub(TransportSpec.TcpServer t) {
        return hubs.computeIfAbsent(t.bind() + ":" + t.port(), key -> {
            TcpServerHub hub = new TcpServerHub(TcpServerSettings.of(t.port()).withBindAddress(t.bind()));
            try {
                hub.start();
            } catch (IOException e) {
                throw new IllegalStateException("cannot listen on " + key + " for instruments: " + e.getMessage(), e);
            }
            LOG.infof("listening for instruments on %s", hub.describe());
            hubMeters(key, hub);
            return hub;
        });
    }

    /** Opens the shared connections once every device has registered (see {@link MqttBrokers#startAll()}). */
    public void startShared() {
        brokers.startAll();
    }

    /** Forgets what {@code spec}'s device registered with a shared transport (before it is started again). */
    public void release(DeviceSpec spec) {
        if (spec.transport() instanceof TransportSpec.TcpServer t) {
            TcpServerHub hub = hubs.get(t.bind() + ":" + t.port());
            if (hub != null) {
                hub.unregister(spec.id());
            }
        }
    }

    /** The shared TCP server ports. */
    public Collection<TcpServerHub> hubs() {
        return List.copyOf(hubs.values());
    }

    /** Counters of the export folders, by device id. */
    public Map<String, FolderStats> folders() {
        return Map.copyOf(folders);
    }

    private void hubMeters(String key, TcpServerHub hub) {
        FunctionCounter.builder("smartclinic.tcp.server.connections", hub, h -> h.stats().accepted())
                .description("Connections accepted on a shared instrument port").tag("port", key).register(meters);
        FunctionCounter.builder("smartclinic.tcp.server.unknown", hub, h -> h.stats().refusedUnknown())
                .description("Connections refused because no registered device could be recognised")
                .tag("port", key).register(meters);
    }

    private FolderStats folderMeters(String device, FolderStats stats) {
        FunctionCounter.builder("smartclinic.folder.files", stats, FolderStats::processed)
                .description("Export files by outcome").tags("device", device, "outcome", "processed").register(meters);
        FunctionCounter.builder("smartclinic.folder.files", stats, FolderStats::failed)
                .tags("device", device, "outcome", "failed").register(meters);
        FunctionCounter.builder("smartclinic.folder.files", stats, FolderStats::oversized)
                .tags("device", device, "outcome", "oversized").register(meters);
        FunctionCounter.builder("smartclinic.folder.files", stats, FolderStats::retried)
                .tags("device", device, "outcome", "retried").register(meters);
        return stats;
    }

    @PreDestroy
    void close() {
        hubs.values().forEach(TcpServerHub::close);
    }
}
