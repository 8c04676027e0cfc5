package org.smartclinic.simulator.twin.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.time.Duration;

/**
 * A TCP connection as a port: a non-blocking channel and its own selector, so reads and writes wait with a
 * deadline and {@link #close()} from another thread wakes them at once. A reset, a closed channel or the peer's
 * end of stream all read as -1: for a device the line is simply gone.
 */
final class ChannelPort implements Connection {

    private final SocketChannel channel;
    private final Selector selector;
    private final SelectionKey key;
    private final String peer;
    private volatile boolean closed;

    ChannelPort(SocketChannel channel, String peer) throws IOException {
        this.channel = channel;
        this.peer = peer;
        channel.configureBlocking(false);
        this.selector = Selector.open();
        try {
            this.key = channel.register(selector, 0);
        } catch (IOException | RuntimeException e) {
            selector.close();
            throw e;
        }
    }

    @Override
    public int read(byte[] buf, Duration timeout) {
        ByteBuffer target = ByteBuffer.wrap(buf);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!closed) {
            int n;
            try {
                n = channel.read(target);
            } catch (IOException e) {
                return -1;
            }
            if (n != 0) {
                return n;
            }
            if (!await(SelectionKey.OP_READ, deadline)) {
                return closed ? -1 : 0;
            }
        }
        return -1;
    }

    @Override
    public int write(byte[] bytes, Duration timeout) {
        ByteBuffer source = ByteBuffer.wrap(bytes);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (source.hasRemaining() && !closed) {
            try {
                channel.write(source);
            } catch (IOException e) {
                return -1;
            }
            if (source.hasRemaining() && !await(SelectionKey.OP_WRITE, deadline)) {
                break;
            }
        }
        // A write that went out whole counts even if the port closed meanwhile: the bytes are on the line, and
        // the peer may well have read them; the next call then reports the end.
        return closed && source.hasRemaining() ? -1 : source.position();
    }

    /** Waits until the channel may be ready for {@code op}; false if the deadline passed or the port closed. */
    private boolean await(int op, long deadline) {
        long left = deadline - System.nanoTime();
        if (left <= 0 || closed) {
            return false;
        }
        try {
            key.interestOps(op);
            selector.select(Math.max(1, (left + 999_999) / 1_000_000));
            selector.selectedKeys().clear();
            return !closed;
        } catch (IOException | ClosedSelectorException | CancelledKeyException e) {
            return false;
        }
    }

    @Override
    public String peer() {
        return peer;
    }

    @Override
    public void close() {
        closed = true;
        closeQuietly(selector);
        closeQuietly(channel);
    }

    static void closeQuietly(AutoCloseable c) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (Exception e) {
            // Nothing left to release that a failed close would keep.
        }
    }
}
