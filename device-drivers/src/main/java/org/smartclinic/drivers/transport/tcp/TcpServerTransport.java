package org.smartclinic.drivers.transport.tcp;

import java.io.IOException;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.smartclinic.drivers.transport.ByteTransport;
import org.smartclinic.drivers.transport.TransportListener;
import org.smartclinic.drivers.transport.tcp.HubDevices.Handoff;
import org.smartclinic.drivers.transport.tcp.internal.SocketConnection;

/**
 * One device's connection on a {@link TcpServerHub}'s shared port, for one connection attempt of its
 * {@link org.smartclinic.drivers.link.DeviceLink} (the link makes a new one per attempt).
 *
 * <p>{@link #open} waits, on the caller's thread, until the hub hands over a connection identified as this device
 * (the link shows CONNECTING meanwhile, e.g. "opening tcp-server:0.0.0.0:5001 (waiting for 10.0.0.5)"), or takes
 * one the hub kept because it arrived while the link was not waiting. {@link #close()} from another thread ends
 * the wait at once with an {@link IOException} "closed"; unregistering the device or closing the hub ends it
 * with their reason. Once connected it behaves as {@link TcpClientTransport}: one daemon reader thread
 * ({@code tcp-server-<port>-<deviceId>}) delivers first the bytes the hub read while identifying the device (minus
 * a hello), then everything newer; {@link TransportListener#onClosed} comes exactly once unless {@link #close()}
 * came first, also when the hub closes this connection because the device connected again (reason "replaced by a
 * new connection from ..."). Writes block for at most {@link SocketConnection#WRITE_TIMEOUT}.
 */
public final class TcpServerTransport implements ByteTransport {

    private static final Logger LOG = LoggerFactory.getLogger(TcpServerTransport.class);

    private final TcpServerHub hub;
    private final String deviceId;
    private volatile CompletableFuture<Handoff> claim;
    private volatile Handoff handoff;
    private volatile SocketConnection connection;
    private volatile String endedBecause;
    private volatile boolean closed;
    private boolean opened;

    public TcpServerTransport(TcpServerHub hub, String deviceId) {
        this.hub = Objects.requireNonNull(hub, "hub");
        this.deviceId = Objects.requireNonNull(deviceId, "deviceId");
    }

    @Override
    public void open(TransportListener listener) throws IOException {
        Objects.requireNonNull(listener, "listener");
        synchronized (this) {
            if (closed) {
                throw new IOException("closed");
            }
            if (opened) {
                throw new IllegalStateException(describe() + " was already opened; use a new transport per connection");
            }
            opened = true;
        }
        CompletableFuture<Handoff> f = hub.claim(deviceId, this);
        claim = f;
        if (closed) {
            // close() may have run before claim was set: it could not end this wait, so end it here.
            f.completeExceptionally(new IOException("closed"));
        }
        Handoff h = await(f);
        start(h, listener);
        LOG.debug("{}: connected", describe());
    }

    /** Starts reading the connection handed over, unless this transport was closed meanwhile. */
    private void start(Handoff h, TransportListener listener) throws IOException {
        SocketConnection c = new SocketConnection(h.socket(), h.remote(), "tcp-server-" + hub.port() + "-" + deviceId);
        synchronized (this) {
            if (closed) {
                c.close();
                throw new IOException("closed");
            }
            handoff = h;
            connection = c;
        }
        String ended = endedBecause;
        if (ended != null) {
            // The hub ended this connection before it was started: the listener hears why, first thing.
            c.drop(ended);
        }
        c.start(listener, h.firstBytes());
    }

    @Override
    public void write(byte[] bytes) throws IOException {
        SocketConnection c = connection;
        if (c == null || closed) {
            throw new IOException(describe() + " is not open");
        }
        c.write(bytes);
    }

    @Override
    public void close() {
        SocketConnection c;
        synchronized (this) {
            closed = true;
            c = connection;
        }
        CompletableFuture<Handoff> f = claim;
        if (f != null) {
            f.completeExceptionally(new IOException("closed"));
        }
        if (c != null) {
            c.close();
        }
        hub.released(deviceId, this);
    }

    /**
     * {@code tcp-server:<bind>:<port> (waiting for <rule>)} until connected, then
     * {@code tcp-server:<bind>:<port> (<device> from <ip>:<port>)}.
     */
    @Override
    public String describe() {
        Handoff h = handoff;
        if (h != null) {
            return hub.describe() + " (" + deviceId + " from " + h.remote() + ")";
        }
        String rule = hub.registration(deviceId).map(Identification::waitingFor).orElse("device " + deviceId
                + ", not registered");
        return hub.describe() + " (waiting for " + rule + ")";
    }

    /** The hub ends this connection (the device connected again, it was unregistered, the hub closes). */
    void replacedBy(String reason) {
        endedBecause = reason;
        SocketConnection c = connection;
        if (c != null) {
            c.drop(reason);
        }
    }

    /** Stops waiting; a connection handed over in the meantime is closed, not leaked. */
    private void abandon(CompletableFuture<Handoff> f) {
        if (!f.completeExceptionally(new IOException("closed")) && !f.isCompletedExceptionally()) {
            TcpServerHub.closeQuietly(f.join().socket());
        }
        hub.released(deviceId, this);
    }

    private Handoff await(CompletableFuture<Handoff> f) throws IOException {
        try {
            return f.get();
        } catch (ExecutionException e) {
            abandon(f);
            Throwable cause = e.getCause();
            throw cause instanceof IOException io ? new IOException(io.getMessage(), io)
                    : new IOException("waiting for device " + deviceId + " failed: " + cause, cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            abandon(f);
            throw new IOException("interrupted while waiting for device " + deviceId + " to connect", e);
        }
    }
}
