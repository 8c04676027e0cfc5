package org.smartclinic.gateway.web.specialist;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;

import io.quarkus.websockets.next.OnClose;
import io.quarkus.websockets.next.OnOpen;
import io.quarkus.websockets.next.WebSocket;
import io.quarkus.websockets.next.WebSocketConnection;

/**
 * {@code /ws/invites/<token>?since=N}: the exam's live stream for a remote specialist (protocol: hello, then
 * {@code reading}/{@code waveform}/{@code status} events with sequence numbers, pings every 5 s, {@code dropped} when
 * a slow client lost events, {@code end} before the server closes for good). The token is checked and the connect
 * audited on every connect and reconnect; a refused token gets {@code end} with reason {@code expired},
 * {@code revoked} or {@code invalid} and the socket is closed. Each connection is written by its own virtual thread
 * ({@link SpecialistStream}), so a slow specialist never slows a device.
 */
@WebSocket(path = "/ws/invites/{token}")
public class SpecialistSocket {

    @Inject
    SpecialistStreams streams;

    private static final ExecutorService WRITERS = Executors.newVirtualThreadPerTaskExecutor();
    private static final Map<String, SpecialistStream> OPEN = new ConcurrentHashMap<>();

    @OnOpen
    public void open(WebSocketConnection connection) {
        SpecialistStream stream = streams.create(connection);
        OPEN.put(connection.id(), stream);
        WRITERS.submit(() -> {
            try {
                stream.run();
            } finally {
                OPEN.remove(connection.id());
            }
        });
    }

    @OnClose
    public void close(WebSocketConnection connection) {
        SpecialistStream stream = OPEN.remove(connection.id());
        if (stream != null) {
            stream.stop();
        }
    }

    @PreDestroy
    void shutdown() {
        OPEN.values().forEach(SpecialistStream::stop);
    }
}
