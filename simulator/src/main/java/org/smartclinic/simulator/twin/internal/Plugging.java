package org.smartclinic.simulator.twin.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;

import org.smartclinic.simulator.twin.TwinPlug;

/**
 * A plug while it is in: a pty, a listening socket, or a client that keeps connecting. Hands out connections one
 * at a time to the twin's thread; {@link #close()} (from any thread) pulls the plug and ends the current one.
 */
public interface Plugging extends AutoCloseable {

    /** Plugs in as {@code plug} says. */
    static Plugging open(TwinPlug plug) throws IOException {
        return switch (plug) {
            case TwinPlug.Pty pty -> PtyPlugging.open(pty.link());
            case TwinPlug.TcpListen listen -> TcpListenPlugging.open(listen);
            case TwinPlug.TcpConnect connect -> new TcpConnectPlugging(connect);
        };
    }

    /** Where it is plugged in: the pty slave, the address listened on, the address connected to. */
    String where();

    /** The plug to open on a replug: the same one, with a chosen port filled in. */
    TwinPlug replugAs();

    /**
     * The next connection, waiting up to {@code maxWait} for it.
     *
     * @return the connection, or null if none came in time or the plug was pulled meanwhile
     * @throws IOException if the plug failed in a way worth a warning (the caller waits and tries again)
     */
    Connection accept(Duration maxWait) throws IOException, InterruptedException;

    /** Pulls the plug. Idempotent. */
    @Override
    void close();

    default Optional<Path> slavePath() {
        return Optional.empty();
    }

    default OptionalInt listeningPort() {
        return OptionalInt.empty();
    }
}
