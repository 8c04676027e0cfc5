package org.smartclinic.simulator.twin.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

import org.smartclinic.simulator.pty.Pty;
import org.smartclinic.simulator.twin.TwinPlug;

/**
 * A pseudo-terminal as the plug: the connection is the pty itself, up from plug-in to unplug. Whether the gateway
 * has the slave open is invisible from the master side; bytes written before it does wait in the line buffer.
 */
final class PtyPlugging implements Plugging {

    private final Pty pty;
    private final Path link;

    private PtyPlugging(Pty pty, Path link) {
        this.pty = pty;
        this.link = link;
    }

    static PtyPlugging open(Path link) throws IOException {
        return new PtyPlugging(Pty.open(link), link);
    }

    @Override
    public String where() {
        return pty.slavePath().toString();
    }

    @Override
    public TwinPlug replugAs() {
        return TwinPlug.pty(link);
    }

    @Override
    public Optional<Path> slavePath() {
        return Optional.of(pty.slavePath());
    }

    @Override
    public Connection accept(Duration maxWait) {
        return pty.isOpen() ? new PtyConnection(pty) : null;
    }

    @Override
    public void close() {
        pty.close();
    }

    /** The pty as a port; closing it leaves the pty to the plug, which owns it. */
    private record PtyConnection(Pty pty) implements Connection {

        @Override
        public int read(byte[] buf, Duration timeout) throws IOException {
            return pty.read(buf, timeout);
        }

        @Override
        public int write(byte[] bytes, Duration timeout) throws IOException {
            try {
                return pty.write(bytes, timeout);
            } catch (IOException e) {
                if (!pty.isOpen()) {
                    return -1;
                }
                throw e;
            }
        }

        @Override
        public String peer() {
            return "pty " + pty.slavePath();
        }

        @Override
        public void close() {
            // The pty stays until unplugged; the next connection is the same line.
        }
    }
}
