package org.smartclinic.gateway.uplink.auth;

import java.io.IOException;

/**
 * The gateway could not get credentials for the EHR (token endpoint unreachable or refusing, discovery failed).
 * An {@link IOException} so that the HTTP layer reports it as a failure to reach the EHR, which the uplink retries.
 * Its message says what to check and never holds a secret.
 */
public class EhrAuthException extends IOException {

    public EhrAuthException(String message) {
        super(message);
    }

    public EhrAuthException(String message, Throwable cause) {
        super(message, cause);
    }
}
