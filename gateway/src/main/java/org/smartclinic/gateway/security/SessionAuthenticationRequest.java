package org.smartclinic.gateway.security;

import io.quarkus.security.identity.request.BaseAuthenticationRequest;

/** A request carrying a staff session cookie's token, or the metrics bearer token. */
public final class SessionAuthenticationRequest extends BaseAuthenticationRequest {

    private final String token;
    private final boolean metrics;

    SessionAuthenticationRequest(String token, boolean metrics) {
        this.token = token;
        this.metrics = metrics;
    }

    String token() {
        return token;
    }

    boolean metrics() {
        return metrics;
    }
}
