package org.smartclinic.gateway.device;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

import org.smartclinic.drivers.codec.Printable;
import org.smartclinic.drivers.spi.TransportKind;

/** How one device is reached, as configured and validated: one record per transport kind. */
public sealed interface TransportSpec {

    TransportKind kind();

    /** Where it goes, for people: {@code /dev/ttyUSB0}, {@code 10.0.0.5:4001}, a topic, a folder. */
    String describe();

    /** A serial port; baud rate null for the driver's default. */
    record Serial(String port, Integer baudRate) implements TransportSpec {
        public Serial {
            Objects.requireNonNull(port, "port");
        }

        @Override
        public TransportKind kind() {
            return TransportKind.SERIAL;
        }

        @Override
        public String describe() {
            return port + (baudRate == null ? "" : "@" + baudRate);
        }
    }

    /** The gateway connects to the device. */
    record TcpClient(String host, int port, Duration connectTimeout, boolean keepAlive) implements TransportSpec {
        @Override
        public TransportKind kind() {
            return TransportKind.TCP_CLIENT;
        }

        @Override
        public String describe() {
            return host + ":" + port;
        }
    }

    /**
     * The device connects to a shared port of the gateway and is recognised by one of: its remote address, the
     * hello its converter sends, or (both null) the serial number its first message names.
     */
    record TcpServer(String bind, int port, String remoteAddress, String hello) implements TransportSpec {
        @Override
        public TransportKind kind() {
            return TransportKind.TCP_SERVER;
        }

        @Override
        public String describe() {
            String by = remoteAddress != null ? "from " + remoteAddress
                    : hello != null ? "hello '" + Printable.of(hello.getBytes(StandardCharsets.ISO_8859_1)) + "'"
                    : "by its serial number";
            return "port " + bind + ":" + port + ", " + by;
        }
    }

    /** The device publishes on {@code topic} at the broker named {@code broker}. */
    record Mqtt(String broker, String topic) implements TransportSpec {
        @Override
        public TransportKind kind() {
            return TransportKind.MQTT;
        }

        @Override
        public String describe() {
            return topic + " at broker " + broker;
        }
    }

    /** The device drops export files into {@code path}. */
    record Folder(Path path, String pattern, Duration stableFor, long maxFileSize) implements TransportSpec {
        @Override
        public TransportKind kind() {
            return TransportKind.FOLDER;
        }

        @Override
        public String describe() {
            return path + " (" + pattern + ")";
        }
    }
}
