package org.smartclinic.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.smartclinic.gateway.it.FaultyEhr.Fault;
import org.smartclinic.simulator.fhir.FhirSandbox;

/** The fault proxy itself, in front of the real sandbox: each fault as a plain HTTP client sees it. */
class FaultyEhrIT {

    private static final String PATIENT = "{\"resourceType\":\"Patient\",\"name\":[{\"family\":\"%s\"}]}";

    private static FhirSandbox sandbox;
    private static FaultyEhr proxy;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() {
        sandbox = FhirSandbox.start(new FhirSandbox.Settings("127.0.0.1", 0, "/fhir", false));
        proxy = FaultyEhr.inFrontOf(sandbox.baseUrl());
    }

    @AfterAll
    static void stop() {
        proxy.close();
        sandbox.close();
    }

    @BeforeEach
    void reset() {
        proxy.set(Fault.PASS).poison(null).clearRequests();
    }

    @Test
    void pass_forwardsToServer_whichStores() throws Exception {
        HttpResponse<String> created = post("Patient", PATIENT.formatted("Pass"), Duration.ofSeconds(10));

        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(get("Patient").body()).contains("Pass");
        assertThat(proxy.seen(Fault.PASS)).isEqualTo(2);
        assertThat(proxy.requests()).extracting(FaultyEhr.Seen::path).containsExactly("/fhir/Patient", "/fhir/Patient");
    }

    @Test
    void tooManyRequests_answers429WithRetryAfter() throws Exception {
        proxy.retryAfter(3).set(Fault.TOO_MANY_REQUESTS);

        HttpResponse<String> answer = get("Patient");

        assertThat(answer.statusCode()).isEqualTo(429);
        assertThat(answer.headers().firstValue("Retry-After")).contains("3");
        assertThat(proxy.seen(Fault.TOO_MANY_REQUESTS)).isEqualTo(1);
    }

    @Test
    void serverErrorAndHtml_answerWithoutForwarding() throws Exception {
        proxy.set(Fault.SERVER_ERROR);
        assertThat(get("Patient").statusCode()).isEqualTo(500);
        proxy.set(Fault.HTML_200);
        HttpResponse<String> portal = get("Patient");
        assertThat(portal.statusCode()).isEqualTo(200);
        assertThat(portal.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).contains("html"));
        proxy.set(Fault.HTML_502);
        assertThat(get("Patient").statusCode()).isEqualTo(502);
    }

    @Test
    void poison_refusesMarkedBodiesWith422_andPassesTheRest() throws Exception {
        proxy.poison("Poisoned");

        HttpResponse<String> refused = post("Patient", PATIENT.formatted("Poisoned"), Duration.ofSeconds(10));
        HttpResponse<String> passed = post("Patient", PATIENT.formatted("Healthy"), Duration.ofSeconds(10));

        assertThat(refused.statusCode()).isEqualTo(422);
        assertThat(refused.body()).contains("OperationOutcome");
        assertThat(passed.statusCode()).isEqualTo(201);
        assertThat(proxy.seen(Fault.POISONED)).isEqualTo(1);
        assertThat(get("Patient").body()).contains("Healthy").doesNotContain("Poisoned");
    }

    @Test
    void refuse_closesThePort_andPassOpensItAgain() throws Exception {
        proxy.set(Fault.REFUSE);
        assertThatThrownBy(() -> get("Patient")).isInstanceOf(ConnectException.class);

        proxy.set(Fault.PASS);
        assertThat(get("Patient").statusCode()).isEqualTo(200);
    }

    @Test
    void storeThenStall_storesButAnswersAfterTheClientGaveUp() throws Exception {
        proxy.stall(Duration.ofSeconds(3)).set(Fault.STORE_THEN_STALL);

        assertThatThrownBy(() -> post("Patient", PATIENT.formatted("Stalled"), Duration.ofSeconds(1)))
                .isInstanceOf(HttpTimeoutException.class);

        proxy.set(Fault.PASS);
        // The server stores it while the client has given up: how soon depends on the machine (a validating sandbox
        // on two cores shared with other builds took over 10 s), so the wait is generous; the test still fails if
        // the proxy drops the request with the client.
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(get("Patient").body()).contains("Stalled"));
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(proxy.baseUrl() + "/" + path))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path, String json, Duration timeout)
            throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(proxy.baseUrl() + "/" + path)).timeout(timeout)
                .header("Content-Type", "application/fhir+json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
