package org.smartclinic.gateway.device;

import java.time.ZoneId;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import org.smartclinic.drivers.spi.DeviceDriverFactory;
import org.smartclinic.drivers.spi.DriverContext;
import org.smartclinic.drivers.spi.DriverDescriptor;
import org.smartclinic.drivers.spi.TransportKind;
import org.smartclinic.gateway.config.DeviceConfig;

/**
 * Reads {@code smartclinic.devices.<id>.*} into a {@link DeviceSpec}, or says what to change: every message names
 * the property to set and gives an example, so a technician can fix the configuration without the source.
 */
public final class DeviceSpecs {

    /** A device's configuration, read. */
    public sealed interface Result {
    }

    /** Usable. */
    public record Valid(DeviceSpec spec) implements Result {
    }

    /** Not usable; {@code problem} says what to change. */
    public record Invalid(String id, String driverId, String station, String problem) implements Result {
    }

    private DeviceSpecs() {
    }

    /**
     * @param brokers the names of the configured MQTT brokers
     */
    public static Result read(String id, DeviceConfig d, Set<String> brokers) {
        try {
            return new Valid(new DeviceSpec(id, d.driver(), d.station(), transport(id, d, brokers),
                    d.serialNumber().orElse(null), zone(id, d), d.quietTime().orElse(null), d.options(), d.enabled()));
        } catch (IllegalArgumentException e) {
            return new Invalid(id, d.driver(), d.station(), e.getMessage());
        }
    }

    private static ZoneId zone(String id, DeviceConfig d) {
        try {
            return d.zone().map(ZoneId::of).orElse(ZoneId.systemDefault());
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(prefix(id) + "zone: '" + d.zone().orElse("")
                    + "' is not a time zone; use a region id such as Europe/Moscow or an offset such as +03:00", e);
        }
    }

    private static TransportSpec transport(String id, DeviceConfig d, Set<String> brokers) {
        TransportKind kind = TransportKind.parse(d.transport()).orElseThrow(() -> new IllegalArgumentException(
                prefix(id) + "transport: '" + d.transport() + "' is not a transport; use one of "
                        + Arrays.stream(TransportKind.values()).map(TransportKind::code)
                                .collect(Collectors.joining(", "))));
        return switch (kind) {
            case SERIAL -> {
                DeviceConfig.Serial s = need(d.serial(), id, "serial.port", "/dev/ttyUSB0");
                yield new TransportSpec.Serial(s.port(), s.baudRate().orElse(null));
            }
            case TCP_CLIENT -> {
                DeviceConfig.TcpClient t = need(d.tcp(), id, "tcp.host and " + prefix(id) + "tcp.port",
                        "10.0.0.5 and 4001");
                yield new TransportSpec.TcpClient(t.host(), port(id, "tcp.port", t.port()), t.connectTimeout(),
                        t.keepAlive());
            }
            case TCP_SERVER -> tcpServer(id, d);
            case MQTT -> mqtt(id, d, brokers);
            case FOLDER -> {
                DeviceConfig.Folder f = need(d.folder(), id, "folder.path", "/srv/exports/spirometer-1");
                yield new TransportSpec.Folder(f.path(), f.pattern(), f.stableFor(), f.maxFileSize().asLongValue());
            }
        };
    }

    private static TransportSpec tcpServer(String id, DeviceConfig d) {
        DeviceConfig.TcpServer t = need(d.tcpServer(), id, "tcp-server.port", "5001");
        String address = t.remoteAddress().filter(s -> !s.isBlank()).orElse(null);
        String hello = t.hello().filter(s -> !s.isBlank()).orElse(null);
        if (address != null && hello != null) {
            throw new IllegalArgumentException(prefix(id) + "tcp-server: set either remote-address or hello, not both");
        }
        if (address == null && hello == null && d.serialNumber().isEmpty()) {
            throw new IllegalArgumentException(prefix(id) + "tcp-server: say how to recognise the device when it"
                    + " connects: tcp-server.remote-address (the address it connects from), tcp-server.hello (the"
                    + " text its converter sends first), or serial-number (for instruments whose first message"
                    + " names them)");
        }
        return new TransportSpec.TcpServer(t.bind(), port(id, "tcp-server.port", t.port()), address, hello);
    }

    private static TransportSpec mqtt(String id, DeviceConfig d, Set<String> brokers) {
        DeviceConfig.Mqtt m = need(d.mqtt(), id, "mqtt.topic", "clinic/room-1/thermometer-1/vitals");
        if (!brokers.contains(m.broker())) {
            throw new IllegalArgumentException(prefix(id) + "mqtt.broker: no broker '" + m.broker()
                    + "' is configured; set smartclinic.mqtt." + m.broker() + ".url (e.g. tcp://127.0.0.1:1883)"
                    + (brokers.isEmpty() ? "" : " or use one of " + brokers));
        }
        if (m.topic().isBlank()) {
            throw new IllegalArgumentException(prefix(id) + "mqtt.topic is empty");
        }
        return new TransportSpec.Mqtt(m.broker(), m.topic());
    }

    private static int port(String id, String property, int port) {
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException(prefix(id) + property + ": " + port + " is not a TCP port (1-65535)");
        }
        return port;
    }

    private static <T> T need(Optional<T> group, String id, String property, String example) {
        return group.orElseThrow(() -> new IllegalArgumentException("this transport needs " + prefix(id) + property
                + " (e.g. " + example + ")"));
    }

    private static String prefix(String id) {
        return "smartclinic.devices." + id + ".";
    }

    /** Why {@code spec} cannot run with the driver of {@code factory}, or null if it can. */
    static String problem(DeviceSpec spec, DeviceDriverFactory factory) {
        DriverDescriptor d = factory.descriptor();
        if (!d.supports(spec.transport().kind())) {
            return "driver " + d.id() + " does not work over " + spec.transport().kind() + "; it supports: "
                    + d.transports().stream().map(Object::toString).sorted().collect(Collectors.joining(", "))
                    + " (set smartclinic.devices." + spec.id() + ".transport)";
        }
        try {
            factory.create(new DriverContext(spec.id(), spec.zone(), spec.options()));
            return null;
        } catch (IllegalArgumentException e) {
            return e.getMessage() + " (smartclinic.devices." + spec.id() + ".options.*)";
        }
    }
}
