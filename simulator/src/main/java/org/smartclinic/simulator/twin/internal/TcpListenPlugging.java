package org.smartclinic.simulator.twin.internal;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.OptionalInt;

import org.smartclinic.simulator.twin.TwinPlug;

/**
 * A listening socket as the plug, like a serial-to-Ethernet converter in server mode: one client at a time is
 * served, the next waits in the backlog. {@code SO_REUSEADDR} lets a replug listen on the same port again at once.
 */
final class TcpListenPlugging implements Plugging {

    private final ServerSocketChannel server;
    private final Selector selector;
    private final String host;
    private final int port;
    private volatile boolean closed;
    private volatile ChannelPort current;

    private TcpListenPlugging(ServerSocketChannel server, Selector selector, String host, int port) {
        this.server = server;
        this.selector = selector;
        this.host = host;
        this.port = port;
    }

    static TcpListenPlugging open(TwinPlug.TcpListen plug) throws IOException {
        ServerSocketChannel server = ServerSocketChannel.open();
        Selector selector = null;
        try {
            server.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            server.bind(new InetSocketAddress(plug.bindHost(), plug.port()));
            server.configureBlocking(false);
            selector = Selector.open();
            server.register(selector, SelectionKey.OP_ACCEPT);
            int bound = ((InetSocketAddress) server.getLocalAddress()).getPort();
            return new TcpListenPlugging(server, selector, plug.bindHost(), bound);
        } catch (IOException | RuntimeException e) {
            ChannelPort.closeQuietly(selector);
            ChannelPort.closeQuietly(server);
            throw new IOException("cannot listen on " + plug.bindHost() + ":" + plug.port() + ": " + e.getMessage(),
                    e);
        }
    }

    @Override
    public String where() {
        return host + ":" + port;
    }

    @Override
    public TwinPlug replugAs() {
        return new TwinPlug.TcpListen(host, port);
    }

    @Override
    public OptionalInt listeningPort() {
        return OptionalInt.of(port);
    }

    @Override
    public Connection accept(Duration maxWait) throws IOException {
        if (closed) {
            return null;
        }
        SocketChannel client;
        try {
            selector.select(Math.max(1, maxWait.toMillis()));
            selector.selectedKeys().clear();
            client = server.accept();
        } catch (ClosedSelectorException | ClosedChannelException e) {
            return null;
        }
        if (client == null) {
            return null;
        }
        client.setOption(StandardSocketOptions.TCP_NODELAY, true);
        ChannelPort connection = new ChannelPort(client, "tcp client " + client.getRemoteAddress());
        current = connection;
        if (closed) {
            connection.close();
            return null;
        }
        return connection;
    }

    @Override
    public void close() {
        closed = true;
        ChannelPort.closeQuietly(selector);
        ChannelPort.closeQuietly(server);
        ChannelPort.closeQuietly(current);
    }
}
