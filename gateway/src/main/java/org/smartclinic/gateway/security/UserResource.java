package org.smartclinic.gateway.security;

import java.time.Instant;
import java.util.List;
import java.util.Set;

import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.smartclinic.gateway.api.ApiException;

/**
 * Staff accounts: admins list, add, change roles, disable and reset passwords ({@code /api/users}; the page is
 * {@link AdminPage}). Password hashes never leave the server.
 */
@Path("/api/users")
public class UserResource {

    /** An account as the API shows it. */
    public record UserView(String username, String displayName, Set<String> roles, Instant createdAt,
            String createdBy, boolean disabled) {

        static UserView of(StaffStore.Account a) {
            return new UserView(a.username(), a.displayName(), a.roles(), a.createdAt(), a.createdBy(), !a.active());
        }
    }

    public record NewUser(String username, String displayName, String password, Set<String> roles) {
    }

    public record UserChange(String displayName, Set<String> roles, Boolean disabled) {
    }

    public record PasswordReset(String password) {
    }

    @Inject
    StaffService staff;

    @Inject
    SecurityIdentity identity;

    @GET
    @RolesAllowed(Roles.ADMIN)
    @Produces(MediaType.APPLICATION_JSON)
    public List<UserView> list() {
        return staff.accounts().stream().map(UserView::of).toList();
    }

    @POST
    @RolesAllowed(Roles.ADMIN)
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Response create(NewUser body) {
        if (body == null) {
            throw ApiException.badRequest("send {\"username\", \"password\", \"roles\"}", null);
        }
        StaffStore.Account a = staff.create(me(), body.username(), body.displayName(), body.password(), body.roles());
        return Response.status(Response.Status.CREATED).entity(UserView.of(a)).build();
    }

    @PUT
    @Path("{username}")
    @RolesAllowed(Roles.ADMIN)
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public UserView update(@PathParam("username") String username, UserChange body) {
        if (body == null) {
            throw ApiException.badRequest("send {\"displayName\", \"roles\", \"disabled\"}", null);
        }
        return UserView.of(staff.update(me(), username, body.displayName(), body.roles(), body.disabled()));
    }

    @POST
    @Path("{username}/password")
    @RolesAllowed(Roles.ADMIN)
    @Consumes(MediaType.APPLICATION_JSON)
    public Response resetPassword(@PathParam("username") String username, PasswordReset body) {
        staff.setPassword(me(), username, body == null ? null : body.password());
        return Response.noContent().build();
    }

    @GET
    @Path("events")
    @RolesAllowed(Roles.ADMIN)
    @Produces(MediaType.APPLICATION_JSON)
    public List<StaffStore.Event> events(@QueryParam("limit") @DefaultValue("100") int limit) {
        return staff.events(Math.max(1, Math.min(limit, 1000)));
    }

    private String me() {
        return identity.getPrincipal().getName();
    }
}
