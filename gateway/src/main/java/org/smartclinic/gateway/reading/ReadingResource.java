package org.smartclinic.gateway.reading;

import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CompletionException;

import io.quarkus.security.identity.SecurityIdentity;
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
import jakarta.ws.rs.core.Response;

import io.smallrye.common.annotation.Blocking;

import org.smartclinic.gateway.api.ApiException;
import org.smartclinic.gateway.api.Input;
import org.smartclinic.gateway.binding.BindingState;
import org.smartclinic.gateway.journal.Corrections;
import org.smartclinic.gateway.journal.Journal;
import org.smartclinic.gateway.live.ExamFeed;
import org.smartclinic.gateway.security.Roles;
import org.smartclinic.gateway.uplink.Uplink;

/**
 * {@code /api/readings}: readings newest first, the queue of readings that need a person (unassigned, held,
 * awaiting review), and the corrections a person makes: assign or re-assign to an exam, reject, confirm. Every
 * correction needs who ({@code by}) and, except confirming, why ({@code reason}); each is recorded and audited.
 */
@RolesAllowed(Roles.GP)
@Path("/api/readings")
@Produces(MediaType.APPLICATION_JSON)
@Blocking
public class ReadingResource {

    /** Who makes a change: the logged-in staff member (a body\'s {@code by} is ignored). */
    @Inject
    SecurityIdentity identity;

    /** {@code POST /api/readings/{id}/assign}: {@code {"exam": "...", "reason": "...", "by": "dr.petrova"}}. */
    public record AssignRequest(String exam, String reason) {
    }

    /** {@code POST /api/readings/{id}/reject} and {@code /confirm}: {@code {"reason": "...", "by": "..."}}. */
    public record DecisionRequest(String reason) {
    }

    @Inject
    Journal journal;

    @Inject
    Corrections corrections;

    @Inject
    Uplink uplink;

    @Inject
    ExamFeed live;

    /**
     * @param state comma-separated binding states to list (BOUND, REVIEW, HELD, UNASSIGNED, REJECTED); absent: all.
     *              {@code bound} and {@code unassigned} are accepted as before.
     */
    @GET
    public List<ReadingView> list(@QueryParam("limit") @DefaultValue("50") int limit,
            @QueryParam("device") String device, @QueryParam("exam") String exam,
            @QueryParam("state") String state, @QueryParam("binding") String binding) {
        Set<BindingState> states = states(state != null ? state : binding);
        return journal.readings(new Journal.ReadingQuery(Math.clamp(limit, 1, 1000),
                device == null ? null : Input.id("device", device), exam == null ? null : Input.id("exam", exam),
                states)).stream().map(ReadingView::of).toList();
    }

    /** What needs a person: held, unassigned and awaiting review, newest first. */
    @GET
    @Path("/queue")
    public List<ReadingView> queue(@QueryParam("limit") @DefaultValue("100") int limit) {
        return journal.readings(new Journal.ReadingQuery(Math.clamp(limit, 1, 1000), null, null,
                EnumSet.of(BindingState.HELD, BindingState.UNASSIGNED, BindingState.REVIEW))).stream()
                .map(ReadingView::of).toList();
    }

    @GET
    @Path("/{id}")
    public ReadingView get(@PathParam("id") long id) {
        return journal.reading(id).map(ReadingView::of).orElseThrow(() -> ApiException.notFound("no reading " + id));
    }

    /** Who changed the reading's binding, when and why, oldest first. */
    @GET
    @Path("/{id}/history")
    public List<Corrections.Change> history(@PathParam("id") long id) {
        get(id);
        return corrections.history(id);
    }

    /** Assigns (or re-assigns) the reading to an exam; an earlier upload is retracted upstream. */
    @POST
    @Path("/{id}/assign")
    public Response assign(@PathParam("id") long id, AssignRequest body) {
        AssignRequest r = body == null ? new AssignRequest(null, null) : body;
        String exam = Input.id("exam", r.exam());
        String reason = Input.text("reason", r.reason(), 500, true);
        return changed(id, () -> corrections.assign(id, exam, identity.getPrincipal().getName(), reason).join());
    }

    /** Rejects the reading: never uploaded, retracted upstream if it was. */
    @POST
    @Path("/{id}/reject")
    public Response reject(@PathParam("id") long id, DecisionRequest body) {
        DecisionRequest r = body == null ? new DecisionRequest(null) : body;
        String reason = Input.text("reason", r.reason(), 500, true);
        return changed(id, () -> corrections.reject(id, identity.getPrincipal().getName(), reason).join());
    }

    /** Confirms a reading that waits for review at a station whose policy is to confirm first. */
    @POST
    @Path("/{id}/confirm")
    public Response confirm(@PathParam("id") long id, DecisionRequest body) {
        DecisionRequest r = body == null ? new DecisionRequest(null) : body;
        return changed(id, () -> corrections.confirm(id, identity.getPrincipal().getName()).join());
    }

    private Response changed(long id, Runnable change) {
        try {
            change.run();
        } catch (CompletionException e) {
            if (e.getCause() instanceof Corrections.Refused refused) {
                throw new ApiException(refused.getMessage().startsWith("no reading") ? Response.Status.NOT_FOUND
                        : Response.Status.CONFLICT, refused.getMessage(), null);
            }
            throw e;
        }
        uplink.signal();
        live.readingChanged(id, true);
        return Response.ok(get(id)).build();
    }

    private static Set<BindingState> states(String csv) {
        if (csv == null || csv.isBlank()) {
            return Set.of();
        }
        Set<BindingState> out = EnumSet.noneOf(BindingState.class);
        for (String part : csv.split(",")) {
            String p = part.strip().toUpperCase(Locale.ROOT);
            try {
                out.add(p.equals("BOUND") ? BindingState.BOUND : BindingState.valueOf(p));
            } catch (IllegalArgumentException e) {
                throw ApiException.badRequest("unknown binding state in 'state'", "one or more of "
                        + List.of(BindingState.values()) + ", comma-separated");
            }
        }
        return out;
    }
}
