package org.smartclinic.simulator.twin;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** The gateway's end of a twin's TCP line for tests: a plain socket, read line by line (LF-terminated, kept). */
public final class TcpPeer implements AutoCloseable {

    private final Socket socket;
    private final InputStream in;

    public TcpPeer(Socket socket) throws IOException {
        this.socket = socket;
        socket.setSoTimeout(10_000);
        socket.setTcpNoDelay(true);
        this.in = new BufferedInputStream(socket.getInputStream());
    }

    public static TcpPeer connect(int port) throws IOException {
        return new TcpPeer(new Socket("127.0.0.1", port));
    }

    /** The next line with its CR LF, or null at the end of the stream. */
    public String line() throws IOException {
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

    public void answer(byte b) throws IOException {
        socket.getOutputStream().write(b);
        socket.getOutputStream().flush();
    }

    /** Reads and counts bytes until {@code n} came or the stream ended; the count. */
    public long skip(long n) throws IOException {
        byte[] buf = new byte[8192];
        long total = 0;
        int r;
        while (total < n && (r = in.read(buf, 0, (int) Math.min(buf.length, n - total))) >= 0) {
            total += r;
        }
        return total;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
