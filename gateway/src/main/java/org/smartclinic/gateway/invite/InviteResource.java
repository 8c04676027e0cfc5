package org.smartclinic.gateway.invite;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;

import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.common.annotation.Blocking;

import org.smartclinic.gateway.api.ApiException;
import org.smartclinic.gateway.api.Input;
import org.smartclinic.gateway.security.Roles;

/** {@code /api/invites/{id}/revoke}: the GP takes a link back; open pages and live streams of it stop at once. */
@Path("/api/invites")
@Produces(MediaType.APPLICATION_JSON)
@Blocking
@RolesAllowed(Roles.GP)
public class InviteResource {

    /** Body: why (required, at most 500 characters); who revokes is the GP logged in. */
    public record RevokeRequest(String reason) {
    }

    @Inject
    InviteService invites;

    @Inject
    SecurityIdentity identity;

    @Context
    UriInfo uri;

    /** Revokes (idempotent: a second call keeps the first's reason); 404 for no such invite. */
    @POST
    @Path("/{id}/revoke")
    @Consumes(MediaType.APPLICATION_JSON)
    public InviteView revoke(@PathParam("id") String id, RevokeRequest body) {
        RevokeRequest r = body == null ? new RevokeRequest(null) : body;
        String reason = Input.text("reason", r.reason(), 500, true);
        Invites.Invite invite = invites.revoke(Input.id("invite id", id), Actors.of(identity), reason)
                .orElseThrow(() -> ApiException.notFound("no invite " + id));
        return InviteView.of(invite, invites.now(), Links.url(invites, uri, invite));
    }
}
