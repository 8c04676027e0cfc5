package org.smartclinic.gateway.device;

import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.smartclinic.drivers.spi.DeviceDriverFactory;
import org.smartclinic.drivers.spi.DriverContext;
import org.smartclinic.drivers.spi.DriverDescriptor;
import org.smartclinic.drivers.spi.DriverOption;
import org.smartclinic.drivers.spi.TransportKind;
import org.smartclinic.gateway.api.ApiException;
import org.smartclinic.gateway.api.Input;

/**
 * Checks a {@link DeviceRequest} field by field, with a limit on every one, and makes the {@link DeviceSpec} the
 * device manager runs. A refusal names the field, says what is allowed and what to change, and never echoes the
 * value. The driver is checked too: it must exist, work over the chosen transport and accept the options.
 */
public final class DeviceRequests {

    /** A device path: absolute, printable, no spaces ({@code /dev/ttyUSB0}, {@code /dev/serial/by-id/...}). */
    static final Pattern DEVICE_PATH = Pattern.compile("/[A-Za-z0-9._/:+@=\\-]{1,199}");
    /** A host name, IPv4 or IPv6 address. */
    static final Pattern HOST = Pattern.compile("[A-Za-z0-9][A-Za-z0-9.:\\-]{0,252}");
    /** A serial number as printed on the instrument's label. */
    static final Pattern SERIAL_NUMBER = Pattern.compile("[A-Za-z0-9][A-Za-z0-9 ._/\\-]{0,63}");
    static final Pattern OPTION_NAME = Pattern.compile("[a-z0-9][a-z0-9.\\-]{0,63}");
    static final int MAX_OPTIONS = 20;
    static final int MAX_BAUD = 4_000_000;
    static final long MAX_FILE_SIZE = 256L << 20;

    private DeviceRequests() {
    }

    /**
     * The spec of {@code r}, checked.
     *
     * @param brokers the configured MQTT brokers' names
     * @throws ApiException 400 with what to change
     */
    public static DeviceSpec spec(DeviceRequest r, Set<String> brokers) {
        if (r == null) {
            throw ApiException.badRequest("the request has no body", "send the device as JSON: GET /api/drivers lists"
                    + " the drivers and what each needs");
        }
        String id = Input.id("id", r.id());
        String driverId = Input.required("driver", r.driver(), Input.ID, "a driver id from GET /api/drivers");
        DeviceDriverFactory factory = DeviceDriverFactory.find(driverId).orElseThrow(() -> ApiException.badRequest(
                "no driver '" + driverId + "' in this build", "use one of " + driverIds()));
        DriverDescriptor d = factory.descriptor();
        String station = Input.id("station", r.station());
        TransportKind kind = TransportKind.parse(r.transport() == null ? "" : r.transport()).orElseThrow(
                () -> ApiException.badRequest("transport is not valid", "one of " + d.transports()));
        if (!d.supports(kind)) {
            throw ApiException.badRequest("driver " + d.id() + " does not work over " + kind,
                    "choose one of its transports: " + d.transports().stream().map(Object::toString).sorted()
                            .collect(Collectors.joining(", ")));
        }
        String serialNumber = Input.optional("serialNumber", r.serialNumber(), SERIAL_NUMBER,
                "1-64 letters, digits, spaces, '.', '_', '/' or '-' as on the instrument's label");
        TransportSpec transport = transport(kind, r, serialNumber, brokers);
        ZoneId zone = zone(r.zone());
        Duration quiet = r.quietTimeSeconds() == null ? null
                : Duration.ofSeconds(range("quietTimeSeconds", r.quietTimeSeconds(), 0, 3600));
        Map<String, String> options = options(d, r.options());
        try {
            factory.create(new DriverContext(id, zone, options));
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("the driver refuses the options: " + e.getMessage(),
                    "GET /api/drivers lists each option with its values");
        }
        return new DeviceSpec(id, driverId, station, transport, serialNumber, zone, quiet, options,
                r.enabled() == null || r.enabled());
    }

    private static TransportSpec transport(TransportKind kind, DeviceRequest r, String serialNumber,
            Set<String> brokers) {
        return switch (kind) {
            case SERIAL -> {
                DeviceRequest.Serial s = need(r.serial(), "serial");
                String port = Input.required("serial.port", s.port(), DEVICE_PATH,
                        "the device path, e.g. /dev/ttyUSB0 or /dev/serial/by-id/…");
                yield new TransportSpec.Serial(port, s.baudRate() == null ? null
                        : range("serial.baudRate", s.baudRate(), 50, MAX_BAUD));
            }
            case TCP_CLIENT -> {
                DeviceRequest.TcpClient t = need(r.tcp(), "tcp");
                String host = Input.required("tcp.host", t.host(), HOST, "a host name or IP address, e.g. 10.0.0.5");
                int timeout = t.connectTimeoutMs() == null ? 5000
                        : range("tcp.connectTimeoutMs", t.connectTimeoutMs(), 100, 60_000);
                yield new TransportSpec.TcpClient(host, port("tcp.port", t.port()), Duration.ofMillis(timeout),
                        t.keepAlive() == null || t.keepAlive());
            }
            case TCP_SERVER -> tcpServer(need(r.tcpServer(), "tcpServer"), serialNumber);
            case MQTT -> mqtt(need(r.mqtt(), "mqtt"), brokers);
            case FOLDER -> folder(need(r.folder(), "folder"));
        };
    }

    private static TransportSpec tcpServer(DeviceRequest.TcpServer t, String serialNumber) {
        String bind = t.bind() == null || t.bind().isBlank() ? "127.0.0.1"
                : Input.required("tcpServer.bind", t.bind(), HOST, "an address of this machine, e.g. 0.0.0.0");
        String address = Input.optional("tcpServer.remoteAddress", t.remoteAddress(), HOST,
                "the IP address the device connects from");
        String hello = Input.text("tcpServer.hello", t.hello(), 64, false);
        if (address != null && hello != null) {
            throw ApiException.badRequest("tcpServer: set either remoteAddress or hello, not both", null);
        }
        if (address == null && hello == null && serialNumber == null) {
            throw ApiException.badRequest("tcpServer: say how to recognise the device when it connects",
                    "set remoteAddress (the address it connects from), hello (the text its converter sends first)"
                            + " or serialNumber (for instruments whose first message names them)");
        }
        return new TransportSpec.TcpServer(bind, port("tcpServer.port", t.port()), address, hello);
    }

    private static TransportSpec mqtt(DeviceRequest.Mqtt m, Set<String> brokers) {
        String broker = m.broker() == null || m.broker().isBlank() ? "default"
                : Input.required("mqtt.broker", m.broker(), Input.ID, "a broker name from the configuration");
        if (!brokers.contains(broker)) {
            throw ApiException.badRequest("no MQTT broker '" + broker + "' is configured", brokers.isEmpty()
                    ? "configure one with smartclinic.mqtt.<name>.url first" : "use one of " + brokers);
        }
        String topic = Input.text("mqtt.topic", m.topic(), 200, true);
        return new TransportSpec.Mqtt(broker, topic);
    }

    private static TransportSpec folder(DeviceRequest.Folder f) {
        String path = Input.required("folder.path", f.path(), DEVICE_PATH, "an absolute folder path on this"
                + " machine, e.g. /srv/exports/spirometer-1");
        String pattern = f.pattern() == null || f.pattern().isBlank() ? "*"
                : Input.text("folder.pattern", f.pattern(), 100, true);
        int stable = f.stableForSeconds() == null ? 2 : range("folder.stableForSeconds", f.stableForSeconds(), 0, 3600);
        long max = f.maxFileSize() == null ? 10L << 20 : f.maxFileSize();
        if (max < 1 || max > MAX_FILE_SIZE) {
            throw ApiException.badRequest("folder.maxFileSize must be 1-" + MAX_FILE_SIZE + " bytes", null);
        }
        return new TransportSpec.Folder(Path.of(path), pattern, Duration.ofSeconds(stable), max);
    }

    private static ZoneId zone(String zone) {
        if (zone == null || zone.isBlank()) {
            return ZoneId.systemDefault();
        }
        if (zone.length() > 64) {
            throw ApiException.badRequest("zone is longer than 64 characters", null);
        }
        try {
            return ZoneId.of(zone.strip());
        } catch (DateTimeException e) {
            throw ApiException.badRequest("zone is not a time zone", "a region id such as Europe/Moscow or an offset"
                    + " such as +03:00; leave it empty for the gateway's");
        }
    }

    private static Map<String, String> options(DriverDescriptor d, Map<String, String> given) {
        if (given == null || given.isEmpty()) {
            return Map.of();
        }
        if (given.size() > MAX_OPTIONS) {
            throw ApiException.badRequest("more than " + MAX_OPTIONS + " options", null);
        }
        Set<String> known = d.options().stream().map(DriverOption::name).collect(Collectors.toSet());
        Map<String, String> out = new TreeMap<>();
        for (Map.Entry<String, String> e : given.entrySet()) {
            String name = Input.required("options", e.getKey(), OPTION_NAME, "option names from GET /api/drivers");
            if (!known.contains(name)) {
                throw ApiException.badRequest("driver " + d.id() + " has no option '" + name + "'",
                        known.isEmpty() ? "it takes no options" : "its options: " + known);
            }
            String value = Input.text("options." + name, e.getValue(), 500, false);
            if (value != null) {
                out.put(name, value);
            }
        }
        return out;
    }

    private static int port(String field, Integer port) {
        if (port == null) {
            throw ApiException.badRequest(field + " is required", "a TCP port, 1-65535");
        }
        return range(field, port, 1, 65535);
    }

    private static int range(String field, int value, int min, int max) {
        if (value < min || value > max) {
            throw ApiException.badRequest(field + " must be " + min + "-" + max, null);
        }
        return value;
    }

    private static <T> T need(T group, String name) {
        return Optional.ofNullable(group).orElseThrow(() -> ApiException.badRequest("this transport needs the "
                + name + " settings", "fill in the " + name + " fields (GET /api/drivers shows what each needs)"));
    }

    private static String driverIds() {
        return Arrays.stream(DeviceManager.availableDrivers().toArray(DriverDescriptor[]::new))
                .map(DriverDescriptor::id).collect(Collectors.joining(", "));
    }
}
