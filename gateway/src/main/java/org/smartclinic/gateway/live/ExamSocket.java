package org.smartclinic.gateway.live;

import io.quarkus.websockets.next.OnClose;
import io.quarkus.websockets.next.OnOpen;
import io.quarkus.websockets.next.WebSocket;
import io.quarkus.websockets.next.WebSocketConnection;
import jakarta.inject.Inject;

/**
 * {@code /ws/exams/{examId}?since=N}: the GP's live view of one exam (readings, waveforms and status of the
 * station's devices while it is open, the station's queue, the exam's changes). See {@link ExamStream}.
 */
@WebSocket(path = "/ws/exams/{examId}")
public class ExamSocket {

    @Inject
    ExamStream stream;

    @Inject
    LiveSockets sockets;

    @OnOpen
    void open(WebSocketConnection connection) {
        stream.open(connection, connection.pathParam("examId"), Since.of(connection), ExamStream.Audience.GP);
    }

    @OnClose
    void close(WebSocketConnection connection) {
        sockets.closed(connection);
    }
}
