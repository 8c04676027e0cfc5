package org.smartclinic.gateway.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.WithDefault;

/**
 * How the gateway proves who it is to the EHR ({@code smartclinic.fhir.auth.*}); see {@code docs/ehr-auth.md}.
 * Every secret can be given inline (best through the environment, e.g. {@code SMARTCLINIC_FHIR_AUTH_BEARER_TOKEN})
 * or, preferably, in a file readable only by the gateway's user ({@code ...-file}); never both. Secrets are never
 * logged.
 */
public interface EhrAuthConfig {

    /** The ways to authenticate. */
    enum Mode {
        /** No credentials (an EHR on a trusted network, the demo sandbox). */
        NONE,
        /** A static bearer token ({@code bearer-token} or {@code bearer-token-file}). */
        BEARER,
        /** HTTP basic ({@code username} and {@code password} or {@code password-file}). */
        BASIC,
        /** OAuth2 client credentials with a signed JWT, as SMART Backend Services specify. */
        SMART_BACKEND
    }

    /** {@code none}, {@code bearer}, {@code basic} or {@code smart-backend}. */
    @WithDefault("none")
    Mode mode();

    /** Mode bearer: the token, sent as {@code Authorization: Bearer <token>}. Secret. */
    Optional<String> bearerToken();

    /** Mode bearer: a file holding the token (surrounding white space ignored). */
    Optional<Path> bearerTokenFile();

    /** Mode basic: the user name. */
    Optional<String> username();

    /** Mode basic: the password. Secret. */
    Optional<String> password();

    /** Mode basic: a file holding the password. */
    Optional<Path> passwordFile();

    /** Mode smart-backend: the client id the EHR registered for this gateway (the JWT's {@code iss} and {@code sub}). */
    Optional<String> clientId();

    /**
     * Mode smart-backend: the gateway's private key, a PEM file in PKCS#8 ({@code -----BEGIN PRIVATE KEY-----}),
     * RSA (signs RS384) or EC P-384 (signs ES384). The EHR holds the public key (or a JWKS with it).
     */
    Optional<Path> privateKeyFile();

    /** Mode smart-backend: the private key PEM itself (e.g. from an environment variable). Secret. */
    Optional<String> privateKey();

    /** Mode smart-backend: the {@code kid} put in the JWT header, as listed in the gateway's JWKS at the EHR. */
    Optional<String> keyId();

    /** Mode smart-backend: {@code RS384} or {@code ES384}; unset: RS384 for an RSA key, ES384 for an EC key. */
    Optional<String> algorithm();

    /** Mode smart-backend: the scopes asked for, separated by spaces. */
    @WithDefault("system/Patient.read system/Patient.write system/Observation.read system/Observation.write "
            + "system/Encounter.read system/Encounter.write system/Device.read system/Device.write "
            + "system/DiagnosticReport.write system/Specimen.write system/AuditEvent.write")
    String scope();

    /**
     * Mode smart-backend: the token endpoint. Unset: read from {@code <base-url>/.well-known/smart-configuration}
     * ({@code token_endpoint}) on first use.
     */
    Optional<String> tokenUrl();

    /** Mode smart-backend: lifetime of each signed client assertion (the spec allows at most 5 minutes). */
    @WithDefault("5m")
    Duration assertionLifetime();
}
