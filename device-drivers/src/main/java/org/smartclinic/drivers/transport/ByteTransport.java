package org.smartclinic.drivers.transport;

import java.io.IOException;

/**
 * A byte pipe to one device. One {@code open}/{@code close} cycle per instance: a link creates a new transport
 * for every connection attempt.
 */
public interface ByteTransport extends AutoCloseable {

    /**
     * Opens the connection and starts delivering received bytes to {@code listener}, on a thread of the
     * transport's own. Fails with a message a technician can act on (port missing, busy, no permission).
     */
    void open(TransportListener listener) throws IOException;

    /** Writes all of {@code bytes}, or throws. */
    void write(byte[] bytes) throws IOException;

    /** Closes; idempotent; never throws. After this, the listener gets no more calls. */
    @Override
    void close();

    /** Where this transport goes, for logs and the API, e.g. {@code serial:/dev/ttyUSB0@9600}. */
    String describe();
}
