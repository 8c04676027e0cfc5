package org.smartclinic.simulator.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.smartclinic.drivers.testkit.EscapedBytes;
import org.smartclinic.simulator.twin.TwinPlug;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** Where a twin plugs in, shared by the commands that run one: exactly one of a pty link or a TCP plug. */
final class PlugOptions {

    private static final Pattern HOST_PORT = Pattern.compile("(?:(.+):)?(\\d{1,5})");

    @Option(names = {"--link", "--pty"}, paramLabel = "PATH",
            description = "Pseudo-terminal: the symlink to create for the gateway to open, e.g. /tmp/bp1"
                    + " (replaced if it is a link). --pty is the same option.")
    Path link;

    @Option(names = "--tcp-listen", paramLabel = "[HOST:]PORT",
            description = "TCP server, like a serial-to-Ethernet converter in server mode: the gateway's TCP client"
                    + " connects here. HOST defaults to 127.0.0.1; PORT 0 picks a free one.")
    String tcpListen;

    @Option(names = "--tcp-connect", paramLabel = "HOST:PORT",
            description = "TCP client, like a converter in client mode: connects to the gateway's TCP server port,"
                    + " reconnecting while running.")
    String tcpConnect;

    @Option(names = "--hello", paramLabel = "TEXT",
            description = "With --tcp-connect: sent first on every connection (escapes like <CR><LF> or <x02>).")
    String hello;

    /** The plug the options name; a usage error unless exactly one was given. */
    TwinPlug plug(CommandSpec spec) {
        int given = (link != null ? 1 : 0) + (tcpListen != null ? 1 : 0) + (tcpConnect != null ? 1 : 0);
        if (given != 1) {
            throw new ParameterException(spec.commandLine(),
                    "Give exactly one of --link PATH, --tcp-listen [HOST:]PORT or --tcp-connect HOST:PORT.");
        }
        if (hello != null && tcpConnect == null) {
            throw new ParameterException(spec.commandLine(), "--hello goes with --tcp-connect only.");
        }
        if (link != null) {
            return TwinPlug.pty(link);
        }
        if (tcpListen != null) {
            Matcher m = hostPort(spec, "--tcp-listen", tcpListen);
            return new TwinPlug.TcpListen(m.group(1) == null ? "127.0.0.1" : m.group(1), port(spec, m));
        }
        Matcher m = hostPort(spec, "--tcp-connect", tcpConnect);
        if (m.group(1) == null) {
            throw new ParameterException(spec.commandLine(), "--tcp-connect needs HOST:PORT, e.g. 127.0.0.1:5000.");
        }
        return TwinPlug.tcpConnect(m.group(1), port(spec, m), hello == null ? new byte[0] : EscapedBytes.parse(hello));
    }

    /** What to say on stderr when the twin cannot be plugged in as these options say. */
    List<String> cannotPlug(IOException e) {
        return List.of("Cannot create the simulated port: " + e.getMessage(), link != null
                ? "Check that the --link folder is writable and that /dev/ptmx is available."
                : "Check that the address is this machine's and the port is free.");
    }

    private static Matcher hostPort(CommandSpec spec, String option, String value) {
        Matcher m = HOST_PORT.matcher(value.trim());
        if (!m.matches()) {
            throw new ParameterException(spec.commandLine(), option + " '" + value + "' is not [HOST:]PORT,"
                    + " e.g. 4001 or 127.0.0.1:4001.");
        }
        return m;
    }

    private static int port(CommandSpec spec, Matcher m) {
        int port = Integer.parseInt(m.group(2));
        if (port > 65_535) {
            throw new ParameterException(spec.commandLine(), "port " + port + " is not 0..65535.");
        }
        return port;
    }
}
