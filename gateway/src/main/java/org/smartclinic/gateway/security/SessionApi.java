package org.smartclinic.gateway.security;

import java.util.Set;

import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import io.vertx.core.http.Cookie;
import io.vertx.ext.web.RoutingContext;
import jakarta.annotation.security.PermitAll;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.smartclinic.gateway.api.ApiException;

/**
 * Logging in and out as JSON, for scripts and tests ({@code /api/session}), the first admin's setup
 * ({@code /api/setup}) and changing one's own password ({@code /api/me/password}); the pages' forms are
 * {@link SessionResource}.
 */
@Path("/api")
public class SessionApi {

    /** A login's JSON body (fields longer than any account's are cut, so they can only fail). */
    public record LoginRequest(String username, String password) {
    }

    /** The first admin's JSON body. */
    public record SetupRequest(String code, String username, String displayName, String password) {
    }

    /** Who is logged in, with the CSRF token their calls must send. */
    public record SessionView(String user, Set<String> roles, String csrf) {
    }

    public record PasswordChange(String currentPassword, String password) {
    }

    @Inject
    StaffService staff;

    @Inject
    SessionCookies cookies;

    @Inject
    RoutingContext request;

    @Inject
    SecurityIdentity identity;

    @POST
    @Path("session")
    @PermitAll
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Response login(LoginRequest body) {
        if (body == null) {
            throw ApiException.badRequest("send {\"username\": …, \"password\": …}", null);
        }
        var session = staff.login(SessionResource.clip(body.username(), 200), SessionResource.chars(SessionResource.clip(body.password(), 200)), SessionResource.address(request));
        StaffService.SessionIdentity who = staff.session(session.getKey()).orElseThrow();
        return Response.ok(new SessionView(who.username(), who.roles(), who.csrf()))
                .cookie(cookies.open(session.getKey())).build();
    }

    @GET
    @Path("session")
    @Authenticated
    @Produces(MediaType.APPLICATION_JSON)
    public SessionView whoAmI() {
        Object csrf = identity.getAttribute("csrf");
        return new SessionView(identity.getPrincipal().getName(), identity.getRoles(),
                csrf == null ? null : csrf.toString());
    }

    @DELETE
    @Path("session")
    @Authenticated
    public Response logout() {
        staff.logout(sessionToken());
        return Response.noContent().cookie(cookies.cleared()).build();
    }

    @POST
    @Path("setup")
    @PermitAll
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Response setupJson(SetupRequest body) {
        if (body == null) {
            throw ApiException.badRequest("send {\"code\": …, \"username\": …, \"password\": …}", null);
        }
        StaffStore.Account a = staff.setup(body.code(), body.username(), body.displayName(), body.password());
        return Response.status(Response.Status.CREATED).entity(UserResource.UserView.of(a)).build();
    }

    @POST
    @Path("me/password")
    @Authenticated
    @Consumes(MediaType.APPLICATION_JSON)
    public Response changeOwnPassword(PasswordChange body) {
        if (body == null || body.currentPassword() == null) {
            throw ApiException.badRequest("send {\"currentPassword\", \"password\"}", null);
        }
        String me = identity.getPrincipal().getName();
        try {
            staff.authenticate(me, SessionResource.chars(SessionResource.clip(body.currentPassword(), 200)),
                    SessionResource.address(request));
        } catch (ApiException e) {
            throw new ApiException(Response.Status.FORBIDDEN, "the current password is wrong", e.hint());
        }
        staff.setPassword(me, me, body.password());
        return Response.noContent().build();
    }

    private String sessionToken() {
        Cookie c = request.request().getCookie(SessionMechanism.COOKIE);
        return c == null ? null : c.getValue();
    }
}
