package org.smartclinic.gateway.uplink.auth;

import java.time.Instant;

/**
 * An access token from the token endpoint.
 *
 * @param value     the token (secret: {@link #toString()} leaves it out)
 * @param expiresAt when the token endpoint said it expires
 * @param refreshAt when the gateway fetches the next one (at 80 % of its lifetime)
 */
public record AccessToken(String value, Instant expiresAt, Instant refreshAt) {

    /** A token received at {@code now}, valid for {@code expiresInSeconds}. */
    public static AccessToken received(String value, Instant now, long expiresInSeconds) {
        return new AccessToken(value, now.plusSeconds(expiresInSeconds), now.plusMillis(expiresInSeconds * 800));
    }

    @Override
    public String toString() {
        return "AccessToken[expiresAt=" + expiresAt + ", refreshAt=" + refreshAt + "]";
    }
}
