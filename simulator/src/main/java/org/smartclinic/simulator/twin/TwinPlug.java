package org.smartclinic.simulator.twin;

import java.nio.file.Path;
import java.util.Objects;

/**
 * How a twin is attached to the gateway, as a real device would be cabled.
 *
 * <ul>
 *   <li>{@link Pty}: a USB-serial cable. A real pseudo-terminal; the gateway opens the symlink {@code link}. Unplug
 *       closes the pty (the gateway's read sees a hang-up, the symlink goes); replug opens a new one and moves the
 *       symlink to it atomically.</li>
 *   <li>{@link TcpListen}: a serial-to-Ethernet converter in server mode. The twin listens, the gateway's TCP
 *       client connects; one peer at a time, later ones wait in the backlog. Port 0 picks a free port, kept for
 *       replugs. Unplug closes the listening socket and the connection; replug listens again on the same port.</li>
 *   <li>{@link TcpConnect}: a converter in client mode. The twin connects to the gateway's server port, sends
 *       {@code hello} first if there is one (a registration packet), and reconnects with a short backoff when
 *       refused or dropped, for as long as it is plugged.</li>
 * </ul>
 */
public sealed interface TwinPlug {

    /** Where the plug is, for logs and progress lines: {@code pty /tmp/bp1}, {@code tcp-listen 127.0.0.1:4001}. */
    String describe();

    /** A pseudo-terminal with a stable symlink {@code link} to its slave. */
    record Pty(Path link) implements TwinPlug {
        public Pty {
            Objects.requireNonNull(link, "link");
            link = link.toAbsolutePath();
        }

        @Override
        public String describe() {
            return "pty " + link;
        }
    }

    /** A TCP server on {@code bindHost:port}; port 0 = a free one, see {@link Twin#listeningPort()}. */
    record TcpListen(String bindHost, int port) implements TwinPlug {
        public TcpListen {
            Objects.requireNonNull(bindHost, "bindHost");
            Checks.inRange(port, 0, 65_535, "port");
        }

        @Override
        public String describe() {
            return "tcp-listen " + bindHost + ":" + port;
        }
    }

    /**
     * A TCP client of {@code host:port}.
     *
     * @param hello bytes sent first on every connection (empty = none); copied
     */
    record TcpConnect(String host, int port, byte[] hello) implements TwinPlug {
        public TcpConnect {
            Objects.requireNonNull(host, "host");
            Checks.inRange(port, 1, 65_535, "port");
            hello = hello == null ? new byte[0] : hello.clone();
        }

        @Override
        public byte[] hello() {
            return hello.clone();
        }

        @Override
        public String describe() {
            return "tcp-connect " + host + ":" + port;
        }

        @Override
        public String toString() {
            return describe() + (hello.length > 0 ? " (hello " + hello.length + " bytes)" : "");
        }
    }

    static TwinPlug pty(Path link) {
        return new Pty(link);
    }

    /** Listens on the loopback interface. */
    static TwinPlug tcpListen(int port) {
        return new TcpListen("127.0.0.1", port);
    }

    static TwinPlug tcpConnect(String host, int port, byte[] hello) {
        return new TcpConnect(host, port, hello);
    }
}
