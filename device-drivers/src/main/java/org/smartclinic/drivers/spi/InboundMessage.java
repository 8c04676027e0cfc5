package org.smartclinic.drivers.spi;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * One whole message as a message transport hands it to a {@link MessageDriver}.
 *
 * @param source     where it came from, in the transport's terms: the MQTT topic, the file name
 * @param payload    the bytes, exactly as received
 * @param receivedAt when the gateway received it
 * @param attributes transport facts a driver may use, documented by each transport (e.g. {@code mqtt.duplicate},
 *                   {@code file.modified}); never the device's identity, which comes from the configuration
 */
public record InboundMessage(String source, byte[] payload, Instant receivedAt, Map<String, String> attributes) {

    public InboundMessage {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(payload, "payload");
        Objects.requireNonNull(receivedAt, "receivedAt");
        attributes = Map.copyOf(attributes);
    }
}
