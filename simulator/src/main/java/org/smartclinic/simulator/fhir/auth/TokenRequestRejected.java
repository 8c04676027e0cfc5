package org.smartclinic.simulator.fhir.auth;

/**
 * A token request the server refuses, with the OAuth2 error code (RFC 6749 section 5.2: {@code invalid_request},
 * {@code invalid_client}, {@code invalid_grant}, {@code unsupported_grant_type}, {@code invalid_scope}).
 */
public class TokenRequestRejected extends Exception {

    private final String error;

    public TokenRequestRejected(String error, String description) {
        super(description);
        this.error = error;
    }

    public String error() {
        return error;
    }
}
