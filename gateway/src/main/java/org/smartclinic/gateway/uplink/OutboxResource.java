package org.smartclinic.gateway.uplink;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import io.smallrye.common.annotation.Blocking;

import org.smartclinic.gateway.api.ApiException;
import org.smartclinic.gateway.journal.Journal;
import org.smartclinic.gateway.journal.Outbox;
import org.smartclinic.gateway.security.Roles;

/** {@code /api/outbox}: delivery state, dead letters and their replay. */
@RolesAllowed(Roles.TECHNICIAN)
@Path("/api/outbox")
@Produces(MediaType.APPLICATION_JSON)
@Blocking
public class OutboxResource {

    @Inject
    Journal journal;

    @Inject
    Uplink uplink;

    /** Counts by state and the EHR's last known condition. */
    public record Summary(Map<Outbox.State, Long> counts, String ehr, Instant ehrSince) {
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
        return journal.outbox(s, Math.clamp(limit, 1, 1000));
    }

    /** Puts a dead letter back in line, e.g. after the EHR's configuration was fixed. */
    @POST
    @Path("/items/{id}/replay")
    public Summary replay(@PathParam("id") long id) {
        if (journal.replay(id).join() == 0) {
            throw ApiException.badRequest("outbox item " + id + " is not a dead letter", "GET /api/outbox/items?state=DEAD");
        }
        uplink.signal();
        return summary();
    }
}
