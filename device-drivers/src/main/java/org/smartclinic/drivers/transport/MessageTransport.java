package org.smartclinic.drivers.transport;

import java.io.IOException;

/**
 * A source of whole messages for one device (an MQTT subscription on a shared broker connection, a watched export
 * folder). One {@code open}/{@code close} cycle per instance: a link creates a new one for every attempt.
 */
public interface MessageTransport extends AutoCloseable {

    /**
     * Starts delivering messages to {@code listener}, on a thread of the transport's own that the listener must
     * not block. Fails with a message a technician can act on (broker unreachable, folder missing).
     */
    void open(MessageListener listener) throws IOException;

    /** Closes; idempotent; never throws. Messages not yet settled are redelivered later by their source. */
    @Override
    void close();

    /** Where this transport goes, for logs and the API, e.g. {@code mqtt:tcp://broker:1883 clinic/iot-1/vitals}. */
    String describe();
}
