package org.smartclinic.drivers.transport.tcp.internal;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

import org.smartclinic.drivers.transport.tcp.UnknownConnection.Reason;

/**
 * Reads the first bytes of a new connection until a {@link FirstBytesMatcher} decides, bounded twice: at most
 * {@code max} bytes and at most {@code timeout} in all. Runs on the connection's own thread, never the acceptor's.
 */
public final class FirstBytesReader {

    /** The verdict and every byte read to reach it (all of them: what the driver must see is not lost). */
    public record Result(FirstBytesMatcher.Verdict verdict, byte[] bytes) {
    }

    private FirstBytesReader() {
    }

    /**
     * Reads and matches. On a device verdict the socket is back in blocking mode without a read timeout; a read
     * failure is an unknown verdict, never an exception.
     */
    public static Result read(Socket socket, FirstBytesMatcher matcher, Duration timeout, int max) {
        byte[] buffer = new byte[max];
        int length = 0;
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            InputStream in = socket.getInputStream();
            while (true) {
                FirstBytesMatcher.Verdict verdict = matcher.check(buffer, length);
                if (!(verdict instanceof FirstBytesMatcher.NeedMore)) {
                    socket.setSoTimeout(0);
                    return new Result(verdict, Arrays.copyOf(buffer, length));
                }
                if (length == max) {
                    return unknown(Reason.TOO_LONG, "sent " + max + " bytes without a registered hello or a first"
                            + " message naming a registered serial number", buffer, length);
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return timedOut(timeout, buffer, length);
                }
                int n = readSome(socket, in, buffer, length, left);
                if (n < 0) {
                    return unknown(Reason.CLOSED_EARLY, length == 0 ? "closed the connection without sending"
                            + " anything" : "closed the connection before it was recognised", buffer, length);
                }
                length += n;
            }
        } catch (IOException e) {
            return unknown(Reason.CLOSED_EARLY, "the connection failed before it was recognised: " + e.getMessage(),
                    buffer, length);
        }
    }

    /** Reads what arrives within {@code nanos}: the count, 0 when nothing came in time, -1 at end of stream. */
    private static int readSome(Socket socket, InputStream in, byte[] buffer, int length, long nanos)
            throws IOException {
        socket.setSoTimeout((int) Math.max(1, TimeUnit.NANOSECONDS.toMillis(nanos)));
        try {
            return in.read(buffer, length, buffer.length - length);
        } catch (SocketTimeoutException e) {
            return 0;
        }
    }

    private static Result timedOut(Duration timeout, byte[] buffer, int length) {
        String within = "within " + seconds(timeout);
        if (length == 0) {
            return unknown(Reason.SILENT, "sent nothing " + within, buffer, 0);
        }
        return unknown(Reason.NOT_RECOGNISED, "sent no hello and its first message names no registered serial"
                + " number (nothing complete " + within + ")", buffer, length);
    }

    private static Result unknown(Reason reason, String detail, byte[] buffer, int length) {
        return new Result(new FirstBytesMatcher.Unknown(reason, detail), Arrays.copyOf(buffer, length));
    }

    private static String seconds(Duration d) {
        long ms = d.toMillis();
        return ms % 1000 == 0 ? ms / 1000 + " s" : ms + " ms";
    }
}
