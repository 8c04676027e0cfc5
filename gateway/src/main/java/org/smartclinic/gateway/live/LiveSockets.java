package org.smartclinic.gateway.live;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.WebSocketConnection;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;
import org.smartclinic.gateway.config.GatewayConfig;

/**
 * The WebSocket viewers of the live bus, whatever they watch: opens a {@link LiveConnection} for a connection
 * and a {@link LiveScope}, pings every viewer every 5 s with how far behind it is, and closes a viewer that has
 * been stuck longer than {@code smartclinic.live.stuck-after}. {@link ExamStream} and {@link DeviceStream} are the
 * doors; endpoints call them and {@link #closed} when the connection goes.
 */
@ApplicationScoped
public class LiveSockets {

    private static final Logger LOG = Logger.getLogger(LiveSockets.class);

    /** Counts what slow viewers lost, by reason, without labels that could name a patient or an exam. */
    static final class Losses {
        private final Counter overflow;
        private final Counter downsampled;

        Losses(MeterRegistry meters) {
            overflow = Counter.builder("smartclinic.live.socket.lost").tag("reason", "overflow")
                    .description("Live events a slow WebSocket viewer lost").register(meters);
            downsampled = Counter.builder("smartclinic.live.socket.lost").tag("reason", "downsampled")
                    .description("Live events a slow WebSocket viewer lost").register(meters);
        }

        void count(boolean dropped) {
            (dropped ? overflow : downsampled).increment();
        }
    }

    @Inject
    LiveBus bus;

    @Inject
    ObjectMapper json;

    @Inject
    Vertx vertx;

    @Inject
    MeterRegistry meters;

    @Inject
    Clock clock;

    @Inject
    GatewayConfig config;

    private int queue;
    private Duration stuckAfter;

    private final Map<String, LiveConnection> open = new ConcurrentHashMap<>();
    private Losses losses;
    private LiveFrames frames;
    private Counter closedStuck;

    @PostConstruct
    void init() {
        queue = config.live().socketQueue();
        stuckAfter = config.live().stuckAfter();
        losses = new Losses(meters);
        frames = new LiveFrames(json);
        Gauge.builder("smartclinic.live.socket.queued", open,
                m -> m.values().stream().mapToInt(LiveConnection::queued).sum())
                .description("Events waiting in WebSocket viewers' send queues (bounded per viewer)").register(meters);
        closedStuck = Counter.builder("smartclinic.live.socket.closed.stuck")
                .description("WebSocket viewers closed because they stopped reading").register(meters);
    }

    /**
     * Starts serving {@code scope} on {@code connection}: the {@code hello} frame, the events after {@code since}
     * still kept, then live events. Call from the endpoint's {@code @OnOpen}.
     */
    void open(WebSocketConnection connection, LiveScope scope, long since) {
        Context context = Vertx.currentContext() != null ? Vertx.currentContext() : vertx.getOrCreateContext();
        LiveConnection c = new LiveConnection(connection, scope, queue, frames, context, losses);
        LiveBus.Replay replay;
        try {
            replay = bus.attach(c, since);
        } catch (IllegalStateException e) {
            connection.close(new CloseReason(1013, "too many live viewers; try again later")).subscribe()
                    .with(ok -> { }, f -> { });
            return;
        }
        open.put(connection.id(), c);
        c.start(replay.newest(), replay.replayed(), replay.complete());
    }

    /** Ends the stream on {@code connection} after what is queued, with an {@code end} frame saying why. */
    public void end(WebSocketConnection connection, String reason) {
        LiveConnection c = open.get(connection.id());
        if (c != null) {
            c.end(reason);
        }
    }

    /** The connection closed (either side): the bus forgets it. Call from the endpoint's {@code @OnClose}. */
    public void closed(WebSocketConnection connection) {
        LiveConnection c = open.remove(connection.id());
        if (c != null) {
            bus.detach(c);
        }
    }

    /** WebSocket viewers connected. */
    public int viewers() {
        return open.size();
    }

    @Scheduled(every = "5s", delayed = "5s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void ping() {
        long now = System.nanoTime();
        long stuck = TimeUnit.NANOSECONDS.toSeconds(stuckAfter.toNanos());
        for (LiveConnection c : open.values()) {
            long behind = c.behindSeconds(now);
            if (behind >= stuck && !c.isEnded()) {
                LOG.infof("live viewer %s stopped reading (%d s behind): closed", c.id(), behind);
                closedStuck.increment();
                c.closeStuck(behind);
                open.remove(c.id());
                bus.detach(c);
            } else {
                c.ping(clock.instant());
            }
        }
    }
}
