package org.smartclinic.drivers.spi;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * The transports a device can be configured on; the {@link #code()} is the value of a device's {@code transport}
 * setting. The first three carry a byte stream ({@link StreamDriver}s), the last two whole messages
 * ({@link MessageDriver}s).
 */
public enum TransportKind {
    /** A serial or USB-serial port, or a pseudo-terminal. */
    SERIAL("serial", true),
    /** The gateway connects to the device (or to its serial-to-Ethernet converter) over TCP. */
    TCP_CLIENT("tcp-client", true),
    /** The device connects to a port the gateway listens on, shared by several devices. */
    TCP_SERVER("tcp-server", true),
    /** The device publishes to an MQTT broker; one connection per broker serves all its devices. */
    MQTT("mqtt", false),
    /** The device (or its PC software) drops export files into a folder. */
    FOLDER("folder", false);

    private final String code;
    private final boolean stream;

    TransportKind(String code, boolean stream) {
        this.code = code;
        this.stream = stream;
    }

    /** The configuration value, e.g. {@code tcp-client}. */
    public String code() {
        return code;
    }

    /** True for byte-stream transports, false for whole-message ones. */
    public boolean isStream() {
        return stream;
    }

    /** The kind whose code is {@code code}, ignoring case. */
    public static Optional<TransportKind> parse(String code) {
        String c = code == null ? "" : code.strip().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(k -> k.code.equals(c)).findFirst();
    }

    @Override
    public String toString() {
        return code;
    }
}
