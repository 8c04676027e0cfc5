package org.smartclinic.gateway.uplink.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.http.HttpClient;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import javax.net.ssl.SSLContext;

import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.client.exceptions.FhirClientConnectionException;
import ca.uhn.fhir.rest.server.exceptions.AuthenticationException;
import org.apache.http.impl.client.CloseableHttpClient;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.smartclinic.fhir.FhirContexts;
import org.smartclinic.gateway.uplink.DeliveryFailure;
import org.smartclinic.simulator.fhir.FhirSandbox;
import org.smartclinic.simulator.fhir.auth.RequestAuthorizer;
import org.smartclinic.simulator.fhir.auth.SmartTokenServer;

/**
 * The gateway's SMART Backend Services client against a real token server ({@link SmartTokenServer}, which verifies
 * the client assertion) and a real FHIR server requiring its tokens (the sandbox, validation off).
 */
class SmartBackendAuthTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final KeyPair keys = TestKeys.rsa();
    private final List<String> logged = new ArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord r) {
            logged.add(r.getMessage() + " " + Arrays.toString(r.getParameters()) + " " + r.getThrown());
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };
    private SmartTokenServer tokens;
    private FhirSandbox sandbox;
    private CloseableHttpClient http;

    @BeforeEach
    void start() {
        tokens = SmartTokenServer.start().registerClient("gw-1", keys.getPublic());
        Logger.getLogger("").addHandler(capture);
        Logger.getLogger("org.smartclinic").setLevel(Level.ALL);
        capture.setLevel(Level.ALL);
    }

    @AfterEach
    void stop() throws Exception {
        Logger.getLogger("").removeHandler(capture);
        FhirContexts.r4().getRestfulClientFactory().setHttpClient(null); // back to HAPI's default for other tests
        if (http != null) {
            http.close();
        }
        if (sandbox != null) {
            sandbox.close();
        }
        tokens.close();
    }

    @Test
    void request_registeredClient_tokenEndpointDiscoveredAndTokenAccepted() throws Exception {
        startSandbox(tokens.authorizer());
        SmartBackendCredentials credentials = credentials(keys, Optional.empty());

        Bundle found = client(credentials).search().forResource(Patient.class).returnBundle(Bundle.class).execute();

        assertThat(found.getEntry()).isEmpty();
        assertThat(credentials.fetches()).isEqualTo(1);
        assertThat(tokens.grantedTokens()).hasSize(1);
    }

    @Test
    void request_tokenExpiredEarly_oneRefreshAndOneRetrySucceed() throws Exception {
        AtomicInteger seen = new AtomicInteger();
        RequestAuthorizer byTokenServer = tokens.authorizer();
        startSandbox(header -> seen.incrementAndGet() > 0 && byTokenServer.authorizes(header));
        SmartBackendCredentials credentials = credentials(keys, Optional.of(tokens.tokenUrl()));
        IGenericClient client = client(credentials);
        client.search().forResource(Patient.class).returnBundle(Bundle.class).execute();

        tokens.expireTokens();
        client.search().forResource(Patient.class).returnBundle(Bundle.class).execute();

        assertThat(credentials.fetches()).isEqualTo(2);
        assertThat(seen.get()).isEqualTo(3); // first request, the refused one, its retry
        assertNoSecretLogged();
    }

    @Test
    void request_ehrRefusesEveryToken_exactlyOneRetryThenFailureSaysCheckCredentials() throws Exception {
        AtomicInteger seen = new AtomicInteger();
        startSandbox(header -> seen.incrementAndGet() < 0);
        SmartBackendCredentials credentials = credentials(keys, Optional.of(tokens.tokenUrl()));
        IGenericClient client = client(credentials);

        AuthenticationException refused = assertThrows(AuthenticationException.class,
                () -> client.search().forResource(Patient.class).returnBundle(Bundle.class).execute());

        assertThat(seen.get()).isEqualTo(2);
        assertThat(credentials.fetches()).isEqualTo(2);
        DeliveryFailure failure = DeliveryFailure.of(refused, FhirContexts.r4());
        assertThat(failure.transientFailure()).isTrue();
        assertThat(failure.message()).contains("check smartclinic.fhir.auth");
        assertNoSecretLogged();
    }

    @Test
    void request_keyNotRegistered_tokenEndpointRefusalExplainedWithoutSecrets() {
        startSandbox(tokens.authorizer());
        KeyPair other = TestKeys.rsa();
        SmartBackendCredentials credentials = credentials(other, Optional.empty());

        EhrAuthException refused = assertThrows(EhrAuthException.class, credentials::authorization);
        assertThat(refused).hasMessageContaining("invalid_client")
                .hasMessageContaining("check smartclinic.fhir.auth.client-id")
                .hasMessageNotContaining("eyJ"); // no JWT (header {"alg"...) in the message
        assertThat(DeliveryFailure.of(new FhirClientConnectionException(refused), FhirContexts.r4()).message())
                .startsWith("EHR credentials: The token endpoint");
        assertThat(tokens.refusals()).isEqualTo(1);
        assertNoSecretLogged();
    }

    @Test
    void request_staticBearerAndBasic_acceptedWhenRightAndNotRetriedWhenWrong() throws Exception {
        AtomicInteger seen = new AtomicInteger();
        RequestAuthorizer basic = RequestAuthorizer.basic("gateway", "pa:ss wörd");
        startSandbox(header -> seen.incrementAndGet() > 0 && basic.authorizes(header));

        client(EhrCredentials.basic("gateway", "pa:ss wörd")).search().forResource(Patient.class)
                .returnBundle(Bundle.class).execute();
        assertThatThrownBy(() -> client(EhrCredentials.bearer("wrong")).search().forResource(Patient.class)
                .returnBundle(Bundle.class).execute()).isInstanceOf(AuthenticationException.class);

        assertThat(seen.get()).isEqualTo(2);
    }

    @Test
    void request_toAnotherOrigin_noCredentialsSent() throws Exception {
        startSandbox(header -> true);
        List<String> headers = new ArrayList<>();
        try (FhirSandbox elsewhere = FhirSandbox.start(new FhirSandbox.Settings("127.0.0.1", 0, "/fhir", false)
                .withAuthorizer(header -> headers.add(String.valueOf(header))), FhirContexts.r4())) {
            http = EhrConnection.httpClient(SSLContext.getDefault(), EhrCredentials.bearer("for-the-ehr-only"),
                    sandbox.baseUrl(), TIMEOUT, TIMEOUT);
            EhrConnection.client(FhirContexts.r4(), http, sandbox.baseUrl());

            FhirContexts.r4().newRestfulGenericClient(elsewhere.baseUrl()).search().forResource(Patient.class)
                    .returnBundle(Bundle.class).execute();
        }

        assertThat(headers).containsExactly("null");
    }

    private void startSandbox(RequestAuthorizer authorizer) {
        sandbox = FhirSandbox.start(new FhirSandbox.Settings("127.0.0.1", 0, "/fhir", false)
                .withAuthorizer(authorizer), FhirContexts.r4());
    }

    private SmartBackendCredentials credentials(KeyPair pair, Optional<String> tokenUrl) {
        ClientAssertion assertion = new ClientAssertion("gw-1", pair.getPrivate(), Optional.empty(),
                Optional.of("k1"), Duration.ofMinutes(5), Clock.systemUTC());
        TokenEndpoint endpoint = new TokenEndpoint(HttpClient.newHttpClient(), sandbox.baseUrl(), tokenUrl, TIMEOUT,
                Clock.systemUTC());
        return new SmartBackendCredentials(endpoint, assertion, "system/Patient.read", Clock.systemUTC());
    }

    private IGenericClient client(EhrCredentials credentials) throws Exception {
        if (http != null) {
            http.close();
        }
        http = EhrConnection.httpClient(SSLContext.getDefault(), credentials, sandbox.baseUrl(), TIMEOUT, TIMEOUT);
        return EhrConnection.client(FhirContexts.r4(), http, sandbox.baseUrl());
    }

    private void assertNoSecretLogged() {
        String all = String.join("\n", logged);
        assertThat(logged).as("log records captured").isNotEmpty();
        for (String token : tokens.grantedTokens()) {
            assertThat(all).doesNotContain(token);
        }
        assertThat(all).doesNotContain(TestKeys.pem(keys.getPrivate()).lines().skip(1).findFirst().orElseThrow());
        assertThat(all).doesNotContain("eyJ");
    }
}
