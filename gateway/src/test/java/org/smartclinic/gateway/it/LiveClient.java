package org.smartclinic.gateway.it;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A viewer of the gateway's live bus over a real socket: it sends {@code GET /api/live?...} and reads the
 * Server-Sent Events as they come (on its own thread), or, when told to stall, never reads at all, like a viewer
 * on a dead network whose socket buffers fill up.
 */
public final class LiveClient implements AutoCloseable {

    /** One event as received. */
    public record Event(long id, String kind, JsonNode data) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Socket socket;
    private final List<Event> events = new CopyOnWriteArrayList<>();
    private volatile boolean closed;

    private LiveClient(Socket socket) {
        this.socket = socket;
    }

    /** A viewer that reads everything as fast as it comes. */
    public static LiveClient reading(String baseUrl, String query) {
        LiveClient c = open(baseUrl, query, false);
        Thread.ofPlatform().daemon().name("live-client").start(c::read);
        return c;
    }

    /** A viewer that never reads what it is sent. */
    public static LiveClient stalled(String baseUrl, String query) {
        return open(baseUrl, query, true);
    }

    private static LiveClient open(String baseUrl, String query, boolean smallBuffer) {
        URI base = URI.create(baseUrl);
        try {
            Socket s = new Socket();
            if (smallBuffer) {
                // A small window, so the stalled viewer's side of the line fills quickly.
                s.setReceiveBufferSize(4096);
            }
            s.connect(new InetSocketAddress(base.getHost(), base.getPort()));
            OutputStream out = s.getOutputStream();
            out.write(("GET /api/live?" + query + " HTTP/1.1\r\nHost: " + base.getHost() + "\r\n"
                    + "Cookie: " + Staff.defaultSession(baseUrl).cookieHeader() + "\r\n"
                    + "Accept: text/event-stream\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            return new LiveClient(s);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void read() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                StandardCharsets.UTF_8))) {
            long id = 0;
            String kind = null;
            for (String line = in.readLine(); line != null && !closed; line = in.readLine()) {
                if (line.startsWith("id:")) {
                    id = Long.parseLong(line.substring(3).strip());
                } else if (line.startsWith("event:")) {
                    kind = line.substring(6).strip();
                } else if (line.startsWith("data:") && kind != null) {
                    events.add(new Event(id, kind, JSON.readTree(line.substring(5).strip()).get("data")));
                    kind = null;
                }
            }
        } catch (IOException e) {
            if (!closed) {
                System.err.println("live client stopped: " + e);
            }
        }
    }

    /** Every event received so far. */
    public List<Event> events() {
        return List.copyOf(events);
    }

    /** The events of {@code kind} received so far. */
    public List<Event> events(String kind) {
        return events.stream().filter(e -> e.kind().equals(kind)).toList();
    }

    @Override
    public void close() {
        closed = true;
        try {
            socket.close();
        } catch (IOException e) {
            // closing anyway
        }
    }
}
