package org.smartclinic.gateway.uplink;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.common.annotation.Blocking;

import org.jboss.logging.Logger;
import org.smartclinic.gateway.api.ApiException;
import org.smartclinic.gateway.api.Input;
import org.smartclinic.gateway.journal.Journal;
import org.smartclinic.gateway.journal.Outbox;
import org.smartclinic.gateway.journal.OutboxLedger;
import org.smartclinic.gateway.security.Roles;

/**
 * {@code /api/outbox}: delivery state, dead letters with the EHR's answer in plain words, their replay, and their
 * discard with a required reason (recorded with who and when; the item is never sent again).
 */
@RolesAllowed(Roles.TECHNICIAN)
@Path("/api/outbox")
@Produces(MediaType.APPLICATION_JSON)
@Blocking
public class OutboxResource {

    private static final Logger LOG = Logger.getLogger(OutboxResource.class);

    @Inject
    Journal journal;

    @Inject
    Uplink uplink;

    @Inject
    Clock clock;

    @Inject
    SecurityIdentity identity;

    @Inject
    OutboxTransitions transitions;

    /** Counts by state and the EHR's last known condition. */
    public record Summary(Map<Outbox.State, Long> counts, String ehr, Instant ehrSince) {
    }

    /** A dead letter for people: the item, and the EHR's answer as plain sentences (see {@link EhrAnswer}). */
    public record DeadLetter(Outbox.Item item, EhrAnswer answer) {
    }

    /**
     * The EHR's answer in plain words, from what the outbox keeps ({@code HTTP 422: <OperationOutcome JSON>}, or a
     * refusal's message; already scrubbed of patient data): the HTTP status, and each issue as
     * {@code "error: <text>"}, the text being the issue's details, else its diagnostics, else its code.
     */
    public record EhrAnswer(Integer httpStatus, List<String> issues, String raw) {

        private static final Pattern HTTP = Pattern.compile("HTTP (\\d{3}): (.*)", Pattern.DOTALL);
        private static final ObjectMapper JSON = new ObjectMapper();

        public static EhrAnswer of(String lastError) {
            if (lastError == null || lastError.isBlank()) {
                return new EhrAnswer(null, List.of(), lastError);
            }
            Matcher m = HTTP.matcher(lastError.strip());
            Integer status = m.matches() ? Integer.valueOf(m.group(1)) : null;
            String body = m.matches() ? m.group(2).strip() : lastError.strip();
            List<String> issues = new ArrayList<>();
            if (body.startsWith("{")) {
                try {
                    for (JsonNode issue : JSON.readTree(body).path("issue")) {
                        String text = issue.path("details").path("text").asText("");
                        text = text.isBlank() ? issue.path("diagnostics").asText("") : text;
                        text = text.isBlank() ? issue.path("code").asText("") : text;
                        issues.add(issue.path("severity").asText("error") + ": " + text);
                    }
                } catch (JsonProcessingException e) {
                    issues.clear();
                }
            }
            if (issues.isEmpty()) {
                issues.add(body);
            }
            return new EhrAnswer(status, List.copyOf(issues), lastError);
        }
    }

    /**
     * One item for people.
     *
     * @param outcome the EHR's OperationOutcome kept with a dead letter (FHIR JSON, scrubbed), or null
     */
    public record ItemDetail(Outbox.Item item, EhrAnswer answer, String outcome) {
    }

    /** {@code POST /api/outbox/items/{id}/discard} body. */
    public record DiscardRequest(String reason) {
    }

    @GET
    public Summary summary() {
        return new Summary(journal.outboxCounts(), uplink.ehrStatus(), uplink.ehrStatusSince());
    }

    /** Items in a state (default DEAD), newest first, with the EHR's answer for dead ones. */
    @GET
    @Path("/items")
    public List<Outbox.Item> items(@QueryParam("state") @DefaultValue("DEAD") String state,
            @QueryParam("limit") @DefaultValue("50") int limit) {
        Outbox.State s;
        try {
            s = Outbox.State.valueOf(state.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("unknown state " + state, "one of " + List.of(Outbox.State.values()));
        }
        return new OutboxLedger(journal).latest(s, Math.clamp(limit, 1, 1000));
    }

    /**
     * Dead letters, newest first, each with the EHR's answer in words. Filters: {@code kind} (e.g. READING),
     * {@code device}; pages: {@code before=<id of the last one seen>}.
     */
    @GET
    @Path("/dead-letters")
    public List<DeadLetter> deadLetters(@QueryParam("limit") @DefaultValue("50") int limit,
            @QueryParam("kind") String kind, @QueryParam("device") String device, @QueryParam("before") Long before) {
        Outbox.DeadFilter filter = new Outbox.DeadFilter(kind == null || kind.isBlank() ? null : kind(kind),
                device == null || device.isBlank() ? null : device, before, Math.clamp(limit, 1, 1000));
        return new OutboxLedger(journal).deadLetters(filter).stream()
                .map(i -> new DeadLetter(i, EhrAnswer.of(i.lastError()))).toList();
    }

    /**
     * One item in any state, with the EHR's answer in words and, for a dead letter, the OperationOutcome the EHR
     * refused it with (FHIR JSON, scrubbed of patient data).
     */
    @GET
    @Path("/items/{id}")
    public ItemDetail item(@PathParam("id") long id) {
        Outbox.Detail d = new OutboxLedger(journal).detail(id).orElseThrow(() ->
                ApiException.notFound("no outbox item " + id));
        return new ItemDetail(d.item(), EhrAnswer.of(d.item().lastError()), d.outcome());
    }

    private static Outbox.Kind kind(String kind) {
        try {
            return Outbox.Kind.valueOf(kind.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("unknown kind " + kind, "one of " + List.of(Outbox.Kind.values()));
        }
    }

    /** Discarded dead letters, newest first: who, when, why, and the EHR's answer then. */
    @GET
    @Path("/discards")
    public List<Outbox.Discard> discards(@QueryParam("limit") @DefaultValue("50") int limit) {
        return Outbox.discards(journal, Math.clamp(limit, 1, 1000));
    }

    /** Puts a dead letter back in line, e.g. after the EHR's configuration was fixed. */
    @POST
    @Path("/items/{id}/replay")
    public Summary replay(@PathParam("id") long id) {
        if (journal.replay(id).join() == 0) {
            throw ApiException.badRequest("outbox item " + id + " is not a dead letter", "GET /api/outbox/items?state=DEAD");
        }
        transitions.count(Outbox.State.DEAD.name(), Outbox.State.PENDING.name(), 1);
        uplink.signal();
        return summary();
    }

    /**
     * Gives up a dead letter for good: {@code {"reason": "..."}} (required, at most 500 characters), e.g. "sent by
     * hand through the EHR's own screen". Recorded with who and when; the item is never sent again.
     */
    @POST
    @Path("/items/{id}/discard")
    @Consumes(MediaType.APPLICATION_JSON)
    public Summary discard(@PathParam("id") long id, DiscardRequest body) {
        String reason = Input.text("reason", body == null ? null : body.reason(), 500, true);
        String actor = identity.getPrincipal().getName();
        if (Outbox.discard(journal, id, actor, reason, clock.instant()).join() == 0) {
            throw ApiException.badRequest("outbox item " + id + " is not a dead letter", "GET /api/outbox/items?state=DEAD");
        }
        transitions.count(Outbox.State.DEAD.name(), Outbox.State.DISCARDED.name(), 1);
        LOG.infof("outbox item %d discarded by %s", id, actor);
        return summary();
    }
}
