package org.smartclinic.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.smartclinic.gateway.uplink.auth.TestKeys;
import org.smartclinic.simulator.device.bp.Bpm200Twin;
import org.smartclinic.simulator.fhir.auth.SmartTokenServer;

/**
 * The production gateway delivers with SMART Backend Services to the full HAPI FHIR JPA server, which requires a
 * bearer token that the token server says is active ({@code --auth-server}: introspection on every request) and
 * serves the token server's {@code .well-known/smart-configuration}, from which the gateway learns the token URL.
 * One JPA server for the class (~30-45 s to start).
 */
class JpaEhrAuthIT {

    private static final KeyPair KEYS = TestKeys.rsa();
    private static SmartTokenServer tokens;
    private static JpaEhr ehr;

    @TempDir
    static Path classDir;

    @TempDir
    Path dir;

    private GatewayProcess gateway;
    private Bpm200Twin twin;

    @BeforeAll
    static void startEhr() {
        tokens = SmartTokenServer.start().registerClient("gateway-1", KEYS.getPublic());
        ehr = JpaEhr.start(classDir.resolve("jpa"), List.of("--auth-server", tokens.baseUrl()));
    }

    @AfterAll
    static void stopEhr() {
        if (ehr != null) {
            ehr.close();
        }
        tokens.close();
    }

    @AfterEach
    void stop() {
        if (twin != null) {
            twin.close();
        }
        if (gateway != null) {
            gateway.close();
        }
    }

    @Test
    void request_withoutOrWithExpiredToken_401WithChallenge() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        String expired = tokens.issueDirectly("test-reader", Duration.ofMillis(1));

        HttpResponse<String> none = http.send(HttpRequest.newBuilder(URI.create(ehr.baseUrl() + "/Patient")).build(),
                HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> stale = http.send(HttpRequest.newBuilder(URI.create(ehr.baseUrl() + "/Patient"))
                .header("Authorization", "Bearer " + expired).build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> config = http.send(HttpRequest.newBuilder(URI.create(ehr.baseUrl()
                + "/.well-known/smart-configuration")).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(none.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"fhir\"");
        assertThat(stale.statusCode()).isEqualTo(401);
        assertThat(stale.headers().firstValue("WWW-Authenticate").orElseThrow()).contains("invalid_token");
        assertThat(config.statusCode()).isEqualTo(200);
        assertThat(config.body()).contains(tokens.tokenUrl());
    }

    @Test
    void smartBackend_tokenExpiresMidRun_eachReadingDeliveredOnceAndNoSecretLogged() throws Exception {
        String reader = tokens.issueDirectly("test-reader", Duration.ofHours(1));
        Path key = TestKeys.pemFile(dir, KEYS.getPrivate());
        gateway = new GatewayProcess(dir.resolve("gateway")).property("smartclinic.fhir.base-url", ehr.baseUrl())
                .property("smartclinic.fhir.auth.mode", "smart-backend")
                .property("smartclinic.fhir.auth.client-id", "gateway-1")
                .property("smartclinic.fhir.auth.private-key-file", key.toString())
                .device("bp-1", "bpm200", "room-1", dir.resolve("dev/bp-1")).start();
        String examId = new GatewayApi(gateway.baseUrl()).openExam("room-1", "patient-jpa-auth");
        twin = Bpm200Twin.builder(dir.resolve("dev/bp-1")).seed(11).count(10).interval(Duration.ofMillis(700))
                .start();

        // Mid-run: the gateway holds a token (it looked the patient up) and 7 readings are still to come.
        assertThat(twin.awaitAcked(3, AuthDelivery.DELIVERY)).isTrue();
        await().atMost(AuthDelivery.DELIVERY).until(() -> !tokens.grantedTokens().isEmpty());
        tokens.expireTokens();
        var bp = AuthDelivery.awaitBloodPressures(() -> new Ehr(ehr.baseUrl(), reader), examId, 10);

        AuthDelivery.assertExactlyOnce(bp, 10);
        assertThat(tokens.grantedTokens()).hasSizeGreaterThanOrEqualTo(2);
        assertThat(AuthDelivery.logs(gateway.dataDir())).contains("The EHR refused the access token (401)");
        List<String> secrets = new ArrayList<>(tokens.grantedTokens());
        secrets.add(Files.readAllLines(key).get(1));
        gateway.close();
        AuthDelivery.assertNotLogged(gateway, secrets);
    }
}
