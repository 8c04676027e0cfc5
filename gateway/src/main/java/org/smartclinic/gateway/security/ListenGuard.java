package org.smartclinic.gateway.security;

import java.util.Set;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Refuses to start a gateway that would take passwords over the clinic network in clear text: listening beyond this
 * machine ({@code quarkus.http.host} not a loopback address) needs TLS ({@code quarkus.http.ssl.certificate.*}) or
 * the explicit {@code smartclinic.security.allow-plain-http-on-network=true} (e.g. behind a TLS-terminating proxy on
 * the same machine — then also set {@code smartclinic.security.secure-cookie=true}).
 */
@ApplicationScoped
public class ListenGuard {

    private static final Set<String> LOOPBACK = Set.of("127.0.0.1", "localhost", "::1", "[::1]");

    @ConfigProperty(name = "quarkus.http.host", defaultValue = "127.0.0.1")
    String host;

    @Inject
    SecurityConfig config;

    void check(@Observes StartupEvent e) {
        String problem = problem(host, SessionCookies.tlsConfigured(), config.allowPlainHttpOnNetwork());
        if (problem != null) {
            throw new IllegalStateException(problem);
        }
    }

    /** Why the gateway must not listen so, or null if it may. */
    static String problem(String host, boolean tls, boolean allowPlain) {
        if (LOOPBACK.contains(host) || host.startsWith("127.") || tls || allowPlain) {
            return null;
        }
        return "quarkus.http.host=" + host + " would serve staff logins over the network without TLS: configure "
                + "quarkus.http.ssl.certificate.files and quarkus.http.ssl.certificate.key-files (docs/security.md), "
                + "or set smartclinic.security.allow-plain-http-on-network=true if a TLS proxy on this machine "
                + "fronts the gateway";
    }
}
