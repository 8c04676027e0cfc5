package org.smartclinic.gateway.security;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Set;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.AuthenticationRequest;
import io.quarkus.vertx.http.runtime.security.ChallengeData;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticationMechanism;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Authenticates requests by the staff session cookie ({@value #COOKIE}), and {@code /q/metrics} also by the
 * metrics bearer token. Without either the request is anonymous; a page then redirects to the login page and the
 * API answers 401.
 */
@ApplicationScoped
public class SessionMechanism implements HttpAuthenticationMechanism {

    public static final String COOKIE = "sc_session";

    @Override
    public Uni<SecurityIdentity> authenticate(RoutingContext context, IdentityProviderManager identities) {
        Cookie cookie = context.request().getCookie(COOKIE);
        if (cookie != null && !cookie.getValue().isEmpty()) {
            // An ended session makes the request anonymous rather than failed: the login page must still open.
            return identities.authenticate(new SessionAuthenticationRequest(cookie.getValue(), false))
                    .onFailure(AuthenticationFailedException.class).recoverWithNull();
        }
        String auth = context.request().getHeader(HttpHeaders.AUTHORIZATION);
        if (auth != null && auth.startsWith("Bearer ") && context.normalizedPath().startsWith("/q/metrics")) {
            return identities.authenticate(new SessionAuthenticationRequest(auth.substring(7).trim(), true))
                    .onFailure(AuthenticationFailedException.class).recoverWithNull();
        }
        return Uni.createFrom().nullItem();
    }

    @Override
    public Uni<ChallengeData> getChallenge(RoutingContext context) {
        String accept = context.request().getHeader(HttpHeaders.ACCEPT);
        String path = context.normalizedPath();
        boolean page = context.request().method() == HttpMethod.GET && accept != null && accept.contains("text/html")
                && !path.startsWith("/api/") && !path.startsWith("/ws/");
        if (page) {
            String back = context.request().uri();
            String location = "/login" + (back == null || back.equals("/") ? ""
                    : "?back=" + URLEncoder.encode(back, StandardCharsets.UTF_8));
            return Uni.createFrom().item(new ChallengeData(302, HttpHeaders.LOCATION, location));
        }
        return Uni.createFrom().item(new ChallengeData(401, null, null));
    }

    @Override
    public Set<Class<? extends AuthenticationRequest>> getCredentialTypes() {
        return Set.of(SessionAuthenticationRequest.class);
    }
}
