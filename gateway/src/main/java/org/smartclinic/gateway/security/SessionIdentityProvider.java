package org.smartclinic.gateway.security;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.MessageDigest;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

/**
 * Turns a session token into the staff member's identity (roles, and the session's CSRF token as the attribute
 * {@code csrf}), off the event loop since the session may have to be read from the database. An unknown or expired
 * session fails authentication: the caller is asked to log in again.
 */
@ApplicationScoped
public class SessionIdentityProvider implements IdentityProvider<SessionAuthenticationRequest> {

    private static final Logger LOG = Logger.getLogger(SessionIdentityProvider.class);

    /** The role the metrics bearer token gives: {@code /q/metrics} and nothing else. */
    public static final String METRICS = "metrics";

    @Inject
    StaffService staff;

    @Inject
    SecurityConfig config;

    @Override
    public Class<SessionAuthenticationRequest> getRequestType() {
        return SessionAuthenticationRequest.class;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(SessionAuthenticationRequest request,
            AuthenticationRequestContext context) {
        return context.runBlocking(() -> request.metrics() ? metrics(request.token()) : session(request.token()));
    }

    private SecurityIdentity session(String token) {
        StaffService.SessionIdentity s = staff.session(token)
                .orElseThrow(() -> new AuthenticationFailedException("the session has ended"));
        return QuarkusSecurityIdentity.builder().setPrincipal(new QuarkusPrincipal(s.username()))
                .addRoles(s.roles()).addAttribute("csrf", s.csrf()).build();
    }

    private SecurityIdentity metrics(String token) {
        if (config.metricsTokenFile().isEmpty()) {
            throw new AuthenticationFailedException("no metrics token is configured");
        }
        try {
            String expected = Files.readString(config.metricsTokenFile().get(), StandardCharsets.UTF_8).trim();
            if (expected.length() >= 16 && MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8),
                    token.getBytes(StandardCharsets.UTF_8))) {
                return QuarkusSecurityIdentity.builder().setPrincipal(new QuarkusPrincipal(METRICS))
                        .addRole(METRICS).build();
            }
        } catch (IOException e) {
            LOG.warnf("cannot read smartclinic.security.metrics-token-file: %s", e.getMessage());
        }
        throw new AuthenticationFailedException("wrong metrics token");
    }
}
