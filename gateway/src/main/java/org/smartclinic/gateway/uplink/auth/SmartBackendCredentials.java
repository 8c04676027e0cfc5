package org.smartclinic.gateway.uplink.auth;

import java.time.Clock;
import java.util.Optional;

import org.jboss.logging.Logger;

/**
 * SMART Backend Services: an access token from the token endpoint, cached and refreshed at 80 % of its lifetime,
 * and fetched anew once when the EHR refuses it.
 */
public final class SmartBackendCredentials implements EhrCredentials {

    private static final Logger LOG = Logger.getLogger(SmartBackendCredentials.class);
    private static final String BEARER = "Bearer ";

    private final TokenCache cache;

    public SmartBackendCredentials(TokenEndpoint endpoint, ClientAssertion assertion, String scope,
                                   Clock clock) {
        this.cache = new TokenCache(() -> fetch(endpoint, assertion, scope), clock);
    }

    @Override
    public Optional<String> authorization() throws EhrAuthException {
        return Optional.of(BEARER + cache.token().value());
    }

    @Override
    public boolean refreshable() {
        return true;
    }

    @Override
    public void rejected(String authorization) {
        if (authorization != null && authorization.startsWith(BEARER)) {
            LOG.info("The EHR refused the access token (401): fetching a new one and trying once more");
            cache.invalidate(authorization.substring(BEARER.length()));
        }
    }

    /** How many tokens were fetched (or tried). */
    public int fetches() {
        return cache.fetches();
    }

    private static AccessToken fetch(TokenEndpoint endpoint, ClientAssertion assertion, String scope)
            throws EhrAuthException {
        AccessToken token = endpoint.request(assertion, scope);
        LOG.debugf("new EHR access token, expires at %s", token.expiresAt());
        return token;
    }
}
