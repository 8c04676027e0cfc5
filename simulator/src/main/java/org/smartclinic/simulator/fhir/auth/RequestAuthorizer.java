package org.smartclinic.simulator.fhir.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Optional;

/**
 * What an EHR stand-in requires of each request's {@code Authorization} header; requests without it get 401 with
 * {@link #challenge} in {@code WWW-Authenticate}.
 */
public interface RequestAuthorizer {

    /** Whether a request with this {@code Authorization} header (null when absent) may proceed. */
    boolean authorizes(String authorization);

    /** The {@code WWW-Authenticate} value of a 401 (RFC 6750 / RFC 7617). */
    default String challenge(String authorization) {
        return authorization == null ? "Bearer realm=\"fhir\"" : "Bearer realm=\"fhir\", error=\"invalid_token\"";
    }

    /** The JSON served at {@code <fhir-base>/.well-known/smart-configuration}, if any. */
    default Optional<String> smartConfiguration() {
        return Optional.empty();
    }

    /** Accepts exactly {@code Bearer <token>}. */
    static RequestAuthorizer bearer(String token) {
        byte[] expected = ("Bearer " + token).getBytes(StandardCharsets.UTF_8);
        return header -> header != null && MessageDigest.isEqual(expected, header.getBytes(StandardCharsets.UTF_8));
    }

    /** Accepts HTTP basic with this user and password. */
    static RequestAuthorizer basic(String username, String password) {
        byte[] expected = ("Basic " + Base64.getEncoder().encodeToString(
                (username + ":" + password).getBytes(StandardCharsets.UTF_8))).getBytes(StandardCharsets.UTF_8);
        return new RequestAuthorizer() {
            @Override
            public boolean authorizes(String header) {
                return header != null && MessageDigest.isEqual(expected, header.getBytes(StandardCharsets.UTF_8));
            }

            @Override
            public String challenge(String authorization) {
                return "Basic realm=\"fhir\", charset=\"UTF-8\"";
            }
        };
    }
}
