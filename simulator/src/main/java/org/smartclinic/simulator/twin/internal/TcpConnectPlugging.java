package org.smartclinic.simulator.twin.internal;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.smartclinic.simulator.twin.TwinPlug;

/**
 * A TCP client as the plug, like a converter in client mode: connects to the gateway's server port, sends the
 * hello first, and after a refusal or a dropped connection tries again after {@value #FIRST_BACKOFF_MS} ms,
 * doubling per consecutive refusal up to {@value #MAX_BACKOFF_MS} ms.
 */
final class TcpConnectPlugging implements Plugging {

    static final long FIRST_BACKOFF_MS = 100;
    static final long MAX_BACKOFF_MS = 1000;
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);
    private static final Duration HELLO_TIMEOUT = Duration.ofSeconds(1);
    private static final Logger LOG = LoggerFactory.getLogger(TcpConnectPlugging.class);

    private final TwinPlug.TcpConnect plug;
    private final CountDownLatch pulled = new CountDownLatch(1);
    private volatile boolean closed;
    private volatile SocketChannel connecting;
    private volatile ChannelPort current;
    private long backoffMs = FIRST_BACKOFF_MS;
    private long notBefore = System.nanoTime();

    TcpConnectPlugging(TwinPlug.TcpConnect plug) {
        this.plug = plug;
    }

    @Override
    public String where() {
        return plug.host() + ":" + plug.port();
    }

    @Override
    public TwinPlug replugAs() {
        return plug;
    }

    @Override
    public Connection accept(Duration maxWait) throws InterruptedException {
        long wait = notBefore - System.nanoTime();
        if (wait > 0) {
            pulled.await(Math.min(wait, maxWait.toNanos()), TimeUnit.NANOSECONDS);
            return null;
        }
        ChannelPort connection = connect();
        if (connection == null) {
            notBefore = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(backoffMs);
            backoffMs = Math.min(backoffMs * 2, MAX_BACKOFF_MS);
            return null;
        }
        backoffMs = FIRST_BACKOFF_MS;
        // Applies once this connection drops: a converter does not hammer a gateway that just hung up.
        notBefore = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(FIRST_BACKOFF_MS);
        return connection;
    }

    /** One attempt: connect, send the hello; null if refused, timed out, or the plug was pulled. */
    private ChannelPort connect() {
        SocketChannel channel = null;
        try {
            channel = SocketChannel.open();
            connecting = channel;
            if (closed) {
                channel.close();
                return null;
            }
            channel.socket().connect(new InetSocketAddress(plug.host(), plug.port()), (int) CONNECT_TIMEOUT.toMillis());
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            ChannelPort connection = new ChannelPort(channel, "tcp server " + channel.getRemoteAddress());
            current = connection;
            byte[] hello = plug.hello();
            if (closed || connection.write(hello, HELLO_TIMEOUT) < hello.length) {
                connection.close();
                return null;
            }
            return connection;
        } catch (IOException e) {
            LOG.debug("twin plug {}: {}", plug.describe(), e.toString());
            ChannelPort.closeQuietly(channel);
            return null;
        } finally {
            connecting = null;
        }
    }

    @Override
    public void close() {
        closed = true;
        pulled.countDown();
        ChannelPort.closeQuietly(connecting);
        ChannelPort.closeQuietly(current);
    }
}
