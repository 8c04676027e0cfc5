package org.smartclinic.gateway.uplink.auth;

/**
 * The {@code smartclinic.fhir.auth.*} or {@code smartclinic.fhir.tls.*} settings are incomplete or unreadable; the
 * gateway does not start. The message names the settings to fix and never holds a secret.
 */
public class EhrAuthConfigException extends IllegalStateException {

    public EhrAuthConfigException(String message) {
        super(message);
    }

    public EhrAuthConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
