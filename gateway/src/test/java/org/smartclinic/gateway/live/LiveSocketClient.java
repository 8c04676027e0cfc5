package org.smartclinic.gateway.live;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.atomic.LongAdder;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A WebSocket viewer of the gateway's live streams over a real socket, written against RFC 6455 directly so a test
 * controls its reading: it reads frames as they come on its own thread, or, {@link #paused()}, reads nothing with a
 * small receive buffer, like a tablet on a dead Wi-Fi whose buffers fill, until {@link #resume()}. Each frame is
 * kept with the {@link System#nanoTime()} it arrived at (the benchmark's clock).
 */
public final class LiveSocketClient implements AutoCloseable {

    /** One text frame as received; {@code seq} is -1 for control frames. */
    public record Frame(long seq, String kind, JsonNode json, long arrivedNanos) {

        public JsonNode data() {
            return json.get("data");
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int OP_CONTINUATION = 0;
    private static final int OP_TEXT = 1;
    /** Event messages come as binary messages of UTF-8 JSON (docs/live-bus.md), control frames as text. */
    private static final int OP_BINARY = 2;
    private static final int OP_CLOSE = 8;

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;
    private final List<Frame> frames = new CopyOnWriteArrayList<>();
    private volatile boolean countOnly;
    private final KindCounts counts = new KindCounts();
    private final LongAdder messages = new LongAdder();
    private final LongAdder payloadBytes = new LongAdder();
    private final Thread reader;
    private volatile boolean paused;
    private volatile boolean closed;
    private volatile Integer closeCode;

    private LiveSocketClient(String baseUrl, String pathAndQuery, Map<String, String> headers, boolean paused) {
        URI base = URI.create(baseUrl);
        this.paused = paused;
        try {
            socket = new Socket();
            if (paused) {
                // A small window, so this viewer's side of the line fills quickly.
                socket.setReceiveBufferSize(2048);
            }
            socket.connect(new InetSocketAddress(base.getHost(), base.getPort()));
            out = socket.getOutputStream();
            in = new DataInputStream(new BufferedInputStream(socket.getInputStream()));
            handshake(base, pathAndQuery, headers);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        reader = Thread.ofPlatform().daemon().name("live-socket-client").start(this::read);
    }

    /** A viewer reading {@code pathAndQuery} (e.g. {@code /ws/exams/7?since=12}) as fast as frames come. */
    public static LiveSocketClient reading(String baseUrl, String pathAndQuery) {
        return new LiveSocketClient(baseUrl, pathAndQuery, Map.of(), false);
    }

    /** As {@link #reading(String, String)}, with extra handshake headers (e.g. a session cookie). */
    public static LiveSocketClient reading(String baseUrl, String pathAndQuery, Map<String, String> headers) {
        return new LiveSocketClient(baseUrl, pathAndQuery, headers, false);
    }

    /** A viewer that reads nothing until {@link #resume()}. */
    public static LiveSocketClient paused(String baseUrl, String pathAndQuery, Map<String, String> headers) {
        return new LiveSocketClient(baseUrl, pathAndQuery, headers, true);
    }

    private void handshake(URI base, String pathAndQuery, Map<String, String> headers) throws IOException {
        byte[] nonce = new byte[16];
        new SecureRandom().nextBytes(nonce);
        StringBuilder request = new StringBuilder("GET " + pathAndQuery + " HTTP/1.1\r\n")
                .append("Host: ").append(base.getHost()).append(':').append(base.getPort()).append("\r\n")
                .append("Upgrade: websocket\r\nConnection: Upgrade\r\n")
                .append("Sec-WebSocket-Key: ").append(Base64.getEncoder().encodeToString(nonce)).append("\r\n")
                .append("Sec-WebSocket-Version: 13\r\n");
        headers.forEach((k, v) -> request.append(k).append(": ").append(v).append("\r\n"));
        out.write(request.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII));
        out.flush();
        String status = headerBlock().lines().findFirst().orElse("");
        if (!status.contains(" 101 ")) {
            socket.close();
            throw new IOException("WebSocket upgrade of " + pathAndQuery + " refused: " + status);
        }
    }

    private String headerBlock() throws IOException {
        StringBuilder sb = new StringBuilder();
        while (!sb.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException("connection closed during the WebSocket handshake");
            }
            sb.append((char) b);
        }
        return sb.toString();
    }

    private void read() {
        // One message's payload (its frames joined), reused: a counting viewer allocates nothing per message.
        byte[] message = new byte[1 << 16];
        int length = 0;
        try {
            while (!closed) {
                while (paused && !closed) {
                    LockSupport.parkNanos(5_000_000);
                }
                int b0 = in.readUnsignedByte();
                int b1 = in.readUnsignedByte();
                long size = b1 & 0x7f;
                if (size == 126) {
                    size = in.readUnsignedShort();
                } else if (size == 127) {
                    size = in.readLong();
                }
                int n = Math.toIntExact(size);
                int op = b0 & 0x0f;
                if (op == OP_CLOSE) {
                    byte[] payload = new byte[n];
                    in.readFully(payload);
                    closeCode = payload.length >= 2 ? ((payload[0] & 0xff) << 8) | (payload[1] & 0xff) : 1005;
                    break;
                }
                if (length + n > message.length) {
                    message = Arrays.copyOf(message, Math.max(message.length * 2, length + n));
                }
                in.readFully(message, length, n);
                if (op != OP_TEXT && op != OP_BINARY && op != OP_CONTINUATION) {
                    continue;
                }
                payloadBytes.add(n);
                length += n;
                if ((b0 & 0x80) != 0) {
                    messages.increment();
                    if (countOnly) {
                        counts.add(message, length);
                    } else {
                        keep(new String(message, 0, length, StandardCharsets.UTF_8));
                    }
                    length = 0;
                }
            }
        } catch (IOException e) {
            if (closeCode == null) {
                closeCode = 1006;
            }
        } finally {
            closed = true;
        }
    }

    private void keep(String text) throws IOException {
        long now = System.nanoTime();
        JsonNode message = JSON.readTree(text);
        // Events queued together arrive as one message, a JSON array of them: kept as frames one by one.
        for (JsonNode json : message.isArray() ? message : List.of(message)) {
            long seq = json.has("seq") && !"hello".equals(json.path("kind").asText()) ? json.get("seq").asLong() : -1;
            frames.add(new Frame(seq, json.path("kind").asText(), json, now));
        }
    }

    /**
     * A viewer that only counts frames by kind and keeps nothing (no JSON parsing): for the ingest benchmark, where
     * the client's own cost must not be mistaken for the gateway's.
     */
    public static LiveSocketClient counting(String baseUrl, String pathAndQuery, Map<String, String> headers) {
        LiveSocketClient c = reading(baseUrl, pathAndQuery, headers);
        c.countOnly = true;
        return c;
    }

    /** WebSocket text messages received (an array of events counts once). */
    public long messages() {
        return messages.sum();
    }

    /** Bytes of text message payload received (without WebSocket framing). */
    public long payloadBytes() {
        return payloadBytes.sum();
    }

    /** Frames of {@code kind} a counting viewer received. */
    public long count(String kind) {
        return counts.get(kind);
    }

    /** Starts reading (what the socket buffered first). */
    public void resume() {
        paused = false;
    }

    public boolean paused() {
        return paused;
    }

    /** Every frame so far, in arrival order. */
    public List<Frame> frames() {
        return List.copyOf(frames);
    }

    /** Data frames (with seq) of {@code kind}; null for all kinds. */
    public List<Frame> events(String kind) {
        return frames.stream().filter(f -> f.seq() >= 0 && (kind == null || kind.equals(f.kind()))).toList();
    }

    /** Control frames (hello, ping, dropped, end) of {@code kind}. */
    public List<Frame> controls(String kind) {
        return frames.stream().filter(f -> f.seq() < 0 && kind.equals(f.kind())).toList();
    }

    /** The newest seq received, 0 before any. */
    public long lastSeq() {
        return frames.stream().mapToLong(Frame::seq).max().orElse(0);
    }

    /** True once the server closed the connection (or it broke). */
    public boolean isClosed() {
        return closed;
    }

    /** The close code the server sent; 1006 when the connection broke without one; null while open. */
    public Integer closeCode() {
        return closeCode;
    }

    @Override
    public void close() {
        closed = true;
        paused = false;
        try {
            socket.close();
        } catch (IOException e) {
            // Already gone: nothing to release.
        }
        try {
            reader.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
