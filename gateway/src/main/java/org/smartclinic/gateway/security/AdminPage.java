package org.smartclinic.gateway.security;

import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateInstance;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.smartclinic.gateway.web.Pages;

/** {@code /admin}: the admin's page of staff accounts (its data comes from {@link UserResource}). */
@Path("/admin")
public class AdminPage {

    @Inject
    Pages pages;

    @Inject
    @Location("admin/users.html")
    Template usersPage;

    @GET
    @RolesAllowed(Roles.ADMIN)
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance page() {
        return pages.page(usersPage).data("allRoles", Roles.ALL);
    }
}
