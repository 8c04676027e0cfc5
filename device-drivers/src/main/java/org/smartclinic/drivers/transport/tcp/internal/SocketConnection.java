package org.smartclinic.drivers.transport.tcp.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.smartclinic.drivers.transport.TransportListener;

/**
 * One open TCP connection to a device, on either side of the connect: one daemon reader thread hands what it
 * reads to a {@link TransportListener}, writes come from the caller's thread.
 *
 * <p>The connection ends once: on end of stream, a reset, a read error or {@link #drop}, the listener hears
 * {@link TransportListener#onClosed} exactly once, from the reader thread; after {@link #close()} it hears nothing
 * more. Bytes already read before the connection was handed over (a hub's identification) are delivered first,
 * from the reader thread, before anything newer.
 *
 * <p>Writes: a blocking socket has no write timeout of its own, so a guard closes the socket when one write has
 * not finished within {@link #WRITE_TIMEOUT} (the peer stopped reading and both buffers are full); the write then
 * fails and the connection ends with that reason.
 */
public final class SocketConnection {

    /** Longest a single write may block before the connection is given up. */
    public static final Duration WRITE_TIMEOUT = Duration.ofSeconds(10);

    private static final Logger LOG = LoggerFactory.getLogger(SocketConnection.class);
    private static final long JOIN_MILLIS = 1000;
    private static final ScheduledExecutorService WRITE_GUARD = writeGuard();

    private final Socket socket;
    private final String peer;
    private final String threadName;
    private final Duration writeTimeout;
    private final AtomicBoolean ended = new AtomicBoolean();
    private final Object writeLock = new Object();
    private volatile String dropReason;
    private volatile Thread reader;

    /**
     * @param socket     a connected socket; this connection owns it from now on
     * @param peer       the other end for messages, e.g. {@code 10.0.0.5:4001}
     * @param threadName name of the reader thread
     */
    public SocketConnection(Socket socket, String peer, String threadName) {
        this(socket, peer, threadName, WRITE_TIMEOUT);
    }

    /** As above, with another write timeout (tests). */
    public SocketConnection(Socket socket, String peer, String threadName, Duration writeTimeout) {
        this.socket = Objects.requireNonNull(socket, "socket");
        this.peer = Objects.requireNonNull(peer, "peer");
        this.threadName = Objects.requireNonNull(threadName, "threadName");
        this.writeTimeout = Objects.requireNonNull(writeTimeout, "writeTimeout");
    }

    /** Starts the reader thread; {@code firstBytes} (may be empty) go to the listener before any newer byte. */
    public void start(TransportListener listener, byte[] firstBytes) {
        Objects.requireNonNull(listener, "listener");
        Thread t = new Thread(() -> read(listener, firstBytes.clone()), threadName);
        t.setDaemon(true);
        reader = t;
        t.start();
    }

    /** Writes all of {@code bytes}, blocking at most {@link #WRITE_TIMEOUT}. */
    public void write(byte[] bytes) throws IOException {
        if (ended.get()) {
            throw new IOException("connection to " + peer + " is closed");
        }
        synchronized (writeLock) {
            AtomicBoolean stalled = new AtomicBoolean();
            ScheduledFuture<?> guard = WRITE_GUARD.schedule(() -> {
                stalled.set(true);
                drop(stalled());
            }, writeTimeout.toMillis(), TimeUnit.MILLISECONDS);
            try {
                OutputStream out = socket.getOutputStream();
                out.write(bytes);
                out.flush();
            } catch (IOException e) {
                if (stalled.get()) {
                    throw new IOException(stalled(), e);
                }
                throw new IOException("write to " + peer + " failed: " + e.getMessage(), e);
            } finally {
                guard.cancel(false);
            }
        }
    }

    /** True until the connection ended or was closed. */
    public boolean isOpen() {
        return !ended.get();
    }

    /** Ends the connection from outside; the listener hears {@code reason} once, as if the peer had closed. */
    public void drop(String reason) {
        dropReason = reason;
        closeSocket();
    }

    /** Closes; the listener hears nothing more; waits briefly for the reader thread to finish. Idempotent. */
    public void close() {
        ended.set(true);
        closeSocket();
        Thread t = reader;
        if (t != null && t != Thread.currentThread()) {
            try {
                t.join(JOIN_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void read(TransportListener listener, byte[] firstBytes) {
        byte[] buffer = new byte[4096];
        try {
            if (firstBytes.length > 0 && !ended.get()) {
                listener.onBytes(firstBytes, firstBytes.length);
            }
            InputStream in = socket.getInputStream();
            while (!ended.get()) {
                int n = in.read(buffer);
                if (n < 0) {
                    end(listener, peer + " closed the connection: device or converter restarted or powered off?");
                    return;
                }
                if (n > 0 && !ended.get()) {
                    listener.onBytes(buffer, n);
                }
            }
        } catch (IOException e) {
            end(listener, readFailure(e));
        } catch (RuntimeException e) {
            LOG.warn("connection to {}: listener failed; connection closed", peer, e);
            end(listener, "internal error while reading from " + peer + ": " + e);
        }
    }

    private void end(TransportListener listener, String reason) {
        if (ended.compareAndSet(false, true)) {
            closeSocket();
            String why = dropReason != null ? dropReason : reason;
            LOG.debug("connection to {} ended: {}", peer, why);
            listener.onClosed(why);
        }
    }

    private String stalled() {
        return "write to " + peer + " did not finish within " + writeTimeout.toMillis()
                + " ms: the device stopped reading (hung converter?)";
    }

    private String readFailure(IOException e) {
        String message = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
        if (message.contains("reset")) {
            return peer + " reset the connection: device or converter restarted?";
        }
        if (message.contains("timed out")) {
            return peer + " stopped answering keep-alive probes: powered off or network down?";
        }
        return "reading from " + peer + " failed: " + e.getMessage();
    }

    private void closeSocket() {
        try {
            socket.close();
        } catch (IOException e) {
            LOG.debug("closing the connection to {} failed", peer, e);
        }
    }

    private static ScheduledExecutorService writeGuard() {
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "tcp-write-guard");
            t.setDaemon(true);
            return t;
        });
        executor.setRemoveOnCancelPolicy(true);
        return executor;
    }
}
