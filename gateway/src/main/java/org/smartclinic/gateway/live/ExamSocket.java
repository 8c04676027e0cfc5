package org.smartclinic.gateway.live;

import io.quarkus.websockets.next.OnClose;
import io.quarkus.websockets.next.OnOpen;
import io.quarkus.websockets.next.WebSocket;
import io.quarkus.websockets.next.WebSocketConnection;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;

import org.smartclinic.gateway.security.Roles;

/**
 * {@code /ws/exams/{examId}?since=N}: the GP's live view of one exam (readings, waveforms and status of the
 * station's devices while it is open, the station's queue, the exam's changes). See {@link ExamStream}.
 */
@WebSocket(path = "/ws/exams/{examId}")
@RolesAllowed(Roles.GP)
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
