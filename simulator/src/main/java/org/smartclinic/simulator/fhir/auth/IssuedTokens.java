package org.smartclinic.simulator.fhir.auth;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** The opaque access tokens a {@link SmartTokenServer} issued, with their client, scope and expiry. */
final class IssuedTokens {

    /** One issued token. */
    record Issued(String clientId, String scope, Instant expiresAt, boolean direct) {
    }

    private final SecureRandom random = new SecureRandom();
    private final Map<String, Issued> tokens = new ConcurrentHashMap<>();
    private final List<String> granted = new CopyOnWriteArrayList<>();
    private final Clock clock;

    IssuedTokens(Clock clock) {
        this.clock = clock;
    }

    /** @param direct issued without a token request (for a test's reader); {@link #expireAll} keeps those */
    String issue(String clientId, String scope, Duration lifetime, boolean direct) {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        tokens.put(token, new Issued(clientId, scope, clock.instant().plus(lifetime), direct));
        if (!direct) {
            granted.add(token);
        }
        return token;
    }

    /** The token's grant while it is valid. */
    Optional<Issued> active(String token) {
        Issued issued = token == null ? null : tokens.get(token);
        return issued != null && clock.instant().isBefore(issued.expiresAt()) ? Optional.of(issued) : Optional.empty();
    }

    /** Every token granted at the token endpoint so far expires now. */
    void expireAll() {
        Instant now = clock.instant();
        tokens.replaceAll((token, issued) -> issued.direct() ? issued
                : new Issued(issued.clientId(), issued.scope(), now, false));
    }

    /** Every token granted at the token endpoint, oldest first. */
    List<String> granted() {
        return List.copyOf(granted);
    }
}
