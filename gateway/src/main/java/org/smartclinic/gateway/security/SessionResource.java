package org.smartclinic.gateway.security;

import java.net.URI;

import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import io.vertx.core.http.Cookie;
import io.vertx.ext.web.RoutingContext;
import jakarta.annotation.security.PermitAll;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.smartclinic.gateway.api.ApiException;
import org.smartclinic.gateway.web.LanguageResource;
import org.smartclinic.gateway.web.Pages;

/**
 * Logging in and out: the login page and its form ({@code /login}, {@code /logout}), the first admin's one-time
 * setup ({@code /setup}), and the same as JSON for scripts and tests ({@code /api/session}, {@code /api/setup}).
 */
@Path("/")
public class SessionResource {

    @Inject
    StaffService staff;

    @Inject
    SessionCookies cookies;

    @Inject
    SecurityConfig config;

    @Inject
    Pages pages;

    @Inject
    RoutingContext request;

    @Inject
    SecurityIdentity identity;

    @Inject
    @Location("login.html")
    Template login;

    @Inject
    @Location("setup.html")
    Template setup;

    @GET
    @Authenticated
    @Produces(MediaType.TEXT_HTML)
    public Response home() {
        String to = identity.hasRole(Roles.GP) ? "/gp" : identity.hasRole(Roles.TECHNICIAN) ? "/tech" : "/admin";
        return Response.seeOther(URI.create(to)).build();
    }

    @GET
    @Path("login")
    @PermitAll
    @Produces(MediaType.TEXT_HTML)
    public Response showLogin(@QueryParam("back") String back) {
        if (staff.needsSetup()) {
            return Response.seeOther(URI.create("/setup")).build();
        }
        return Response.ok(loginPage(back, null, null)).build();
    }

    @POST
    @Path("login")
    @PermitAll
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.TEXT_HTML)
    public Response submitLogin(@FormParam("username") String username, @FormParam("password") String password,
            @FormParam("back") String back) {
        try {
            String token = staff.login(clip(username, 200), chars(clip(password, 200)), address()).getKey();
            return Response.seeOther(URI.create(LanguageResource.safeBack(back))).cookie(cookies.open(token)).build();
        } catch (ApiException e) {
            return Response.status(e.status()).entity(loginPage(back, clip(username, 64), e)).build();
        }
    }

    private TemplateInstance loginPage(String back, String username, ApiException error) {
        String key = error == null ? null : switch (error.status()) {
            case TOO_MANY_REQUESTS -> "login.locked";
            default -> "login.wrong";
        };
        return pages.page(login).data("back", LanguageResource.safeBack(back)).data("username", username)
                .data("error", key).data("errorHint", error == null ? null : error.hint())
                .data("oidc", config.oidc().enabled()).data("oidcName", config.oidc().providerName());
    }

    @POST
    @Path("logout")
    @PermitAll
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response logoutForm(@FormParam("csrf") String csrf) {
        Object expected = identity.getAttribute("csrf");
        if (expected != null && CsrfProtection.matches(expected.toString(), csrf)) {
            staff.logout(sessionToken());
        }
        return Response.seeOther(URI.create("/login")).cookie(cookies.cleared()).build();
    }

    @GET
    @Path("setup")
    @PermitAll
    @Produces(MediaType.TEXT_HTML)
    public Response showSetup() {
        if (!staff.needsSetup()) {
            return Response.seeOther(URI.create("/login")).build();
        }
        return Response.ok(setupPage(null, null, null)).build();
    }

    @POST
    @Path("setup")
    @PermitAll
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.TEXT_HTML)
    public Response submitSetup(@FormParam("code") String code, @FormParam("username") String username,
            @FormParam("displayName") String displayName, @FormParam("password") String password) {
        try {
            staff.setup(clip(code, 100), clip(username, 64), clip(displayName, 100), clip(password, 200));
            String token = staff.login(username, chars(password), address()).getKey();
            return Response.seeOther(URI.create("/admin")).cookie(cookies.open(token)).build();
        } catch (ApiException e) {
            return Response.status(e.status()).entity(setupPage(clip(username, 64), clip(displayName, 100), e))
                    .build();
        }
    }

    private TemplateInstance setupPage(String username, String displayName, ApiException error) {
        return pages.page(setup).data("codeFile", staff.setupCodeFile().toAbsolutePath().toString())
                .data("username", username).data("displayName", displayName)
                .data("error", error == null ? null : error.getMessage())
                .data("errorHint", error == null ? null : error.hint())
                .data("minLength", config.passwordMinLength());
    }

    private String sessionToken() {
        Cookie c = request.request().getCookie(SessionMechanism.COOKIE);
        return c == null ? null : c.getValue();
    }

    private String address() {
        return address(request);
    }

    static String address(RoutingContext request) {
        var remote = request.request().remoteAddress();
        return remote == null ? "unknown" : remote.hostAddress();
    }

    static char[] chars(String password) {
        return password == null ? new char[0] : password.toCharArray();
    }

    static String clip(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }
}
