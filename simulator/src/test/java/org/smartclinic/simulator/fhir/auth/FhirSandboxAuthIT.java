package org.smartclinic.simulator.fhir.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;
import org.smartclinic.simulator.fhir.FhirSandbox;

/** A sandbox with an authorizer answers 401 with a challenge, lets authorized requests through, serves discovery. */
class FhirSandboxAuthIT {

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void request_withoutWrongOrRightBearer_401Then401Then200() throws Exception {
        try (FhirSandbox sandbox = FhirSandbox.start(new FhirSandbox.Settings("127.0.0.1", 0, "/fhir", false)
                .withAuthorizer(RequestAuthorizer.bearer("right")))) {
            HttpResponse<String> none = get(sandbox.baseUrl() + "/Patient", null);
            HttpResponse<String> wrong = get(sandbox.baseUrl() + "/Patient", "Bearer wrong");
            HttpResponse<String> right = get(sandbox.baseUrl() + "/Patient", "Bearer right");

            assertThat(none.statusCode()).isEqualTo(401);
            assertThat(none.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"fhir\"");
            assertThat(none.body()).contains("OperationOutcome");
            assertThat(wrong.statusCode()).isEqualTo(401);
            assertThat(wrong.headers().firstValue("WWW-Authenticate").orElseThrow()).contains("invalid_token");
            assertThat(right.statusCode()).isEqualTo(200);
        }
    }

    @Test
    void smartConfiguration_tokenServerAuthorizer_servedWithoutToken() throws Exception {
        try (SmartTokenServer tokens = SmartTokenServer.start();
             FhirSandbox sandbox = FhirSandbox.start(new FhirSandbox.Settings("127.0.0.1", 0, "/fhir", false)
                     .withAuthorizer(tokens.authorizer()))) {
            HttpResponse<String> config = get(sandbox.baseUrl() + "/.well-known/smart-configuration", null);

            assertThat(config.statusCode()).isEqualTo(200);
            assertThat(config.body()).contains("\"token_endpoint\":\"" + tokens.tokenUrl() + "\"");
        }
    }

    private HttpResponse<String> get(String url, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).header("Accept", "application/fhir+json");
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
