package org.smartclinic.gateway.security;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Locale;
import java.util.Set;

import io.quarkus.security.identity.SecurityIdentity;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.smartclinic.gateway.api.ApiError;

/**
 * Cross-site request forgery protection, two layers:
 * <ul>
 * <li>every state-changing request ({@code POST}, {@code PUT}, {@code PATCH}, {@code DELETE}) and every WebSocket
 * upgrade that names an {@code Origin} must come from the gateway's own origin (scheme, host and port of the
 * request itself), so another site's page can neither post forms nor open a live socket with the staff's cookie;</li>
 * <li>every state-changing {@code /api/} call made with a session cookie must carry the session's CSRF token in
 * {@code X-CSRF-Token} (the pages send it from their {@code <meta name="csrf-token">}); the page forms
 * ({@code /logout}) carry it as the field {@code csrf}, checked by their resource.</li>
 * </ul>
 * The session cookie is also {@code SameSite=Strict}: three independent guards.
 */
@ApplicationScoped
public class CsrfProtection {

    public static final String HEADER = "X-CSRF-Token";
    private static final Set<HttpMethod> UNSAFE = Set.of(HttpMethod.POST, HttpMethod.PUT, HttpMethod.PATCH,
            HttpMethod.DELETE);

    @Inject
    SecurityIdentity identity;

    void originCheck(@Observes Router router) {
        router.route().order(-1000).handler(this::checkOrigin);
    }

    private void checkOrigin(RoutingContext rc) {
        boolean upgrade = "websocket".equalsIgnoreCase(rc.request().getHeader(HttpHeaders.UPGRADE));
        String origin = rc.request().getHeader(HttpHeaders.ORIGIN);
        if ((UNSAFE.contains(rc.request().method()) || upgrade) && origin != null
                && !sameOrigin(origin, rc.request().scheme(), rc.request().getHeader(HttpHeaders.HOST))) {
            rc.response().setStatusCode(403).putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                    .end("{\"error\":\"a request from another site was refused\",\"hint\":\"use the gateway's own pages\"}");
            return;
        }
        rc.next();
    }

    /** True if {@code origin} is {@code scheme://host} of this request. */
    static boolean sameOrigin(String origin, String scheme, String host) {
        if (host == null || "null".equals(origin)) {
            return false;
        }
        try {
            URI o = URI.create(origin);
            String oHost = o.getHost() == null ? "" : o.getHost().toLowerCase(Locale.ROOT);
            int oPort = o.getPort() != -1 ? o.getPort() : "https".equals(o.getScheme()) ? 443 : 80;
            URI h = URI.create(scheme + "://" + host);
            String hHost = h.getHost() == null ? "" : h.getHost().toLowerCase(Locale.ROOT);
            int hPort = h.getPort() != -1 ? h.getPort() : "https".equals(scheme) ? 443 : 80;
            return oHost.equals(hHost) && oPort == hPort && scheme.equals(o.getScheme());
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    @ServerRequestFilter
    public Response checkToken(ContainerRequestContext request) {
        if (!UNSAFE.contains(HttpMethod.valueOf(request.getMethod()))
                || !request.getUriInfo().getPath().startsWith("/api/")) {
            return null;
        }
        Object expected = identity.getAttribute("csrf");
        if (expected == null) {
            return null; // not a cookie session: nothing a browser could send on its own
        }
        if (!matches(expected.toString(), request.getHeaderString(HEADER))) {
            return Response.status(Response.Status.FORBIDDEN).type(MediaType.APPLICATION_JSON_TYPE)
                    .entity(new ApiError("the request lacks this session's CSRF token",
                            "send the " + HEADER + " header from the page's csrf-token meta tag, or reload the page"))
                    .build();
        }
        return null;
    }

    /** Constant-time comparison of a session's CSRF token with what the request sent. */
    public static boolean matches(String expected, String sent) {
        return sent != null && MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8),
                sent.getBytes(StandardCharsets.UTF_8));
    }
}
