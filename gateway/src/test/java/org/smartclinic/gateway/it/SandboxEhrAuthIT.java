package org.smartclinic.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.smartclinic.gateway.uplink.auth.TestKeys;
import org.smartclinic.simulator.device.bp.Bpm200Twin;
import org.smartclinic.simulator.fhir.FhirSandbox;
import org.smartclinic.simulator.fhir.auth.RequestAuthorizer;
import org.smartclinic.simulator.fhir.auth.SmartTokenServer;

/**
 * The production gateway delivers to a sandbox that requires authentication: SMART Backend Services against a real
 * token server (the token expires mid-run: one 401, one refresh, nothing lost or doubled), a static bearer token,
 * HTTP basic, and HTTPS with a trust store made here with keytool. No secret may appear in the gateway's log.
 */
class SandboxEhrAuthIT {

    private static final String READER = "test-reader-token";

    @TempDir
    Path dir;

    private final List<AutoCloseable> open = new ArrayList<>();
    private FhirSandbox sandbox;

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : open.reversed()) {
            c.close();
        }
    }

    @Test
    void smartBackend_tokenExpiresMidRun_eachReadingDeliveredOnceAndNoSecretLogged() throws Exception {
        KeyPair keys = TestKeys.rsa();
        SmartTokenServer tokens = keep(SmartTokenServer.start().registerClient("gateway-1", keys.getPublic()));
        String reader = tokens.issueDirectly("test-reader", Duration.ofHours(1));
        startSandbox(tokens.authorizer(), true);
        Path key = TestKeys.pemFile(dir, keys.getPrivate());
        GatewayProcess gateway = gateway("smart-backend").property("smartclinic.fhir.auth.client-id", "gateway-1")
                .property("smartclinic.fhir.auth.private-key-file", key.toString())
                .property("smartclinic.fhir.auth.key-id", "gateway-1-key").start();
        String examId = new GatewayApi(gateway.baseUrl()).openExam("room-1", "patient-smart");
        Bpm200Twin twin = keep(Bpm200Twin.builder(dir.resolve("dev/bp-1")).seed(7).count(10)
                .interval(Duration.ofMillis(700)).start());

        // Mid-run: the gateway holds a token (it looked the patient up) and 7 readings are still to come.
        assertThat(twin.awaitAcked(3, AuthDelivery.DELIVERY)).isTrue();
        await().atMost(AuthDelivery.DELIVERY).until(() -> !tokens.grantedTokens().isEmpty());
        tokens.expireTokens();
        var bp = AuthDelivery.awaitBloodPressures(() -> new Ehr(sandbox.baseUrl(), reader), examId, 10);

        AuthDelivery.assertExactlyOnce(bp, 10);
        assertThat(tokens.grantedTokens()).hasSizeGreaterThanOrEqualTo(2);
        assertThat(tokens.refusals()).isZero();
        assertThat(AuthDelivery.logs(gateway.dataDir())).contains("The EHR refused the access token (401)");
        List<String> secrets = new ArrayList<>(tokens.grantedTokens());
        secrets.add(Files.readAllLines(key).get(1));
        gateway.close();
        AuthDelivery.assertNotLogged(gateway, secrets);
    }

    @Test
    void basic_passwordFromFile_readingsDelivered() throws Exception {
        startSandbox(either(RequestAuthorizer.basic("clinic-gw", "s3cret:Pass")), false);
        Path passwordFile = Files.writeString(dir.resolve("ehr-password"), "s3cret:Pass");
        GatewayProcess gateway = gateway("basic").property("smartclinic.fhir.auth.username", "clinic-gw")
                .property("smartclinic.fhir.auth.password-file", passwordFile.toString()).start();

        deliverTwo(gateway);

        gateway.close();
        AuthDelivery.assertNotLogged(gateway, List.of("s3cret:Pass"));
    }

    @Test
    void tlsAndBearer_trustStoreAndTokenFromFiles_deliveredOverHttps() throws Exception {
        TlsGate.selfSigned(dir, "store-pass-1");
        startSandbox(either(RequestAuthorizer.bearer("static-token-4711")), false);
        TlsGate tls = keep(TlsGate.start(dir.resolve("server.p12"), "store-pass-1", sandbox.port()));
        Path tokenFile = Files.writeString(dir.resolve("ehr-token"), "static-token-4711\n");
        Path passwordFile = Files.writeString(dir.resolve("trust-password"), "store-pass-1");
        GatewayProcess gateway = gateway("bearer")
                .property("smartclinic.fhir.auth.bearer-token-file", tokenFile.toString())
                .property("smartclinic.fhir.base-url", "https://127.0.0.1:" + tls.port() + "/fhir")
                .property("smartclinic.fhir.tls.trust-store", dir.resolve("trust.p12").toString())
                .property("smartclinic.fhir.tls.trust-store-password-file", passwordFile.toString()).start();

        deliverTwo(gateway);

        gateway.close();
        AuthDelivery.assertNotLogged(gateway, List.of("static-token-4711", "store-pass-1"));
    }

    @Test
    void tls_withoutTrustStore_certificateRefusedAndReadingsKept() throws Exception {
        TlsGate.selfSigned(dir, "store-pass-2");
        startSandbox(null, false);
        TlsGate tls = keep(TlsGate.start(dir.resolve("server.p12"), "store-pass-2", sandbox.port()));
        GatewayProcess gateway = gateway("none")
                .property("smartclinic.fhir.base-url", "https://127.0.0.1:" + tls.port() + "/fhir").start();
        GatewayApi api = new GatewayApi(gateway.baseUrl());
        api.openExam("room-1", "patient-untrusted");
        Bpm200Twin twin = keep(Bpm200Twin.builder(dir.resolve("dev/bp-1")).seed(3).count(2)
                .interval(Duration.ofMillis(200)).start());

        assertThat(twin.awaitAcked(2, AuthDelivery.DELIVERY)).isTrue();
        await().atMost(AuthDelivery.DELIVERY).until(() -> api.outbox().getString("ehr").startsWith("failing"));
        assertThat(api.outbox().getString("ehr")).containsIgnoringCase("certific");
        assertThat(api.outbox().getLong("counts.PENDING")).isPositive();
    }

    @Test
    void smartBackend_withoutClientId_gatewayRefusesToStartNamingTheSetting() {
        startSandbox(null, false);
        GatewayProcess gateway = gateway("smart-backend");

        assertThatThrownBy(gateway::start).hasMessageContaining("exited");
        assertThat(AuthDelivery.logs(gateway.dataDir())).contains("smartclinic.fhir.auth.client-id");
    }

    private void deliverTwo(GatewayProcess gateway) throws IOException {
        String examId = new GatewayApi(gateway.baseUrl()).openExam("room-1", "patient-" + gateway.baseUrl().hashCode());
        keep(Bpm200Twin.builder(dir.resolve("dev/bp-1")).seed(5).count(2).interval(Duration.ofMillis(200)).start());
        AuthDelivery.assertExactlyOnce(
                AuthDelivery.awaitBloodPressures(() -> new Ehr(sandbox.baseUrl(), READER), examId, 2), 2);
    }

    /** The gateway's credentials, or the test's reader token. */
    private static RequestAuthorizer either(RequestAuthorizer gateway) {
        RequestAuthorizer reader = RequestAuthorizer.bearer(READER);
        return header -> gateway.authorizes(header) || reader.authorizes(header);
    }

    private void startSandbox(RequestAuthorizer authorizer, boolean validate) {
        sandbox = keep(FhirSandbox.start(new FhirSandbox.Settings("127.0.0.1", 0, "/fhir", validate)
                .withAuthorizer(authorizer)));
        assertThat(sandbox.awaitReady(Duration.ofSeconds(60))).isTrue();
    }

    private GatewayProcess gateway(String mode) {
        return keep(new GatewayProcess(dir.resolve("gateway"))).property("smartclinic.fhir.base-url", sandbox.baseUrl())
                .property("smartclinic.fhir.auth.mode", mode).device("bp-1", "bpm200", "room-1", dir.resolve("dev/bp-1"));
    }

    private <T extends AutoCloseable> T keep(T closeable) {
        open.add(closeable);
        return closeable;
    }
}
