package org.smartclinic.drivers.transport.tcp;

import java.time.Duration;
import java.util.Objects;

/**
 * One shared listening port of a {@link TcpServerHub}, where devices (or their serial-to-Ethernet converters in
 * TCP client mode) connect to the gateway.
 *
 * <p><b>Why the default bind address is loopback</b>: a port open on the clinic network accepts connections from
 * anything on that network, and what is accepted here ends up as clinical readings. Listening only on
 * {@code 127.0.0.1} keeps a fresh installation closed until a technician decides otherwise. Instruments on the
 * clinic network need the technician to bind the port explicitly to the gateway's address on that network
 * (e.g. {@code 10.0.0.2}; {@code 0.0.0.0} for every interface), ideally on a network segment reserved for
 * instruments, and to register each device with a rule that identifies it.
 *
 * @param bindAddress           the local address to listen on; default {@value #DEFAULT_BIND_ADDRESS}
 * @param port                  the port, 1..65535 ({@code 0}: any free port, for tests)
 * @param identificationTimeout how long a new connection may take to identify itself (hello or first message),
 *                              and how long an identified connection is kept for a device whose link is not
 *                              waiting for it yet; default 5 s
 * @param maxPendingConnections connections being identified or kept waiting at the same time; more are refused at
 *                              once (a flood must not exhaust the gateway); also the listen backlog; default 16
 * @param maxUnknownRecords     how many refused unknown connections are kept for the technician; default 50
 */
public record TcpServerSettings(String bindAddress, int port, Duration identificationTimeout,
        int maxPendingConnections, int maxUnknownRecords) {

    /** Default bind address: loopback only (see above). */
    public static final String DEFAULT_BIND_ADDRESS = "127.0.0.1";
    public static final Duration DEFAULT_IDENTIFICATION_TIMEOUT = Duration.ofSeconds(5);
    public static final int DEFAULT_MAX_PENDING_CONNECTIONS = 16;
    public static final int DEFAULT_MAX_UNKNOWN_RECORDS = 50;

    public TcpServerSettings {
        Objects.requireNonNull(bindAddress, "bindAddress");
        Objects.requireNonNull(identificationTimeout, "identificationTimeout");
        if (bindAddress.isBlank()) {
            throw new IllegalArgumentException("no bind address: set the gateway's address to listen on");
        }
        bindAddress = bindAddress.strip();
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0..65535 (0: any free port): " + port);
        }
        if (identificationTimeout.isNegative() || identificationTimeout.isZero()
                || identificationTimeout.toMillis() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("identificationTimeout must be positive: " + identificationTimeout);
        }
        if (maxPendingConnections < 1) {
            throw new IllegalArgumentException("maxPendingConnections must be >= 1: " + maxPendingConnections);
        }
        if (maxUnknownRecords < 0) {
            throw new IllegalArgumentException("maxUnknownRecords must be >= 0: " + maxUnknownRecords);
        }
    }

    /** Port {@code port} on loopback with the defaults. */
    public static TcpServerSettings of(int port) {
        return new TcpServerSettings(DEFAULT_BIND_ADDRESS, port, DEFAULT_IDENTIFICATION_TIMEOUT,
                DEFAULT_MAX_PENDING_CONNECTIONS, DEFAULT_MAX_UNKNOWN_RECORDS);
    }

    public TcpServerSettings withBindAddress(String address) {
        return new TcpServerSettings(address, port, identificationTimeout, maxPendingConnections, maxUnknownRecords);
    }

    public TcpServerSettings withIdentificationTimeout(Duration timeout) {
        return new TcpServerSettings(bindAddress, port, timeout, maxPendingConnections, maxUnknownRecords);
    }

    public TcpServerSettings withMaxPendingConnections(int max) {
        return new TcpServerSettings(bindAddress, port, identificationTimeout, max, maxUnknownRecords);
    }
}
