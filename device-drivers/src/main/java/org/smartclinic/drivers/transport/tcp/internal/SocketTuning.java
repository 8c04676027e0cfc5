package org.smartclinic.drivers.transport.tcp.internal;

import java.io.IOException;
import java.net.Socket;
import java.net.SocketOption;
import java.time.Duration;

import jdk.net.ExtendedSocketOptions;

/**
 * Socket options every device connection gets, client or server side.
 *
 * <p>Keep-alive: with {@code SO_KEEPALIVE} alone Linux waits two hours before its first probe, far too long to
 * notice a converter that lost power. Where the JDK offers them ({@code jdk.net.ExtendedSocketOptions} on Linux
 * and macOS) the probes start after {@link #KEEPALIVE_IDLE} of silence and repeat every
 * {@link #KEEPALIVE_INTERVAL}, {@link #KEEPALIVE_PROBES} times, so a dead peer is noticed within about a minute
 * (30 s + 3 x 10 s). Elsewhere the system's keep-alive timing applies and the link's quiet-time watchdog is what
 * notices a dead device.
 */
public final class SocketTuning {

    /** Silence before the first keep-alive probe. */
    public static final Duration KEEPALIVE_IDLE = Duration.ofSeconds(30);
    /** Time between unanswered probes. */
    public static final Duration KEEPALIVE_INTERVAL = Duration.ofSeconds(10);
    /** Unanswered probes before the connection is declared dead. */
    public static final int KEEPALIVE_PROBES = 3;

    private SocketTuning() {
    }

    /** Sets {@code SO_KEEPALIVE} (with the short timing above where supported) and {@code TCP_NODELAY}. */
    public static void apply(Socket socket, boolean keepAlive, boolean noDelay) throws IOException {
        socket.setTcpNoDelay(noDelay);
        socket.setKeepAlive(keepAlive);
        if (keepAlive) {
            setIfSupported(socket, ExtendedSocketOptions.TCP_KEEPIDLE, (int) KEEPALIVE_IDLE.toSeconds());
            setIfSupported(socket, ExtendedSocketOptions.TCP_KEEPINTERVAL, (int) KEEPALIVE_INTERVAL.toSeconds());
            setIfSupported(socket, ExtendedSocketOptions.TCP_KEEPCOUNT, KEEPALIVE_PROBES);
        }
    }

    private static void setIfSupported(Socket socket, SocketOption<Integer> option, int value) throws IOException {
        if (socket.supportedOptions().contains(option)) {
            socket.setOption(option, value);
        }
    }
}
