package org.smartclinic.gateway.invite;

import jakarta.ws.rs.core.UriInfo;

/** The link given to a specialist: {@code <public-url or the request's base>/s/<token>}. */
final class Links {

    private Links() {
    }

    static String url(InviteService invites, UriInfo uri, Invites.Invite invite) {
        String base = invites.config().publicUrl().orElse(uri.getBaseUri().toString());
        return (base.endsWith("/") ? base : base + "/") + "s/" + invites.token(invite);
    }
}
