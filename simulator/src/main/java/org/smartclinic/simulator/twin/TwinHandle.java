package org.smartclinic.simulator.twin;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * What every device twin on the engine offers its users, whatever its protocol: where it is plugged, the cable
 * (unplug, replug), the engine's line counts, what its fault plan injected, and switching it off. A device twin
 * extends this, builds its {@link TwinBehaviour}, {@link #plugIn plugs it in} from its builder, and adds only its
 * own stats, waits and run-time controls. The engine {@link Twin} does the work; this is its facade.
 */
public abstract class TwinHandle implements AutoCloseable {

    private final TwinPlug requested;
    private final Faults faults;
    private Twin twin;

    /**
     * @param plug   how the twin is to be plugged, as its builder was told
     * @param faults the behaviour's fault injector, whose counts {@link #injected()} reports
     */
    protected TwinHandle(TwinPlug plug, Faults faults) {
        this.requested = Objects.requireNonNull(plug, "plug");
        this.faults = Objects.requireNonNull(faults, "faults");
    }

    /**
     * Plugs {@code behaviour} in and starts the engine's thread, {@code twin-<model>-<where>}: {@code where} is the
     * link's file name for a pty, {@code listen-<port>} for a TCP server, {@code <host>-<port>} for a TCP client.
     *
     * @throws IOException if the plug cannot go in (no pty, port taken, the link path a regular file)
     */
    protected final void plugIn(String model, TwinBehaviour behaviour, Twin.Listener listener) throws IOException {
        twin = Twin.start(model + "-" + where(requested), requested, behaviour, listener);
    }

    /** The symlink the gateway opens. */
    public Path link() {
        if (requested instanceof TwinPlug.Pty pty) {
            return pty.link();
        }
        throw new IllegalStateException("this twin is plugged by " + requested.describe() + ", not a pty");
    }

    /** How it is plugged; for a TCP server on port 0, with the chosen port. */
    public TwinPlug plug() {
        return twin.plug();
    }

    /** The port a TCP-server twin listens on. */
    public OptionalInt listeningPort() {
        return twin.listeningPort();
    }

    /** The current pty slave, empty while unplugged (and for TCP plugs). */
    public Optional<Path> slavePath() {
        return twin.slavePath();
    }

    /** True while the plug is in (a TCP plug may still wait for its peer). */
    public boolean isPlugged() {
        return twin.isPlugged();
    }

    /** True while a connection is up (a pty: while plugged in). */
    public boolean isConnected() {
        return twin.isConnected();
    }

    /** What the fault plan (and the builder's fault knobs) injected so far, by kind. */
    public TwinCounters<Faults.Injected> injected() {
        return faults.counters();
    }

    /** The engine's counts: plugs, connections, bytes. */
    public TwinCounters<Twin.Count> lineCounters() {
        return twin.counters();
    }

    /** Pulls the cable: a pty closes and its symlink goes, a TCP plug closes; the gateway sees the hang-up. */
    public void unplug() {
        twin.unplug();
    }

    /** Plugs in again; when still plugged this is a device reset (see {@link Twin}). */
    public void replug() throws IOException {
        twin.replug();
    }

    /** Switches the device off: stops its thread and unplugs. Idempotent. */
    @Override
    public void close() {
        twin.close();
    }

    private static String where(TwinPlug plug) {
        return switch (plug) {
            case TwinPlug.Pty pty -> String.valueOf(pty.link().getFileName());
            case TwinPlug.TcpListen listen -> "listen-" + listen.port();
            case TwinPlug.TcpConnect connect -> connect.host() + "-" + connect.port();
        };
    }
}
