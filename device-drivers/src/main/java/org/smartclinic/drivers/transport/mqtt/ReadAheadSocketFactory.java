package org.smartclinic.drivers.transport.mqtt;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;

import javax.net.SocketFactory;

/**
 * Plain TCP sockets whose input is read ahead in 64 KiB blocks, for Paho's {@code tcp://} connections. Paho reads a
 * packet's fixed header and remaining length a byte at a time from the socket's own stream and asks it how much is
 * available before each packet: unbuffered, every one of those is a system call, which at thousands of messages a
 * second was most of the MQTT receiver thread's CPU (JFR, docs/benchmarks.md). Only reading changes: writes,
 * timeouts and closing are the socket's own.
 */
final class ReadAheadSocketFactory extends SocketFactory {

    static final int BUFFER = 64 * 1024;

    @Override
    public Socket createSocket() {
        return new ReadAheadSocket();
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
        return connected(new InetSocketAddress(host, port));
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
        Socket s = new ReadAheadSocket();
        s.bind(new InetSocketAddress(localHost, localPort));
        s.connect(new InetSocketAddress(host, port));
        return s;
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
        return connected(new InetSocketAddress(host, port));
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
            throws IOException {
        Socket s = new ReadAheadSocket();
        s.bind(new InetSocketAddress(localAddress, localPort));
        s.connect(new InetSocketAddress(address, port));
        return s;
    }

    private static Socket connected(InetSocketAddress address) throws IOException {
        Socket s = new ReadAheadSocket();
        s.connect(address);
        return s;
    }

    /** A socket that hands out one buffered input stream. */
    private static final class ReadAheadSocket extends Socket {
        private InputStream in;

        @Override
        public synchronized InputStream getInputStream() throws IOException {
            if (in == null) {
                in = new ReadAheadStream(super.getInputStream());
            }
            return in;
        }
    }

    /**
     * Answers {@link #available()} from what is buffered when it can, without asking the socket. A read that
     * times out consumes nothing, so Paho's resumption of a packet after {@code SocketTimeoutException} holds.
     */
    static final class ReadAheadStream extends BufferedInputStream {
        ReadAheadStream(InputStream in) {
            super(in, BUFFER);
        }

        @Override
        public synchronized int available() throws IOException {
            int buffered = count - pos;
            return buffered > 0 ? buffered : super.available();
        }
    }
}
