package org.smartclinic.drivers.transport.tcp;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

import org.smartclinic.drivers.codec.Printable;

/**
 * How a {@link TcpServerHub} tells which registered device a connection on its shared port belongs to. A
 * connection is never guessed to be some device: one that matches no registration is refused and recorded.
 */
public sealed interface Identification {

    /** Longest hello, in bytes; the hub reads at most {@link TcpServerHub#MAX_FIRST_BYTES} to identify. */
    int MAX_HELLO_LENGTH = 256;

    /** The rule's kind, as counted in {@link TcpServerStats}. */
    enum Kind { ADDRESS, HELLO, SERIAL_NUMBER }

    Kind kind();

    /** What the device's link waits for, for its state reason, e.g. {@code 10.0.0.5} or {@code hello 'SCGW:bp-3'}. */
    String waitingFor();

    /**
     * The connection comes from this address: the device (or its converter) has a fixed IP address, and no other
     * device on the port connects from it. Handed over at once, nothing read. A host name is resolved when the
     * device is registered.
     */
    record ByRemoteAddress(String hostOrIp) implements Identification {
        public ByRemoteAddress {
            Objects.requireNonNull(hostOrIp, "hostOrIp");
            if (hostOrIp.isBlank()) {
                throw new IllegalArgumentException("remote address is empty: set the device's IP address");
            }
            hostOrIp = hostOrIp.strip();
        }

        @Override
        public Kind kind() {
            return Kind.ADDRESS;
        }

        @Override
        public String waitingFor() {
            return hostOrIp;
        }
    }

    /**
     * The connection starts with exactly these bytes: a converter in TCP client mode configured to send a
     * "registration packet" / "connect data" first, e.g. {@code SCGW:bp-3\r\n}. The hello is consumed (the driver
     * never sees it); bytes after it are passed on. Each character of {@code hello} is one byte (ISO-8859-1), so
     * any byte value can be expressed; at most {@value #MAX_HELLO_LENGTH} bytes.
     */
    record ByHello(String hello) implements Identification {
        public ByHello {
            Objects.requireNonNull(hello, "hello");
            if (hello.isEmpty()) {
                throw new IllegalArgumentException("hello is empty: set the converter's registration packet");
            }
            if (!StandardCharsets.ISO_8859_1.newEncoder().canEncode(hello)) {
                throw new IllegalArgumentException("hello has characters that are not single bytes (0-255)");
            }
            if (hello.length() > MAX_HELLO_LENGTH) {
                throw new IllegalArgumentException("hello longer than " + MAX_HELLO_LENGTH + " bytes");
            }
        }

        /** The bytes expected on the wire. */
        public byte[] bytes() {
            return hello.getBytes(StandardCharsets.ISO_8859_1);
        }

        @Override
        public Kind kind() {
            return Kind.HELLO;
        }

        @Override
        public String waitingFor() {
            return "hello '" + Printable.of(bytes()) + "'";
        }
    }

    /**
     * The device names itself in its first message (an ASTM header, an identity frame): the device driver's
     * {@link org.smartclinic.drivers.spi.DeviceDriverFactory#identify} reads the serial number. Every byte read
     * to identify it is passed on to the driver.
     */
    record BySerialNumber(String serialNumber) implements Identification {
        public BySerialNumber {
            Objects.requireNonNull(serialNumber, "serialNumber");
            if (serialNumber.isBlank()) {
                throw new IllegalArgumentException("serial number is empty: set the device's serial number");
            }
        }

        @Override
        public Kind kind() {
            return Kind.SERIAL_NUMBER;
        }

        @Override
        public String waitingFor() {
            return "serial number " + serialNumber;
        }
    }
}
