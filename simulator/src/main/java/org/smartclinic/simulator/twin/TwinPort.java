package org.smartclinic.simulator.twin;

import java.io.IOException;
import java.time.Duration;

/**
 * The device's end of the line, as a behaviour sees it for one connection: bytes in, bytes out, and nothing else.
 * Used by the twin's own thread only. Once either call has returned -1 the connection is over: the behaviour
 * returns and is called again with a new port when the next connection is up.
 */
public interface TwinPort {

    /**
     * Reads what the gateway sent, waiting up to {@code timeout} for the first byte.
     *
     * @return bytes read into {@code buf} (0 when the time passed with nothing to read), or -1 when the other side
     *         hung up or the plug was pulled
     * @throws IOException on a failure that is neither (the connection is then abandoned)
     */
    int read(byte[] buf, Duration timeout) throws IOException;

    /**
     * Writes {@code bytes}, waiting up to {@code timeout} for room. What does not fit in time is lost, as on a wire
     * nobody reads.
     *
     * @return bytes written ({@code < bytes.length} when the time ran out), or -1 when the connection is gone
     * @throws IOException on a failure that is neither
     */
    int write(byte[] bytes, Duration timeout) throws IOException;
}
