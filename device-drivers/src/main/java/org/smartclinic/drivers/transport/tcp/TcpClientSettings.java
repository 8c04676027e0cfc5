package org.smartclinic.drivers.transport.tcp;

import java.time.Duration;
import java.util.Objects;

/**
 * Where and how a {@link TcpClientTransport} connects: typically a serial-to-Ethernet converter (Moxa NPort,
 * USR-TCP232, ...) in TCP server mode, one port per instrument.
 *
 * @param host           the converter's IP address or host name
 * @param port           its TCP port, 1..65535 (Moxa's first serial port listens on 4001 by default)
 * @param connectTimeout the longest wait for the connection to be accepted; default 5 s
 * @param keepAlive      {@code SO_KEEPALIVE} with probes after 30 s of silence where the JDK supports it, so a
 *                       converter that lost power is noticed within about a minute; default true
 * @param noDelay        {@code TCP_NODELAY}: acknowledgements leave at once instead of being batched; default true
 */
public record TcpClientSettings(String host, int port, Duration connectTimeout, boolean keepAlive, boolean noDelay) {

    /** Default connect timeout. */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);

    public TcpClientSettings {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        if (host.isBlank()) {
            throw new IllegalArgumentException("no host configured: set the converter's IP address or name");
        }
        host = host.strip();
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port must be 1..65535: " + port);
        }
        if (connectTimeout.isNegative() || connectTimeout.isZero() || connectTimeout.toMillis() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("connectTimeout must be positive: " + connectTimeout);
        }
    }

    /** {@code host:port} with the defaults: 5 s connect timeout, keep-alive and no-delay on. */
    public static TcpClientSettings of(String host, int port) {
        return new TcpClientSettings(host, port, DEFAULT_CONNECT_TIMEOUT, true, true);
    }

    public TcpClientSettings withConnectTimeout(Duration timeout) {
        return new TcpClientSettings(host, port, timeout, keepAlive, noDelay);
    }

    /** {@code host:port}. */
    public String address() {
        return host + ":" + port;
    }
}
