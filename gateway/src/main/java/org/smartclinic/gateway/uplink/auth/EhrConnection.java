package org.smartclinic.gateway.uplink.auth;

import java.io.IOException;
import java.net.ProxySelector;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;

import javax.net.ssl.SSLContext;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.client.api.IRestfulClientFactory;
import ca.uhn.fhir.rest.client.api.ServerValidationModeEnum;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.apache.http.client.config.RequestConfig;
import org.apache.http.config.RegistryBuilder;
import org.apache.http.conn.socket.ConnectionSocketFactory;
import org.apache.http.conn.socket.PlainConnectionSocketFactory;
import org.apache.http.conn.ssl.SSLConnectionSocketFactory;
import org.apache.http.impl.client.CloseableHttpClient;
import org.apache.http.impl.client.HttpClients;
import org.apache.http.impl.conn.PoolingHttpClientConnectionManager;
import org.jboss.logging.Logger;
import org.smartclinic.gateway.config.EhrAuthConfig;
import org.smartclinic.gateway.config.GatewayConfig;
import org.smartclinic.gateway.config.TlsTrust;

/**
 * The HTTP connection to the EHR: TLS trust ({@code smartclinic.fhir.tls.*}), timeouts, and the credentials of
 * {@code smartclinic.fhir.auth.mode} on every request to the EHR's origin (a 401 retried once with a new token).
 * Builds the FHIR client {@link org.smartclinic.gateway.uplink.EhrClient} uses.
 *
 * <p>HAPI sends every request of every client through its {@link FhirContext}'s REST client factory, whatever
 * factory built the client, so this HTTP client becomes the factory's: the gateway talks FHIR to no one but the
 * EHR, and the credentials go only to the EHR's origin ({@link AuthorizationHandler}).
 */
@ApplicationScoped
public class EhrConnection {

    private static final Logger LOG = Logger.getLogger(EhrConnection.class);
    private static final int MAX_CONNECTIONS = 20;
    private static final int VALIDATE_AFTER_IDLE_MS = 1_000;

    @Inject
    GatewayConfig config;

    @Inject
    Clock clock;

    private CloseableHttpClient http;
    private FhirContext installedOn;

    /**
     * A FHIR client for {@code smartclinic.fhir.base-url}.
     *
     * @throws IllegalStateException when the auth ({@link EhrAuthConfigException}) or TLS settings are incomplete or
     *                               unreadable
     */
    public synchronized IGenericClient newClient(FhirContext fhir) {
        prepare();
        installedOn = fhir;
        return client(fhir, http, config.fhir().baseUrl());
    }

    /** At start-up: incomplete or unreadable auth/TLS settings stop the gateway with a message naming them. */
    void onStart(@Observes StartupEvent event) {
        prepare();
    }

    private synchronized void prepare() {
        if (http == null) {
            SSLContext tls = TlsTrust.orDefault(config.fhir().tls(), "smartclinic.fhir.tls.trust-store");
            http = httpClient(tls, credentials(tls), config.fhir().baseUrl(), config.fhir().connectTimeout(),
                    config.fhir().readTimeout());
            LOG.infof("EHR %s, authentication: %s", config.fhir().baseUrl(), describe(config.fhir().auth()));
        }
    }

    /** A FHIR client whose requests (like all of {@code fhir}'s) go through {@code http}. */
    static IGenericClient client(FhirContext fhir, CloseableHttpClient http, String baseUrl) {
        IRestfulClientFactory factory = fhir.getRestfulClientFactory();
        factory.setServerValidationMode(ServerValidationModeEnum.NEVER);
        factory.setHttpClient(http); // its timeouts are http's (setting the factory's would drop http)
        return fhir.newRestfulGenericClient(baseUrl);
    }

    @PreDestroy
    synchronized void close() {
        if (installedOn != null) {
            installedOn.getRestfulClientFactory().setHttpClient(null); // HAPI's default again, not a closed client
        }
        if (http != null) {
            try {
                http.close();
            } catch (IOException e) {
                LOG.debug("closing the EHR HTTP client", e);
            }
        }
    }

    private EhrCredentials credentials(SSLContext tls) {
        EhrAuthConfig auth = config.fhir().auth();
        String key = "smartclinic.fhir.auth.";
        return switch (auth.mode()) {
            case NONE -> EhrCredentials.NONE;
            case BEARER -> EhrCredentials.bearer(Secrets.require(key + "bearer-token", auth.bearerToken(),
                    auth.bearerTokenFile(), "smartclinic.fhir.auth.mode=bearer needs the token"));
            case BASIC -> EhrCredentials.basic(auth.username().orElseThrow(() -> new EhrAuthConfigException(
                            "smartclinic.fhir.auth.mode=basic needs smartclinic.fhir.auth.username")),
                    Secrets.require(key + "password", auth.password(), auth.passwordFile(),
                            "smartclinic.fhir.auth.mode=basic needs the password"));
            case SMART_BACKEND -> smartBackend(auth, tls);
        };
    }

    private EhrCredentials smartBackend(EhrAuthConfig auth, SSLContext tls) {
        String clientId = auth.clientId().orElseThrow(() -> new EhrAuthConfigException(
                "smartclinic.fhir.auth.mode=smart-backend needs smartclinic.fhir.auth.client-id (the id the EHR"
                        + " registered for this gateway)"));
        String pem = Secrets.require("smartclinic.fhir.auth.private-key", auth.privateKey(), auth.privateKeyFile(),
                "smartclinic.fhir.auth.mode=smart-backend needs the gateway's private key");
        ClientAssertion assertion = new ClientAssertion(clientId,
                PemPrivateKeys.parse(pem, "smartclinic.fhir.auth.private-key"), auth.algorithm(), auth.keyId(),
                auth.assertionLifetime(), clock);
        HttpClient tokenHttp = HttpClient.newBuilder().sslContext(tls).proxy(ProxySelector.getDefault())
                .connectTimeout(config.fhir().connectTimeout()).build();
        TokenEndpoint endpoint = new TokenEndpoint(tokenHttp, config.fhir().baseUrl(), auth.tokenUrl(),
                config.fhir().readTimeout(), clock);
        return new SmartBackendCredentials(endpoint, assertion, auth.scope(), clock);
    }

    /** An HTTP client trusting {@code tls}, sending {@code creds}, retrying a 401 once when they can be refreshed. */
    static CloseableHttpClient httpClient(SSLContext tls, EhrCredentials creds, String ehrBaseUrl, Duration connect,
                                          Duration read) {
        PoolingHttpClientConnectionManager connections = new PoolingHttpClientConnectionManager(
                RegistryBuilder.<ConnectionSocketFactory>create()
                        .register("http", PlainConnectionSocketFactory.getSocketFactory())
                        .register("https", new SSLConnectionSocketFactory(tls)).build());
        connections.setMaxTotal(MAX_CONNECTIONS);
        connections.setDefaultMaxPerRoute(MAX_CONNECTIONS);
        // Without automatic retries, a kept-alive connection the EHR closed while idle must be checked before use.
        connections.setValidateAfterInactivity(VALIDATE_AFTER_IDLE_MS);
        RequestConfig timeouts = RequestConfig.custom().setConnectTimeout(millis(connect))
                .setConnectionRequestTimeout(millis(read)).setSocketTimeout(millis(read)).build();
        AuthorizationHandler authorization = new AuthorizationHandler(creds, ehrBaseUrl);
        // No automatic retries: the uplink decides when to try again; the only retry here is one after a 401.
        // As HAPI's own client: proxy settings from system properties (https.proxyHost ...), no cookies.
        return HttpClients.custom().useSystemProperties().disableCookieManagement()
                .setConnectionManager(connections).setDefaultRequestConfig(timeouts)
                .disableAutomaticRetries().addInterceptorLast(authorization).addInterceptorLast(new RequestWritten())
                .setServiceUnavailableRetryStrategy(authorization).build();
    }

    private static String describe(EhrAuthConfig auth) {
        return switch (auth.mode()) {
            case NONE -> "none";
            case BEARER -> "static bearer token";
            case BASIC -> "basic, user " + auth.username().orElse("?");
            case SMART_BACKEND -> "SMART Backend Services, client " + auth.clientId().orElse("?")
                    + auth.tokenUrl().map(u -> ", token endpoint " + u).orElse(", token endpoint from"
                    + " .well-known/smart-configuration");
        };
    }

    private static int millis(Duration d) {
        return (int) d.toMillis();
    }
}
