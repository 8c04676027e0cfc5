package org.smartclinic.simulator.device;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** The gateway's end of a twin's TCP line for tests: a plain socket, read line by line (LF-terminated, kept). */
final class TcpLine implements AutoCloseable {

    private final Socket socket;
    private final InputStream in;

    TcpLine(Socket socket) throws IOException {
        this.socket = socket;
        socket.setSoTimeout(10_000);
        socket.setTcpNoDelay(true);
        this.in = socket.getInputStream();
    }

    static TcpLine connect(int port) throws IOException {
        return new TcpLine(new Socket("127.0.0.1", port));
    }

    /** The next line with its CR LF, or null at the end of the stream. */
    String line() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0) {
            line.write(b);
            if (b == '\n') {
                return line.toString(StandardCharsets.ISO_8859_1);
            }
        }
        return line.size() == 0 ? null : line.toString(StandardCharsets.ISO_8859_1);
    }

    void answer(byte b) throws IOException {
        socket.getOutputStream().write(b);
        socket.getOutputStream().flush();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
