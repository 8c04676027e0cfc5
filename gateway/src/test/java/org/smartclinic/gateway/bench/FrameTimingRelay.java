package org.smartclinic.gateway.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP relay between an OX-300 twin and the gateway's {@code tcp-server} port that notes when each DATA frame
 * passed (its last byte, {@link System#nanoTime()}) and its pleth samples: the "frame written" end of the live
 * latency, taken in the JVM the viewers run in, so both ends read the same clock. Loopback adds microseconds.
 * Frames: {@code AA 55 type len seq(2) payload(len) crc(2)} (see {@code Ox300Protocol}); DATA is type 1, its
 * samples follow 6 bytes of numerics.
 */
final class FrameTimingRelay implements AutoCloseable {

    /** The k-th DATA frame since the twin connected. */
    record DataFrame(long passedNanos, int[] samples) {
    }

    private static final int DATA = 0x01;
    private static final int NUMERICS = 6;

    private final ServerSocket server;
    private final int gatewayPort;
    private final List<DataFrame> frames = new CopyOnWriteArrayList<>();
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();

    FrameTimingRelay(int gatewayPort) throws IOException {
        this.gatewayPort = gatewayPort;
        server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        Thread.ofPlatform().daemon().name("relay-accept").start(this::accept);
    }

    int port() {
        return server.getLocalPort();
    }

    List<DataFrame> frames() {
        return frames;
    }

    private void accept() {
        try {
            Socket twin = server.accept();
            Socket gateway = new Socket(InetAddress.getLoopbackAddress(), gatewayPort);
            twin.setTcpNoDelay(true);
            gateway.setTcpNoDelay(true);
            sockets.add(twin);
            sockets.add(gateway);
            InputStream fromGateway = gateway.getInputStream();
            OutputStream toTwin = twin.getOutputStream();
            Thread.ofPlatform().daemon().name("relay-down").start(() -> copy(fromGateway, toTwin, false));
            copy(twin.getInputStream(), gateway.getOutputStream(), true);
        } catch (IOException e) {
            // Closed at the end of the run.
        }
    }

    private void copy(InputStream in, OutputStream out, boolean parse) {
        byte[] buffer = new byte[8192];
        byte[] pending = new byte[0];
        try {
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                out.write(buffer, 0, n);
                out.flush();
                long now = System.nanoTime();
                if (parse) {
                    byte[] all = Arrays.copyOf(pending, pending.length + n);
                    System.arraycopy(buffer, 0, all, pending.length, n);
                    pending = frames(all, now);
                }
            }
        } catch (IOException e) {
            // Either side went away: the run is over.
        }
    }

    /** Notes the whole frames in {@code bytes}; returns what is left of a frame not complete yet. */
    private byte[] frames(byte[] bytes, long now) {
        int i = 0;
        while (i + 8 <= bytes.length) {
            if ((bytes[i] & 0xff) != 0xAA || (bytes[i + 1] & 0xff) != 0x55) {
                i++;
                continue;
            }
            int type = bytes[i + 2] & 0xff;
            int len = bytes[i + 3] & 0xff;
            if (i + 8 + len > bytes.length) {
                break;
            }
            if (type == DATA && len > NUMERICS) {
                int[] samples = new int[len - NUMERICS];
                for (int s = 0; s < samples.length; s++) {
                    samples[s] = bytes[i + 6 + NUMERICS + s] & 0xff;
                }
                frames.add(new DataFrame(now, samples));
            }
            i += 8 + len;
        }
        return Arrays.copyOfRange(bytes, i, bytes.length);
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket s : sockets) {
            s.close();
        }
    }
}
