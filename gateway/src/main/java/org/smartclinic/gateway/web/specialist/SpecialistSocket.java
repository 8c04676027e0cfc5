package org.smartclinic.gateway.web.specialist;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import jakarta.annotation.PreDestroy;
import jakarta.annotation.security.PermitAll;
import jakarta.inject.Inject;

import io.quarkus.websockets.next.OnClose;
import io.quarkus.websockets.next.OnOpen;
import io.quarkus.websockets.next.WebSocket;
import io.quarkus.websockets.next.WebSocketConnection;

import org.smartclinic.gateway.invite.InviteService;
import org.smartclinic.gateway.live.ExamStream;
import org.smartclinic.gateway.live.LiveSockets;
import org.smartclinic.gateway.live.Since;

/**
 * {@code /ws/invites/<token>?since=N}: the exam's live stream for a remote specialist, served by the shared
 * {@link ExamStream} for the SPECIALIST audience (the exam's readings, and while it is open its station's waveforms
 * and device status; no queue). The token is checked and the connect audited on every connect and reconnect; a
 * refused token gets {@code end} with reason {@code expired}, {@code revoked} or {@code invalid} and the socket is
 * closed. While the stream runs, the invite's expiry and a revocation end it with {@code end} {@code expired} /
 * {@code revoked}.
 */
@WebSocket(path = "/ws/invites/{token}")
@PermitAll
public class SpecialistSocket {

    private static final ScheduledExecutorService EXPIRY = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "invite-expiry");
        t.setDaemon(true);
        return t;
    });

    /** What to undo when a connection closes: its expiry timer and its revocation listener. */
    private record Session(ScheduledFuture<?> expiry, Runnable unlisten) {
    }

    private static final Map<String, Session> SESSIONS = new ConcurrentHashMap<>();

    @Inject
    InviteService invites;

    @Inject
    ExamStream stream;

    @Inject
    LiveSockets sockets;

    @OnOpen
    public void open(WebSocketConnection connection) {
        InviteService.Verdict verdict = invites.check(connection.pathParam("token"), "live",
                connection.handshakeRequest().remoteAddress());
        if (verdict instanceof InviteService.Refused r) {
            connection.sendTextAndAwait("{\"kind\":\"end\",\"reason\":\"" + (r.gone() ? r.reason() : "invalid")
                    + "\"}");
            connection.closeAndAwait();
            return;
        }
        InviteService.Granted granted = (InviteService.Granted) verdict;
        String inviteId = granted.invite().id();
        long wait = Math.max(0, Duration.between(Instant.now(), granted.invite().expiresAt()).toMillis());
        ScheduledFuture<?> expiry = EXPIRY.schedule(() -> sockets.end(connection, "expired"), wait,
                TimeUnit.MILLISECONDS);
        Runnable unlisten = invites.onRevoke(i -> {
            if (i.id().equals(inviteId)) {
                sockets.end(connection, "revoked");
            }
        });
        SESSIONS.put(connection.id(), new Session(expiry, unlisten));
        stream.open(connection, granted.exam().id(), Since.of(connection), ExamStream.Audience.SPECIALIST);
        // Revoked between the check and the listener: the listener never heard of it.
        if (invites.current(inviteId).map(i -> i.revokedAt() != null).orElse(true)) {
            sockets.end(connection, "revoked");
        }
    }

    @OnClose
    public void close(WebSocketConnection connection) {
        Session s = SESSIONS.remove(connection.id());
        if (s != null) {
            s.expiry().cancel(false);
            s.unlisten().run();
        }
        sockets.closed(connection);
    }

    @PreDestroy
    void shutdown() {
        SESSIONS.values().forEach(s -> s.expiry().cancel(false));
    }
}
