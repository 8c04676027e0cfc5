package org.smartclinic.gateway.device;

import java.util.List;

import org.smartclinic.drivers.spi.DriverDescriptor;
import org.smartclinic.drivers.spi.DriverOption;
import org.smartclinic.drivers.spi.TransportKind;
import org.smartclinic.drivers.transport.serial.SerialSettings;

/**
 * A driver as the API shows it: what it is, its transports and defaults, the options it takes, and for each of
 * its transports the form the technician fills in ({@code forms}): only that transport's fields, each with its
 * default (the driver's serial line, the configuration's defaults), in the names {@link DeviceRequest} takes.
 */
public record DriverView(String id, String displayName, String family, String shape, List<String> transports,
        String serialDefaults, String quietTime, List<DriverOption> options, List<TransportForm> forms) {

    /** The fields of one transport. */
    public record TransportForm(String transport, List<Field> fields) {
    }

    /**
     * One field.
     *
     * @param name         as in {@link DeviceRequest}: {@code serial.port}, {@code tcp.host}…
     * @param type         {@code text}, {@code number} or {@code boolean}
     * @param defaultValue null when the field has none (then it is required, unless optional)
     */
    public record Field(String name, String type, boolean required, String defaultValue) {
    }

    static DriverView of(DriverDescriptor d) {
        return new DriverView(d.id(), d.displayName(), d.family(), d.streams() ? "stream" : "message",
                d.transports().stream().map(Object::toString).sorted().toList(),
                d.serialDefaults() == null ? null : d.serialDefaults().toString(), d.quietTime().toString(),
                d.options(), d.transports().stream().sorted().map(k -> form(k, d.serialDefaults())).toList());
    }

    private static TransportForm form(TransportKind kind, SerialSettings serial) {
        List<Field> fields = switch (kind) {
            case SERIAL -> List.of(new Field("serial.port", "text", true, null),
                    new Field("serial.baudRate", "number", false, String.valueOf(serial.baudRate())));
            case TCP_CLIENT -> List.of(new Field("tcp.host", "text", true, null),
                    new Field("tcp.port", "number", true, null),
                    new Field("tcp.connectTimeoutMs", "number", false, "5000"),
                    new Field("tcp.keepAlive", "boolean", false, "true"));
            case TCP_SERVER -> List.of(new Field("tcpServer.port", "number", true, null),
                    new Field("tcpServer.bind", "text", false, "127.0.0.1"),
                    new Field("tcpServer.remoteAddress", "text", false, null),
                    new Field("tcpServer.hello", "text", false, null));
            case MQTT -> List.of(new Field("mqtt.topic", "text", true, null),
                    new Field("mqtt.broker", "text", false, "default"));
            case FOLDER -> List.of(new Field("folder.path", "text", true, null),
                    new Field("folder.pattern", "text", false, "*"),
                    new Field("folder.stableForSeconds", "number", false, "2"),
                    new Field("folder.maxFileSize", "number", false, String.valueOf(10L << 20)));
        };
        return new TransportForm(kind.code(), fields);
    }
}
