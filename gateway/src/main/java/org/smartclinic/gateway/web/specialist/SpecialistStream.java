package org.smartclinic.gateway.web.specialist;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import com.fasterxml.jackson.core.JsonProcessingException;

import io.quarkus.websockets.next.WebSocketConnection;

import org.jboss.logging.Logger;
import org.smartclinic.gateway.binding.BindingState;
import org.smartclinic.gateway.device.ManagedDevice;
import org.smartclinic.gateway.invite.InviteService;
import org.smartclinic.gateway.journal.Exam;
import org.smartclinic.gateway.journal.Journal;
import org.smartclinic.gateway.live.LiveEvent;
import org.smartclinic.gateway.live.LiveSubscription;
import org.smartclinic.gateway.live.LiveViews;
import org.smartclinic.gateway.reading.ReadingView;

/**
 * One specialist's live stream: checks the token (an audited access), subscribes to the live bus for the devices
 * at the exam's station, and sends what belongs to the exam: its readings (as {@code GET /api/readings/{id}} shows
 * them) and, while the exam is open, the station's waveforms and device status. Ends with {@code end} when the
 * invite expires or is revoked (checked at least twice a second), and stops when the client goes.
 *
 * <p>Replay: the client sends {@code since=<last seq>}; the bus queues its kept events after it first, the
 * subscription hands each device's events out once. {@code hello.complete} is false when the client may have missed
 * more than the bus keeps (its {@code since} is from before a restart, or the replay filled the buffer): the client
 * then reloads the exam's state.
 */
final class SpecialistStream {

    private static final Logger LOG = Logger.getLogger(SpecialistStream.class);
    private static final Duration PING = Duration.ofSeconds(5);
    private static final Duration CHECK = Duration.ofMillis(500);

    private final SpecialistStreams gw;
    private final WebSocketConnection connection;
    private volatile boolean stopped;
    private volatile String endReason;

    SpecialistStream(SpecialistStreams gw, WebSocketConnection connection) {
        this.gw = gw;
        this.connection = connection;
    }

    void stop() {
        stopped = true;
    }

    void run() {
        try {
            InviteService.Verdict verdict = gw.invites.check(connection.pathParam("token"), "live",
                    connection.handshakeRequest().remoteAddress());
            if (verdict instanceof InviteService.Refused r) {
                end(r.gone() ? r.reason() : "invalid");
                return;
            }
            InviteService.Granted granted = (InviteService.Granted) verdict;
            String inviteId = granted.invite().id();
            Runnable unlisten = gw.invites.onRevoke(i -> {
                if (i.id().equals(inviteId)) {
                    endReason = "revoked";
                }
            });
            try {
                stream(granted);
            } finally {
                unlisten.run();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            LOG.debugf("specialist stream ended: %s", e.toString());
        } finally {
            if (connection.isOpen()) {
                connection.close().subscribe().with(x -> { }, x -> { });
            }
        }
    }

    private void stream(InviteService.Granted granted) throws Exception {
        Exam exam = granted.exam();
        Set<String> devices = gw.devices.all().stream().map(ManagedDevice::spec).map(s -> s.id())
                .filter(id -> exam.station().equals(gw.devices.station(id))).collect(Collectors.toSet());
        long since = since(connection.handshakeRequest().query());
        boolean restarted = since > gw.bus.lastSequence();
        long from = restarted ? 0 : since;
        int replay = from > 0 ? gw.bus.missed(devices, from).size() : 0;
        if (devices.isEmpty()) {
            // The bus reads an empty set as "every device": a station without devices streams nothing instead.
            devices = Set.of("\u0000none");
        }
        try (LiveSubscription subscription = gw.bus.subscribe(devices, from)) {
            send(frame("hello", "seq", gw.bus.lastSequence(), "replayed", replay, "complete",
                    !restarted && replay < gw.config.live().replayBuffer()));
            pump(subscription, granted, exam.isOpen());
        }
    }

    private void pump(LiveSubscription subscription, InviteService.Granted granted, boolean open) throws Exception {
        Instant expires = granted.invite().expiresAt();
        String examId = granted.exam().id();
        boolean examOpen = open;
        Instant nextPing = Instant.now().plus(PING);
        long dropped = 0;
        double behind = 0;
        while (!stopped && connection.isOpen()) {
            if (endReason != null) {
                end(endReason);
                return;
            }
            Instant now = Instant.now();
            if (!now.isBefore(expires)) {
                end("expired");
                return;
            }
            Duration wait = Duration.between(now, expires);
            LiveEvent e = subscription.next(wait.compareTo(CHECK) < 0 ? wait : CHECK);
            if (e != null) {
                Optional<LiveEvent> out = forExam(e, examId, examOpen);
                if (out.isPresent()) {
                    send(gw.json.writeValueAsString(out.get()));
                }
                behind = Math.max(0, Duration.between(e.at(), Instant.now()).toMillis() / 1000.0);
            } else {
                behind = 0;
            }
            if (subscription.dropped() > dropped) {
                send(frame("dropped", "count", subscription.dropped() - dropped));
                dropped = subscription.dropped();
            }
            if (!Instant.now().isBefore(nextPing)) {
                send(frame("ping", "at", Instant.now().toString(), "behind", Math.round(behind)));
                examOpen = gw.exams.exam(examId).map(Exam::isOpen).orElse(false);
                nextPing = Instant.now().plus(PING);
            }
        }
    }

    /**
     * The event as the specialist gets it, or empty if it is not theirs: a reading must be bound to (or await
     * confirmation for) this exam; waveforms and status only while the exam is open (after it, the station's next
     * patient is on those devices).
     */
    private Optional<LiveEvent> forExam(LiveEvent e, String examId, boolean examOpen) {
        if (LiveEvent.READING.equals(e.kind()) && e.data() instanceof LiveViews.ReadingLive live) {
            return gw.journal.readings(new Journal.ReadingQuery(20, e.device(), examId,
                    EnumSet.of(BindingState.BOUND, BindingState.REVIEW))).stream()
                    .filter(r -> r.reading().key().equals(live.key())).findFirst()
                    .map(r -> new LiveEvent(e.seq(), e.device(), e.kind(), e.at(), ReadingView.of(r)));
        }
        return examOpen ? Optional.of(e) : Optional.empty();
    }

    private void end(String reason) throws JsonProcessingException {
        if (connection.isOpen()) {
            send(frame("end", "reason", reason));
            connection.closeAndAwait();
        }
    }

    private String frame(String kind, Object... fields) throws JsonProcessingException {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("kind", kind);
        for (int i = 0; i < fields.length; i += 2) {
            m.put((String) fields[i], fields[i + 1]);
        }
        return gw.json.writeValueAsString(m);
    }

    private void send(String text) {
        connection.sendTextAndAwait(text);
    }

    static long since(String query) {
        if (query == null) {
            return 0;
        }
        for (String part : query.split("&")) {
            if (part.startsWith("since=")) {
                try {
                    return Math.max(0, Long.parseLong(part.substring(6)));
                } catch (NumberFormatException e) {
                    return 0;
                }
            }
        }
        return 0;
    }
}
