package org.smartclinic.gateway.live;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import jakarta.annotation.security.RolesAllowed;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;

import org.jboss.logging.Logger;
import org.smartclinic.gateway.api.ApiException;
import org.smartclinic.gateway.security.Roles;

/**
 * {@code GET /api/live}: the live bus as Server-Sent Events, one event per waveform chunk, stored reading or
 * device status ({@code id} = the bus sequence number, {@code event} = the kind, {@code data} = JSON). Filter with
 * {@code device=} (repeatable); a viewer that reconnects sends {@code Last-Event-ID} (or {@code since=}) and gets
 * what it missed from the bus's replay buffer first, without duplicates. Each viewer is written by its own virtual
 * thread, which waits for the network: a slow viewer falls behind in its own bounded queue and loses events
 * (counted), and never slows a device.
 */
@RolesAllowed({Roles.GP, Roles.TECHNICIAN})
@Path("/api/live")
public class LiveResource {

    private static final Logger LOG = Logger.getLogger(LiveResource.class);
    private static final Duration KEEPALIVE = Duration.ofSeconds(15);
    private static final Duration SEND_TIMEOUT = Duration.ofSeconds(30);
    /** Most {@code device=} filters in one request. */
    private static final int MAX_DEVICES = 50;
    /** Most events written before waiting for the network. */
    private static final int MAX_BATCH = 256;

    @Inject
    LiveBus bus;

    @Inject
    ObjectMapper json;

    private final ExecutorService writers = Executors.newVirtualThreadPerTaskExecutor();

    @PreDestroy
    void stop() {
        writers.shutdownNow();
    }

    @GET
    @Produces(MediaType.SERVER_SENT_EVENTS)
    public void stream(@QueryParam("device") List<String> devices, @QueryParam("since") Long since,
            @HeaderParam("Last-Event-ID") Long lastEventId, @Context SseEventSink sink, @Context Sse sse) {
        if (devices != null && (devices.size() > MAX_DEVICES || devices.stream().anyMatch(d -> d.length() > 64))) {
            throw ApiException.badRequest("too many or too long device ids", "at most " + MAX_DEVICES
                    + " device= parameters of up to 64 characters; none for every device");
        }
        long from = lastEventId != null ? lastEventId : since != null ? since : 0;
        LiveSubscription subscription;
        try {
            subscription = bus.subscribe(devices == null ? Set.of() : Set.copyOf(devices), from);
        } catch (IllegalStateException e) {
            throw new ApiException(Response.Status.SERVICE_UNAVAILABLE, e.getMessage(),
                    "the gateway serves at most smartclinic.live.max-subscribers live viewers; try again later");
        }
        writers.submit(() -> pump(subscription, sink, sse));
    }

    private void pump(LiveSubscription subscription, SseEventSink sink, Sse sse) {
        try (subscription; sink) {
            while (!sink.isClosed()) {
                LiveEvent first = subscription.next(KEEPALIVE);
                if (first == null) {
                    await(sink.send(sse.newEventBuilder().comment("keepalive").build()));
                    continue;
                }
                // Send what is queued back to back and wait for the last write only: one round trip per batch,
                // not per event, so a viewer that keeps up is not slowed by the wait.
                CompletionStage<?> last = sink.send(event(sse, first));
                for (int i = 1; i < MAX_BATCH; i++) {
                    LiveEvent next = subscription.next(Duration.ZERO);
                    if (next == null) {
                        break;
                    }
                    last = sink.send(event(sse, next));
                }
                await(last);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (JsonProcessingException e) {
            LOG.warn("live event could not be written as JSON; viewer disconnected", e);
        } catch (Exception e) {
            LOG.debugf("live viewer gone: %s", e.toString());
        }
    }

    private OutboundSseEvent event(Sse sse, LiveEvent e) throws JsonProcessingException {
        return sse.newEventBuilder().id(Long.toString(e.seq())).name(e.kind()).data(json.writeValueAsString(e))
                .build();
    }

    private static void await(CompletionStage<?> write) throws Exception {
        write.toCompletableFuture().get(SEND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    }
}
