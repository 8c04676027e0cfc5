package org.smartclinic.gateway.uplink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchException;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.client.api.ServerValidationModeEnum;
import com.sun.net.httpserver.HttpServer;

import org.hl7.fhir.r4.model.Bundle;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.smartclinic.fhir.FhirContexts;

/**
 * What the FHIR client throws for answers a real HTTP server gives (the JDK's own server, answering as a broken
 * proxy or a refusing EHR would), and how delivery classifies it.
 */
class DeliveryFailureTest {

    private static final String HTML = "<html><body><h1>Bad Gateway</h1>nginx</body></html>";
    private static final Instant NOW = Instant.parse("2026-12-03T21:00:00Z");

    private HttpServer server;
    private volatile int status;
    private volatile String contentType;
    private volatile String body;
    private volatile String retryAfter;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/fhir", exchange -> {
            exchange.getRequestBody().readAllBytes();
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", contentType);
            if (retryAfter != null) {
                exchange.getResponseHeaders().set("Retry-After", retryAfter);
            }
            exchange.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void of_proxyHtmlWith200_retryableCountsAgainstItem() {
        DeliveryFailure f = answer(200, "text/html", HTML, null);
        assertThat(f.transientFailure()).isTrue();
        assertThat(f.refusesContent()).isFalse();
        assertThat(f.countsAgainstItem()).isTrue();
    }

    @Test
    void of_proxyHtmlWith502_retryableOutageNotCounted() {
        DeliveryFailure f = answer(502, "text/html", HTML, null);
        assertThat(f.transientFailure()).isTrue();
        assertThat(f.status()).isEqualTo(502);
        assertThat(f.countsAgainstItem()).isFalse();
    }

    @Test
    void of_cutFhirJson_retryable() {
        DeliveryFailure f = answer(200, "application/fhir+json", "{\"resourceType\":\"Bundle\",\"ty", null);
        assertThat(f.transientFailure()).isTrue();
        assertThat(f.refusesContent()).isFalse();
    }

    @Test
    void of_429WithRetryAfterSeconds_retryableWithTheWait() {
        DeliveryFailure f = answer(429, "text/plain", "slow down", "7");
        assertThat(f.transientFailure()).isTrue();
        assertThat(f.retryAfter()).isEqualTo(Duration.ofSeconds(7));
        assertThat(f.countsAgainstItem()).isFalse();
    }

    @Test
    void of_503WithRetryAfterDate_retryableUntilThatDate() {
        DeliveryFailure f = answer(503, "text/plain", "maintenance", "Thu, 03 Dec 2026 21:02:00 GMT");
        assertThat(f.retryAfter()).isEqualTo(Duration.ofMinutes(2));
    }

    @Test
    void of_422WithOperationOutcome_finalWithTheOutcomeScrubbed() {
        String oo = """
                {"resourceType":"OperationOutcome","issue":[{"severity":"error","code":"processing",
                "diagnostics":"Observation.subject: no patient with identifier=123-456-789 01"}]}""";
        DeliveryFailure f = answer(422, "application/fhir+json", oo, null);
        assertThat(f.transientFailure()).isFalse();
        assertThat(f.refusesContent()).isTrue();
        assertThat(f.status()).isEqualTo(422);
        assertThat(f.outcome()).contains("OperationOutcome").contains("Observation.subject")
                .doesNotContain("123-456-789");
        assertThat(f.message()).startsWith("HTTP 422: ").doesNotContain("123-456-789");
    }

    @Test
    void of_400WithoutOperationOutcome_retryableNotADeadLetter() {
        DeliveryFailure f = answer(400, "text/html", HTML, null);
        assertThat(f.transientFailure()).isTrue();
    }

    @Test
    void of_500_retryableCountsAgainstItem() {
        DeliveryFailure f = answer(500, "text/plain", "NullPointerException", null);
        assertThat(f.transientFailure()).isTrue();
        assertThat(f.countsAgainstItem()).isTrue();
    }

    @Test
    void of_noAnswerWithinTheReadTimeout_tooSlowNotCountedAgainstItem() throws Exception {
        // A real socket that takes the request and never answers (an EHR storing a batch too big for the timeout).
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            FhirContext own = FhirContext.forR4(); // its own client settings: the shared context's stay untouched
            own.getRestfulClientFactory().setServerValidationMode(ServerValidationModeEnum.NEVER);
            own.getRestfulClientFactory().setSocketTimeout(300);
            IGenericClient client = own.newRestfulGenericClient("http://127.0.0.1:" + silent.getLocalPort() + "/fhir");
            Exception e = catchException(() -> client.transaction().withBundle(
                    new Bundle().setType(Bundle.BundleType.TRANSACTION)).execute());

            DeliveryFailure f = DeliveryFailure.of(e, own, NOW);

            assertThat(f.transientFailure()).isTrue();
            assertThat(f.tooSlow()).isTrue();
            assertThat(f.countsAgainstItem()).as("the EHR as a whole, not the item").isFalse();
            assertThat(f.message()).startsWith("EHR did not answer within smartclinic.fhir.read-timeout");
        }
    }

    @Test
    void of_connectionRefused_unreachableNotTooSlow() throws Exception {
        int port;
        try (ServerSocket closed = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            port = closed.getLocalPort();
        }
        FhirContexts.r4().getRestfulClientFactory().setServerValidationMode(ServerValidationModeEnum.NEVER);
        IGenericClient client = FhirContexts.r4().newRestfulGenericClient("http://127.0.0.1:" + port + "/fhir");
        Exception e = catchException(() -> client.transaction().withBundle(
                new Bundle().setType(Bundle.BundleType.TRANSACTION)).execute());

        DeliveryFailure f = DeliveryFailure.of(e, FhirContexts.r4(), NOW);

        assertThat(f.transientFailure()).isTrue();
        assertThat(f.tooSlow()).isFalse();
        assertThat(f.message()).startsWith("EHR unreachable: ");
    }

    @Test
    void of_504FromAProxyOr408_tooSlow_503Not() {
        assertThat(answer(504, "text/html", HTML, null).tooSlow()).isTrue();
        assertThat(answer(408, "text/plain", "request timeout", null).tooSlow()).isTrue();
        assertThat(answer(503, "text/plain", "maintenance", null).tooSlow()).isFalse();
    }

    @Test
    void new_hugeMessage_capped() {
        assertThat(new DeliveryFailure(true, "x".repeat(100_000)).message()).hasSizeLessThan(4100);
    }

    private DeliveryFailure answer(int status, String contentType, String body, String retryAfter) {
        this.status = status;
        this.contentType = contentType;
        this.body = body;
        this.retryAfter = retryAfter;
        FhirContexts.r4().getRestfulClientFactory().setServerValidationMode(ServerValidationModeEnum.NEVER);
        IGenericClient client = FhirContexts.r4().newRestfulGenericClient(
                "http://127.0.0.1:" + server.getAddress().getPort() + "/fhir");
        client.registerInterceptor(new RetryAfterHeader());
        Exception e = catchException(() -> client.transaction().withBundle(
                new Bundle().setType(Bundle.BundleType.TRANSACTION)).execute());
        assertThat(e).as("the client must fail on this answer").isNotNull();
        return DeliveryFailure.of(e, FhirContexts.r4(), NOW);
    }
}
