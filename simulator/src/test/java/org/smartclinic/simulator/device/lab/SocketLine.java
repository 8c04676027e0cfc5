package org.smartclinic.simulator.device.lab;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;

import org.smartclinic.drivers.transport.ByteTransport;
import org.smartclinic.drivers.transport.TransportListener;

/** An accepted socket as a byte transport for the test host: a reader thread, writes on the caller's thread. */
final class SocketLine implements ByteTransport {

    private final Socket socket;
    private volatile boolean closed;

    SocketLine(Socket socket) {
        this.socket = socket;
    }

    @Override
    public void open(TransportListener listener) throws IOException {
        socket.setTcpNoDelay(true);
        InputStream in = socket.getInputStream();
        Thread reader = new Thread(() -> {
            byte[] buf = new byte[1024];
            try {
                int n;
                while ((n = in.read(buf)) >= 0) {
                    listener.onBytes(buf.clone(), n);
                }
                listener.onClosed("end of stream");
            } catch (IOException e) {
                if (!closed) {
                    listener.onClosed(e.toString());
                }
            }
        }, "socket-line");
        reader.setDaemon(true);
        reader.start();
    }

    @Override
    public void write(byte[] bytes) throws IOException {
        socket.getOutputStream().write(bytes);
        socket.getOutputStream().flush();
    }

    @Override
    public void close() {
        closed = true;
        try {
            socket.close();
        } catch (IOException e) {
            // Closing a test socket: nothing to release.
        }
    }

    @Override
    public String describe() {
        return "socket " + socket.getRemoteSocketAddress();
    }
}
