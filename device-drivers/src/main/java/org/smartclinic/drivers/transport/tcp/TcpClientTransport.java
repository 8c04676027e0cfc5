package org.smartclinic.drivers.transport.tcp;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.Locale;
import java.util.Objects;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.smartclinic.drivers.transport.ByteTransport;
import org.smartclinic.drivers.transport.TransportListener;
import org.smartclinic.drivers.transport.tcp.internal.SocketConnection;
import org.smartclinic.drivers.transport.tcp.internal.SocketTuning;

/**
 * The gateway as TCP client of a device, usually a serial-to-Ethernet converter in TCP server mode. One connection
 * per instance: a {@link org.smartclinic.drivers.link.DeviceLink} makes a new one for every attempt.
 *
 * <p>{@link #open} resolves the host, connects within {@link TcpClientSettings#connectTimeout()}, sets
 * {@code SO_KEEPALIVE} and, where the JDK offers {@code jdk.net.ExtendedSocketOptions} (Linux), keep-alive probes
 * after 30 s of silence every 10 s, three times, so a converter that lost power or network is noticed within
 * about a minute even when the protocol has no heartbeat; and {@code TCP_NODELAY} so each acknowledgement leaves
 * at once. Received bytes go to the listener from one daemon thread, {@code tcp-<host>:<port>}.
 *
 * <p>The connection ends by itself on end of stream, a reset or a read error: the listener hears
 * {@link TransportListener#onClosed} exactly once, unless {@link #close()} came first. {@link #close()} during
 * {@link #open} ends the connect at once with an {@link IOException} "closed".
 *
 * <p>Writes block until the bytes are handed to the system; one that cannot finish within
 * {@link SocketConnection#WRITE_TIMEOUT} (the device stopped reading) fails and ends the connection.
 *
 * <p>Open failures say what to check: the converter refused (off, or not in TCP server mode on that port), the
 * host name is unknown, no answer within the timeout (cable, address, firewall), no route to the network.
 */
public final class TcpClientTransport implements ByteTransport {

    private static final Logger LOG = LoggerFactory.getLogger(TcpClientTransport.class);

    private final TcpClientSettings settings;
    private volatile Socket socket;
    private volatile SocketConnection connection;
    private volatile boolean closed;

    public TcpClientTransport(TcpClientSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    @Override
    public void open(TransportListener listener) throws IOException {
        Objects.requireNonNull(listener, "listener");
        Socket s;
        synchronized (this) {
            if (closed) {
                throw new IOException("closed");
            }
            if (socket != null) {
                throw new IllegalStateException(describe() + " was already opened; use a new transport per connection");
            }
            s = new Socket();
            socket = s;
        }
        connect(s);
        SocketConnection c = new SocketConnection(s, settings.address(), "tcp-" + settings.address());
        synchronized (this) {
            if (closed) {
                c.close();
                throw new IOException("closed");
            }
            connection = c;
        }
        c.start(listener, new byte[0]);
        LOG.debug("opened {}", describe());
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
        Socket s;
        synchronized (this) {
            closed = true;
            c = connection;
            s = socket;
        }
        if (c != null) {
            c.close();
        } else if (s != null) {
            try {
                s.close();
            } catch (IOException e) {
                LOG.debug("closing {} failed", describe(), e);
            }
        }
    }

    @Override
    public String describe() {
        return "tcp:" + settings.address();
    }

    /** Resolves and connects; on failure the transport is closed and the reason says what to check. */
    private void connect(Socket s) throws IOException {
        InetSocketAddress address = new InetSocketAddress(settings.host(), settings.port());
        if (address.isUnresolved()) {
            close();
            throw new IOException("host '" + settings.host() + "' unknown: check the name or use an IP address");
        }
        try {
            SocketTuning.apply(s, settings.keepAlive(), settings.noDelay());
            s.connect(address, (int) settings.connectTimeout().toMillis());
        } catch (IOException e) {
            boolean closedMeanwhile = closed;
            close();
            throw closedMeanwhile ? new IOException("closed") : connectFailure(e);
        }
    }

    private IOException connectFailure(IOException e) {
        String at = settings.address();
        String message = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
        if (e instanceof SocketTimeoutException) {
            return new IOException("no answer from " + at + " within " + seconds() + ": network cable, address,"
                    + " firewall?", e);
        }
        if (e instanceof ConnectException && message.contains("refused")) {
            return new IOException("connection refused by " + at + ": is the converter on and in TCP server mode"
                    + " on that port?", e);
        }
        if (e instanceof NoRouteToHostException || message.contains("unreachable")) {
            return new IOException("no route to " + at + ": is the gateway on the converter's network (address,"
                    + " netmask, gateway)?", e);
        }
        return new IOException("cannot connect to " + at + ": " + e.getMessage(), e);
    }

    private String seconds() {
        long ms = settings.connectTimeout().toMillis();
        return ms % 1000 == 0 ? ms / 1000 + " s" : ms + " ms";
    }
}
