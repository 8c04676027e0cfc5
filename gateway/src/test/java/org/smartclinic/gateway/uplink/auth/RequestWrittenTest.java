package org.smartclinic.gateway.uplink.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import javax.net.ssl.SSLContext;

import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.client.exceptions.FhirClientConnectionException;
import com.sun.net.httpserver.HttpServer;
import org.apache.http.impl.client.CloseableHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.smartclinic.fhir.FhirContexts;

/**
 * {@link RequestWritten} on the EHR connection's real HTTP client and HAPI's FHIR client, against a real HTTP server
 * on a local socket that holds its answer until the action has run.
 */
class RequestWrittenTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final String ANSWER = "{\"resourceType\":\"Bundle\",\"type\":\"transaction-response\"}";
    private static final String BODY = "{\"resourceType\":\"Bundle\",\"type\":\"transaction\",\"entry\":[]}";

    private final List<String> events = new CopyOnWriteArrayList<>();
    private final CountDownLatch actionRan = new CountDownLatch(1);
    private final CountDownLatch serverReadBody = new CountDownLatch(1);
    private HttpServer server;
    private CloseableHttpClient http;

    @AfterEach
    void stop() throws Exception {
        FhirContexts.r4().getRestfulClientFactory().setHttpClient(null); // back to HAPI's default for other tests
        if (http != null) {
            http.close();
        }
        if (server != null) {
            server.stop(0);
        }
    }

    @Test
    void around_transaction_actionRunsOnceTheServerHasTheBodyAndBeforeItAnswers() throws Exception {
        IGenericClient client = client(startServer());
        AtomicInteger runs = new AtomicInteger();

        String answer = RequestWritten.around(() -> {
            runs.incrementAndGet();
            // run before the body was out, this would wait in vain: the server could not have read it
            events.add(awaitQuietly(serverReadBody) ? "action, the body out" : "action, the body not out");
            actionRan.countDown();
        }, () -> client.transaction().withBundle(BODY).execute());

        assertThat(answer).contains("transaction-response");
        assertThat(runs).hasValue(1);
        assertThat(events).containsExactly("server read the whole body", "action, the body out", "server answers");
    }

    @Test
    void around_noRequest_actionRunsOnceBeforeItReturns() {
        AtomicInteger runs = new AtomicInteger();

        String result = RequestWritten.around(runs::incrementAndGet, () -> "no request");

        assertThat(result).isEqualTo("no request");
        assertThat(runs).hasValue(1);
    }

    @Test
    void around_ehrUnreachable_actionStillRunsOnce() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        IGenericClient client = client("http://127.0.0.1:" + closedPort + "/fhir");
        AtomicInteger runs = new AtomicInteger();

        assertThatThrownBy(() -> RequestWritten.around(runs::incrementAndGet,
                () -> client.transaction().withBundle(BODY).execute()))
                .isInstanceOf(FhirClientConnectionException.class);
        assertThat(runs).hasValue(1);
    }

    @Test
    void around_actionFailsWhileTheRequestIsWritten_requestStillAnswered() throws Exception {
        IGenericClient client = client(startServer());
        actionRan.countDown(); // the server need not wait: the action throws instead of counting down

        String answer = RequestWritten.around(() -> {
            throw new IllegalStateException("journal closed");
        }, () -> client.transaction().withBundle(BODY).execute());

        assertThat(answer).contains("transaction-response");
    }

    private String startServer() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/fhir", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            if (new String(body, StandardCharsets.UTF_8).equals(BODY)) {
                events.add("server read the whole body");
                serverReadBody.countDown();
            }
            if (!awaitQuietly(actionRan)) {
                events.add("server gave up waiting for the action");
            }
            events.add("server answers");
            byte[] answer = ANSWER.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/fhir+json");
            exchange.sendResponseHeaders(200, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        server.start();
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/fhir";
    }

    private static boolean awaitQuietly(CountDownLatch latch) {
        try {
            return latch.await(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private IGenericClient client(String baseUrl) throws Exception {
        http = EhrConnection.httpClient(SSLContext.getDefault(), EhrCredentials.NONE, baseUrl, TIMEOUT, TIMEOUT);
        return EhrConnection.client(FhirContexts.r4(), http, baseUrl);
    }
}
