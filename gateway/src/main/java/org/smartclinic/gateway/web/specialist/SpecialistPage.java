package org.smartclinic.gateway.web.specialist;

import jakarta.annotation.security.PermitAll;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.smallrye.common.annotation.Blocking;
import io.vertx.ext.web.RoutingContext;

import org.smartclinic.gateway.api.ApiException;
import org.smartclinic.gateway.invite.InviteService;
import org.smartclinic.gateway.live.LiveBus;
import org.smartclinic.gateway.web.Pages;

/**
 * {@code /s/<token>}: the page a specialist opens from an invite link, and {@code /s/<token>/data}, its state as
 * JSON (the page reloads it when its live stream says events were lost). Each request checks the token and records
 * the access. An expired or revoked link gets a plain page saying so (410), an unknown or forged one a plain "not
 * found" (404); neither shows anything of the exam. Anonymous by design ({@code @PermitAll}): the token is the
 * credential, checked on every request.
 */
@Path("/s/{token}")
@Blocking
@PermitAll
public class SpecialistPage {

    @Inject
    InviteService invites;

    @Inject
    SpecialistState state;

    @Inject
    LiveBus bus;

    @Inject
    Pages pages;

    @Inject
    RoutingContext request;

    @Inject
    ObjectMapper json;

    @Inject
    @Location("specialist/view.html")
    Template view;

    @Inject
    @Location("specialist/refused.html")
    Template refused;

    @GET
    @Produces(MediaType.TEXT_HTML)
    public Response page(@PathParam("token") String token) throws JsonProcessingException {
        InviteService.Verdict verdict = invites.check(token, "page", address());
        if (verdict instanceof InviteService.Refused r) {
            String reason = r.gone() ? r.reason() : "invalid";
            String html = pages.page(refused).data("reason", reason)
                    .data("message", pages.texts().get("specialist.refused." + reason)).render();
            return Response.status(r.gone() ? Response.Status.GONE : Response.Status.NOT_FOUND).entity(html)
                    .type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8")).build();
        }
        SpecialistState.State s = state.of((InviteService.Granted) verdict, bus.lastSequence());
        String html = pages.page(view).data("expiresAt", s.invite().expiresAt().toString())
                .data("stateJson", safeJson(s)).data("token", token).render();
        return Response.ok(html).type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
                .header("Cache-Control", "no-store").header("Referrer-Policy", "no-referrer").build();
    }

    @GET
    @Path("/data")
    @Produces(MediaType.APPLICATION_JSON)
    public Response data(@PathParam("token") String token) {
        InviteService.Verdict verdict = invites.check(token, "data", address());
        if (verdict instanceof InviteService.Refused r) {
            throw r.gone() ? new ApiException(Response.Status.GONE, "the invite " + (r.reason().equals("revoked")
                    ? "was revoked" : "has expired"), "ask the GP for a new link")
                    : ApiException.notFound("no such invite");
        }
        return Response.ok(state.of((InviteService.Granted) verdict, bus.lastSequence()))
                .header("Cache-Control", "no-store").build();
    }

    private String address() {
        return request.request().remoteAddress() == null ? null : request.request().remoteAddress().host();
    }

    /** JSON safe inside {@code <script type="application/json">}: no {@code </script>} can end it early. */
    private String safeJson(Object o) throws JsonProcessingException {
        return json.writeValueAsString(o).replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026");
    }
}
