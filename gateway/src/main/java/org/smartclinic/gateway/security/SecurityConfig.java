package org.smartclinic.gateway.security;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Staff login: {@code smartclinic.security.*}. docs/security.md explains the whole model (accounts, sessions, CSRF,
 * rate limits, TLS, OIDC).
 */
@ConfigMapping(prefix = "smartclinic.security")
public interface SecurityConfig {

    /** A session ends after this long without a request (a tablet left in a room logs itself out). */
    @WithDefault("2h")
    Duration sessionIdleTimeout();

    /** A session ends this long after login whatever happens. */
    @WithDefault("12h")
    Duration sessionMaxAge();

    /** Failed logins allowed per account within {@link #loginWindow()} before that account is locked out. */
    @WithDefault("5")
    int loginAttempts();

    /**
     * Failed logins allowed per client address (any accounts) within {@link #loginWindow()} before that address is
     * locked out: higher than per account, since several tablets may share an address behind the clinic's router.
     */
    @WithDefault("20")
    int loginAttemptsPerAddress();

    /** The window failed logins are counted in. */
    @WithDefault("15m")
    Duration loginWindow();

    /** The first lock-out; each further one doubles, up to {@link #loginMaxLockout()}. */
    @WithDefault("1m")
    Duration loginLockout();

    @WithDefault("15m")
    Duration loginMaxLockout();

    /** Shortest password an account may have. */
    @WithDefault("10")
    int passwordMinLength();

    /**
     * PBKDF2-HMAC-SHA256 iterations for new password hashes (OWASP 2023: 600,000). Existing hashes keep theirs and
     * are re-hashed at the next login when this grows.
     */
    @WithDefault("600000")
    int passwordIterations();

    /**
     * Mark the session cookie {@code Secure} (sent over HTTPS only). Default: when the gateway serves TLS
     * ({@code quarkus.http.ssl.certificate.*} set). Set true behind a TLS-terminating proxy.
     */
    Optional<Boolean> secureCookie();

    /**
     * Allow listening beyond this machine ({@code quarkus.http.host} other than 127.0.0.1/localhost) without TLS.
     * Passwords would cross the clinic network in clear text: the gateway refuses to start so unless this is true.
     */
    @WithDefault("false")
    boolean allowPlainHttpOnNetwork();

    /**
     * A file holding a bearer token for Prometheus ({@code Authorization: Bearer …} on {@code /q/metrics} only).
     * Without it, metrics need a technician's or admin's login.
     */
    Optional<Path> metricsTokenFile();

    /** Optional OIDC login (e.g. Keycloak) besides local accounts; docs/security.md. */
    Oidc oidc();

    interface Oidc {
        /** Show "log in with …" on the login page; also set {@code quarkus.oidc.*} (docs/security.md). */
        @WithDefault("false")
        boolean enabled();

        /** The button's label, e.g. the clinic's identity provider. */
        @WithDefault("OIDC")
        String providerName();

        /**
         * Which roles of the token (claim {@code quarkus.oidc.roles.role-claim-path}) give which gateway role, e.g.
         * {@code smartclinic.security.oidc.role-map.clinic-doctor=gp}. A token role named like a gateway role
         * ({@code gp}, {@code technician}, {@code admin}) counts as it without an entry.
         */
        Map<String, String> roleMap();
    }
}
