package org.smartclinic.simulator.cli;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import org.smartclinic.simulator.twin.TwinPlug;

import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Option;

/**
 * How a twin is cabled, as command-line options for an {@code @ArgGroup(exclusive = true, multiplicity = "1")}:
 * exactly one of {@code --link PATH} (a pseudo-terminal), {@code --tcp-listen PORT} (a converter in server mode,
 * on the loopback interface) or {@code --tcp-connect HOST:PORT [--hello TEXT]} (a converter in client mode that
 * sends TEXT, UTF-8, first on every connection). Picocli refuses two of them, none, or {@code --hello} alone.
 */
public final class TwinPlugOptions {

    @Option(names = "--link", required = true, paramLabel = "PATH",
            description = "Pseudo-terminal: symlink to create for the gateway to open, e.g. /tmp/ox1.")
    Path link;

    @Option(names = "--tcp-listen", required = true, paramLabel = "PORT",
            description = "TCP server on 127.0.0.1:PORT for the gateway to connect to (0 = any free port).")
    Integer listenPort;

    @ArgGroup(exclusive = false)
    Connect connect;

    /** {@code --tcp-connect} with its optional hello. */
    static final class Connect {
        @Option(names = "--tcp-connect", required = true, paramLabel = "HOST:PORT",
                description = "TCP client of the gateway's server port; reconnects when refused or dropped.")
        String address;

        @Option(names = "--hello", paramLabel = "TEXT",
                description = "With --tcp-connect: text sent first on every connection (a registration packet).")
        String hello;
    }

    /**
     * The plug these options describe.
     *
     * @throws IllegalArgumentException for a port out of range or an address without {@code :PORT}
     */
    public TwinPlug toPlug() {
        if (link != null) {
            return TwinPlug.pty(link);
        }
        if (listenPort != null) {
            return TwinPlug.tcpListen(listenPort);
        }
        int colon = connect.address.lastIndexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("--tcp-connect needs HOST:PORT: " + connect.address);
        }
        int port;
        try {
            port = Integer.parseInt(connect.address.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--tcp-connect port is not a number: " + connect.address);
        }
        byte[] hello = connect.hello == null ? new byte[0] : connect.hello.getBytes(StandardCharsets.UTF_8);
        return TwinPlug.tcpConnect(connect.address.substring(0, colon), port, hello);
    }
}
