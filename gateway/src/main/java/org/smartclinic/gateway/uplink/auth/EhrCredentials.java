package org.smartclinic.gateway.uplink.auth;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/** What the gateway puts in the {@code Authorization} header of each request to the EHR. */
public interface EhrCredentials {

    /** No header. */
    EhrCredentials NONE = Optional::empty;

    /** The header value for the next request, e.g. {@code Bearer abc}; empty: send none. */
    Optional<String> authorization() throws EhrAuthException;

    /** Whether new credentials can be fetched when the EHR refuses these (then a 401 is retried once). */
    default boolean refreshable() {
        return false;
    }

    /** The EHR answered 401 to a request sent with {@code authorization}: do not use it again. */
    default void rejected(String authorization) {
        // static credentials: nothing to refresh
    }

    /** A static bearer token. */
    static EhrCredentials bearer(String token) {
        String header = "Bearer " + token;
        return () -> Optional.of(header);
    }

    /** HTTP basic (RFC 7617, UTF-8). */
    static EhrCredentials basic(String username, String password) {
        String header = "Basic " + Base64.getEncoder().encodeToString(
                (username + ":" + password).getBytes(StandardCharsets.UTF_8));
        return () -> Optional.of(header);
    }
}
