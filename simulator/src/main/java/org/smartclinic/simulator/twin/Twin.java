package org.smartclinic.simulator.twin;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.smartclinic.simulator.twin.internal.Connection;
import org.smartclinic.simulator.twin.internal.CountingPort;
import org.smartclinic.simulator.twin.internal.Plugging;

/**
 * The twin engine: plugs a device's {@link TwinBehaviour} in as a {@link TwinPlug} says and runs it on one daemon
 * thread, {@code twin-<name>}, once per connection.
 *
 * <pre>
 *   start --&gt; PLUGGED --connection up--&gt; behaviour.run(port) --port says -1--&gt; PLUGGED (next connection)
 *                |  ^                                                   unplug(): the port says -1
 *       unplug() v  | replug(), or the delay of context.unplugFor() passed
 *             UNPLUGGED
 *   any state --close()--&gt; CLOSED (thread ended, plug pulled, nothing left open)
 * </pre>
 *
 * <p>Replugging a pty that is still in is a device reset: the new pty gets the symlink first, then the old one is
 * closed, so the gateway never finds the path missing. A TCP plug is closed first, then opened again on the same
 * port. While unplugged, or plugged with nobody connected, the behaviour does not run; its fields keep its state.
 *
 * <p>{@link #close()} ends the thread (it waits up to 5 s for the behaviour to notice) and releases every
 * descriptor. Listener calls come from the twin's thread or the caller of unplug/replug; a throwing listener is
 * logged and ignored.
 */
public final class Twin implements AutoCloseable {

    /** What the engine counts. */
    public enum Count {
        /** Plug-ins, the first included. */
        PLUGS,
        /** Unplugs before close. */
        UNPLUGS,
        /** Connections the behaviour ran on. */
        CONNECTIONS,
        BYTES_WRITTEN,
        /** Bytes a write could not put on the line in time. */
        BYTES_LOST,
        BYTES_READ
    }

    /** Plug and connection events; quick, from the twin's thread or the caller of unplug/replug. */
    public interface Listener {
        /** Plugged in (again) at {@code where}: the pty slave, the address listened on, or connected to. */
        default void plugged(String where) {
        }

        default void unplugged() {
        }

        /** A connection is up; for a pty, from plug-in to unplug. */
        default void connected(String peer) {
        }

        default void disconnected(String peer) {
        }
    }

    static final Duration ACCEPT_WAIT = Duration.ofMillis(200);
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(5);
    private static final Logger LOG = LoggerFactory.getLogger(Twin.class);

    private final String name;
    private final TwinBehaviour behaviour;
    private final Listener listener;
    private final TwinCounters<Count> counters = new TwinCounters<>(Count.class);
    private final Object lock = new Object();
    private final TwinLoop loop;
    private TwinPlug plug;
    private Plugging plugging;
    private boolean closed;
    private long replugAt;
    private boolean replugDue;
    private volatile Connection current;

    private Twin(String name, TwinPlug plug, TwinBehaviour behaviour, Listener listener) {
        this.name = Objects.requireNonNull(name, "name");
        this.plug = Objects.requireNonNull(plug, "plug");
        this.behaviour = Objects.requireNonNull(behaviour, "behaviour");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.loop = new TwinLoop(this);
    }

    /** Plugs {@code behaviour} in and starts its thread; no listener. */
    public static Twin start(String name, TwinPlug plug, TwinBehaviour behaviour) throws IOException {
        return start(name, plug, behaviour, new Listener() { });
    }

    /**
     * Plugs {@code behaviour} in as {@code plug} says and starts its thread {@code twin-<name>}.
     *
     * @throws IOException if the plug cannot go in (no pty, port taken, the link path is a regular file)
     */
    public static Twin start(String name, TwinPlug plug, TwinBehaviour behaviour, Listener listener)
            throws IOException {
        Twin twin = new Twin(name, plug, behaviour, listener);
        twin.replug();
        twin.loop.start();
        return twin;
    }

    public String name() {
        return name;
    }

    /** The plug, with a port chosen by the system filled in once listening. */
    public TwinPlug plug() {
        synchronized (lock) {
            return plug;
        }
    }

    public boolean isPlugged() {
        synchronized (lock) {
            return plugging != null;
        }
    }

    /** True while a connection is up (for a pty: while plugged in). */
    public boolean isConnected() {
        return current != null;
    }

    /** The current pty slave; empty while unplugged or for a TCP plug. */
    public Optional<Path> slavePath() {
        synchronized (lock) {
            return plugging == null ? Optional.empty() : plugging.slavePath();
        }
    }

    /** The port listened on (the chosen one for port 0); empty unless a {@link TwinPlug.TcpListen}. */
    public OptionalInt listeningPort() {
        return plug() instanceof TwinPlug.TcpListen listen ? OptionalInt.of(listen.port()) : OptionalInt.empty();
    }

    public TwinCounters<Count> counters() {
        return counters;
    }

    /** Pulls the plug; it stays out until {@link #replug()}. */
    public void unplug() {
        unplug(true);
    }

    /** Plugs in again (a device reset if still plugged, see the class comment). */
    public void replug() throws IOException {
        Plugging fresh;
        synchronized (lock) {
            if (closed) {
                throw new IllegalStateException("twin " + name + " is closed");
            }
            Plugging old = plugging;
            boolean resetPty = old != null && plug instanceof TwinPlug.Pty;
            if (old != null && !resetPty) {
                plugging = null;
                old.close();
            }
            fresh = Plugging.open(plug);
            plug = fresh.replugAs();
            plugging = fresh;
            replugDue = false;
            lock.notifyAll();
            if (resetPty) {
                old.close();
            }
        }
        counters.increment(Count.PLUGS);
        LOG.info("twin {}: plugged in at {}", name, fresh.where());
        tell(l -> l.plugged(fresh.where()));
    }

    /** Switches the device off: pulls the plug, ends the thread. Idempotent. */
    @Override
    public void close() {
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            lock.notifyAll();
        }
        unplug(false);
        loop.awaitEnd(CLOSE_WAIT);
    }

    @Override
    public String toString() {
        return "twin " + name + " (" + plug().describe() + (isPlugged() ? "" : ", unplugged") + ")";
    }

    private void unplug(boolean tell) {
        Plugging old;
        synchronized (lock) {
            old = plugging;
            plugging = null;
            replugDue = false;
            lock.notifyAll();
        }
        if (old != null) {
            old.close();
            if (tell) {
                counters.increment(Count.UNPLUGS);
                LOG.info("twin {}: unplugged", name);
                tell(Listener::unplugged);
            }
        }
    }

    /** The plug to take the next connection from, waiting for a replug; null once closed. */
    Plugging awaitPlugging() throws InterruptedException {
        while (true) {
            synchronized (lock) {
                if (closed) {
                    return null;
                }
                if (plugging != null) {
                    return plugging;
                }
                long left = replugDue ? replugAt - System.nanoTime() : Long.MAX_VALUE;
                if (left > 0) {
                    lock.wait(left == Long.MAX_VALUE ? 0 : Math.max(1, left / 1_000_000));
                    continue;
                }
            }
            try {
                replug();
            } catch (IOException | IllegalStateException e) {
                LOG.error("twin {} cannot be plugged in again; stays unplugged", name, e);
            }
        }
    }

    /** Runs the behaviour on one connection, to its end. */
    void converse(Connection connection) throws InterruptedException {
        current = connection;
        counters.increment(Count.CONNECTIONS);
        tell(l -> l.connected(connection.peer()));
        try {
            TwinPort port = new CountingPort(name, connection, counters);
            behaviour.run(port, loop);
            loop.discardUntilEnd(port);
        } catch (IOException e) {
            LOG.warn("twin {}: connection {} failed: {}", name, connection.peer(), e.toString());
            pause(ACCEPT_WAIT);
        } finally {
            current = null;
            connection.close();
            tell(l -> l.disconnected(connection.peer()));
        }
    }

    /** Waits {@code duration} unless closed first. */
    void pause(Duration duration) throws InterruptedException {
        synchronized (lock) {
            MonitorWait.until(lock, () -> closed, duration);
        }
    }

    boolean isClosing() {
        synchronized (lock) {
            return closed;
        }
    }

    void unplugFor(Duration delay) {
        unplug(true);
        synchronized (lock) {
            if (!closed) {
                replugAt = System.nanoTime() + delay.toNanos();
                replugDue = true;
                lock.notifyAll();
            }
        }
    }

    private void tell(Consumer<Listener> call) {
        try {
            call.accept(listener);
        } catch (RuntimeException e) {
            LOG.warn("twin {}: listener failed; ignored", name, e);
        }
    }
}
