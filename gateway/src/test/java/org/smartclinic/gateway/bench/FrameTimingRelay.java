package org.smartclinic.gateway.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.smartclinic.gateway.live.LiveSocketClient;

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

    /**
     * The pleth frames viewers got in a window, matched to the frames that passed the relay.
     *
     * @param latencies  relay → viewer, nanoseconds, sorted, one per viewer per matched frame
     * @param mismatched frames whose number or samples did not match what passed
     * @param dropped    events the gateway told the viewers they lost
     * @param readings   reading events the viewers got
     */
    record Matched(List<Long> latencies, long mismatched, long dropped, long readings) {

        /** The {@code q} quantile (0.5, 0.99, 1.0) in milliseconds. */
        double ms(double q) {
            int i = (int) Math.ceil(q * latencies.size()) - 1;
            return latencies.get(Math.clamp(i, 0, latencies.size() - 1)) / 1_000_000.0;
        }
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

    /** What {@code viewers} got of {@code device}'s pleth between {@code from} and {@code to} (nanoTime). */
    Matched match(String device, List<LiveSocketClient> viewers, long from, long to) {
        List<DataFrame> sent = frames();
        List<Long> latencies = new ArrayList<>();
        long mismatched = 0;
        long dropped = 0;
        long readings = 0;
        for (LiveSocketClient v : viewers) {
            for (LiveSocketClient.Frame f : v.frames()) {
                if (f.arrivedNanos() < from || f.arrivedNanos() > to) {
                    continue;
                }
                if ("dropped".equals(f.kind())) {
                    dropped += f.json().get("count").asLong();
                } else if ("reading".equals(f.kind())) {
                    readings++;
                } else if ("waveform".equals(f.kind()) && device.equals(f.json().path("device").asText())) {
                    int chunk = f.data().get("chunk").asInt();
                    int[] samples = new int[f.data().at("/channels/0/samples").size()];
                    for (int i = 0; i < samples.length; i++) {
                        samples[i] = f.data().at("/channels/0/samples/" + i).asInt(-1);
                    }
                    if (chunk < sent.size() && Arrays.equals(sent.get(chunk).samples(), samples)) {
                        latencies.add(f.arrivedNanos() - sent.get(chunk).passedNanos());
                    } else {
                        mismatched++;
                    }
                }
            }
        }
        latencies.sort(null);
        return new Matched(latencies, mismatched, dropped, readings);
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
