package org.smartclinic.gateway.security;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.NewCookie;

import org.eclipse.microprofile.config.ConfigProvider;

/**
 * The session cookie: HttpOnly (no script reads it), SameSite=Strict (no other site's page sends it), Secure when
 * the gateway serves TLS or {@code smartclinic.security.secure-cookie} says so, living as long as a session may.
 */
@ApplicationScoped
public class SessionCookies {

    @Inject
    SecurityConfig config;

    public NewCookie open(String token) {
        return builder(token).maxAge((int) config.sessionMaxAge().toSeconds()).build();
    }

    public NewCookie cleared() {
        return builder("").maxAge(0).build();
    }

    private NewCookie.Builder builder(String value) {
        return new NewCookie.Builder(SessionMechanism.COOKIE).value(value).path("/").httpOnly(true)
                .secure(secure()).sameSite(NewCookie.SameSite.STRICT);
    }

    boolean secure() {
        return config.secureCookie().orElseGet(SessionCookies::tlsConfigured);
    }

    /** True if the HTTP server has a certificate configured (PEM files or a key store). */
    static boolean tlsConfigured() {
        var c = ConfigProvider.getConfig();
        return c.getOptionalValue("quarkus.http.ssl.certificate.files", String.class).isPresent()
                || c.getOptionalValue("quarkus.http.ssl.certificate.key-store-file", String.class).isPresent()
                || c.getOptionalValue("quarkus.http.tls-configuration-name", String.class).isPresent();
    }
}
