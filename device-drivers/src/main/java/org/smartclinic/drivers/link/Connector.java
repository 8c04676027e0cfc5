package org.smartclinic.drivers.link;

import java.util.Objects;
import java.util.function.Supplier;

import org.smartclinic.drivers.transport.ByteTransport;
import org.smartclinic.drivers.transport.MessageTransport;

/**
 * How a {@link DeviceLink} reaches its device: a fresh transport per connection attempt, of the shape the
 * device's driver needs (a byte stream for a {@link org.smartclinic.drivers.spi.StreamDriver}, messages for a
 * {@link org.smartclinic.drivers.spi.MessageDriver}).
 */
public sealed interface Connector {

    /** A byte-stream device: serial, TCP client, a connection on a shared TCP server port. */
    record Stream(Supplier<ByteTransport> transports) implements Connector {
        public Stream {
            Objects.requireNonNull(transports, "transports");
        }
    }

    /** A message device: an MQTT subscription, an export folder. */
    record Messages(Supplier<MessageTransport> transports) implements Connector {
        public Messages {
            Objects.requireNonNull(transports, "transports");
        }
    }

    static Connector stream(Supplier<ByteTransport> transports) {
        return new Stream(transports);
    }

    static Connector messages(Supplier<MessageTransport> transports) {
        return new Messages(transports);
    }
}
