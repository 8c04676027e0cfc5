package org.smartclinic.gateway.live;

import io.quarkus.websockets.next.WebSocketConnection;

/** The {@code since=N} query parameter of a live WebSocket: the last sequence number the client saw; 0 if none. */
public final class Since {

    private Since() {
    }

    /** {@code since} of the connection's handshake; absent, malformed or negative: 0 (live only, no replay). */
    public static long of(WebSocketConnection connection) {
        return parse(connection.handshakeRequest().query());
    }

    static long parse(String query) {
        if (query == null) {
            return 0;
        }
        for (String part : query.split("&")) {
            if (part.startsWith("since=")) {
                try {
                    return Math.max(0, Long.parseLong(part.substring("since=".length())));
                } catch (NumberFormatException e) {
                    return 0;
                }
            }
        }
        return 0;
    }
}
