package org.smartclinic.gateway.security;

import java.net.URI;
import java.util.LinkedHashSet;
import java.util.Set;

import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;
import org.smartclinic.gateway.api.ApiException;

/**
 * {@code /login/oidc}: login through the clinic's identity provider. Quarkus OIDC's authorization-code flow guards
 * this one path ({@code quarkus.http.auth.permission.oidc.*}); once the provider has logged the person in, their
 * token's roles are mapped to gateway roles ({@code smartclinic.security.oidc.role-map}), a local account
 * {@code oidc.<name>} is kept in step (so disabling it in the admin page still locks the person out), and an
 * ordinary gateway session is opened: the rest of the gateway knows one kind of session only.
 */
@Path("/login/oidc")
public class OidcLoginResource {

    private static final Logger LOG = Logger.getLogger(OidcLoginResource.class);

    @Inject
    SecurityIdentity identity;

    @Inject
    SecurityConfig config;

    @Inject
    StaffService staff;

    @Inject
    SessionCookies cookies;

    @GET
    @Authenticated
    public Response login() {
        if (!config.oidc().enabled()) {
            throw ApiException.notFound("OIDC login is not configured (smartclinic.security.oidc.enabled)");
        }
        Set<String> roles = mapRoles(identity.getRoles(), config.oidc().roleMap());
        if (roles.isEmpty()) {
            LOG.infof("OIDC login without a gateway role: token roles %s", identity.getRoles());
            throw new ApiException(Response.Status.FORBIDDEN, "your account at the identity provider has no gateway "
                    + "role", "ask the admin to map one of your roles (smartclinic.security.oidc.role-map)");
        }
        String username = localName(identity.getPrincipal().getName());
        String token = staff.openOidcSession(username, roles);
        return Response.seeOther(URI.create("/")).cookie(cookies.open(token)).build();
    }

    /** Gateway roles for a token's roles: those the map names, and those already named like a gateway role. */
    static Set<String> mapRoles(Set<String> tokenRoles, java.util.Map<String, String> map) {
        Set<String> out = new LinkedHashSet<>();
        for (String r : tokenRoles) {
            String mapped = map.getOrDefault(r, r);
            if (Roles.ALL.contains(mapped)) {
                out.add(mapped);
            }
        }
        return out;
    }

    /** The local account's name for an OIDC user: {@code oidc.} and the name's allowed characters. */
    static String localName(String principal) {
        String cleaned = principal == null ? "" : principal.replaceAll("[^A-Za-z0-9._-]", "_");
        String name = "oidc." + cleaned;
        return name.length() > 64 ? name.substring(0, 64) : name;
    }
}
