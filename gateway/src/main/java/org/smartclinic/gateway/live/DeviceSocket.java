package org.smartclinic.gateway.live;

import io.quarkus.websockets.next.OnClose;
import io.quarkus.websockets.next.OnOpen;
import io.quarkus.websockets.next.WebSocket;
import io.quarkus.websockets.next.WebSocketConnection;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;

import org.smartclinic.gateway.security.Roles;

/** {@code /ws/devices/{deviceId}?since=N}: the technician's live view of one device. See {@link DeviceStream}. */
@WebSocket(path = "/ws/devices/{deviceId}")
@RolesAllowed(Roles.TECHNICIAN)
public class DeviceSocket {

    @Inject
    DeviceStream stream;

    @Inject
    LiveSockets sockets;

    @OnOpen
    void open(WebSocketConnection connection) {
        stream.open(connection, connection.pathParam("deviceId"), Since.of(connection));
    }

    @OnClose
    void close(WebSocketConnection connection) {
        sockets.closed(connection);
    }
}
