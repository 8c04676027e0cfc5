package org.smartclinic.simulator.fhir.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.smartclinic.simulator.cli.FhirSandboxCommand;
import org.smartclinic.simulator.fhir.FhirSandbox;
import picocli.CommandLine;

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

    @Test
    void command_smartClient_printsTokenEndpointRequiresTokensAndStopsBoth(@TempDir Path dir) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp384r1"));
        PublicKey key = generator.generateKeyPair().getPublic();
        Path pem = Files.writeString(dir.resolve("gw.pub.pem"), "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder().encodeToString(key.getEncoded()) + "\n-----END PUBLIC KEY-----\n");
        StringWriter out = new StringWriter();
        CommandLine command = new CommandLine(new FhirSandboxCommand()).setOut(new PrintWriter(out, true));
        Thread thread = new Thread(() -> command.execute("--port", "0", "--no-validate", "--smart-client",
                "gw-1=" + pem), "fhir-sandbox-auth-command-test");
        thread.start();

        await().atMost(Duration.ofSeconds(30)).until(() -> out.toString().contains("ready"));
        Matcher base = Pattern.compile("listening on (http://\\S+)").matcher(out.toString());
        Matcher token = Pattern.compile("SMART token endpoint (http://\\S+)").matcher(out.toString());
        assertThat(base.find() && token.find()).as(out.toString()).isTrue();
        assertThat(get(base.group(1) + "/metadata", null).statusCode()).isEqualTo(401);
        assertThat(get(base.group(1) + "/.well-known/smart-configuration", null).body()).contains(token.group(1));

        thread.interrupt();
        await().atMost(Duration.ofSeconds(30)).until(() -> !thread.isAlive());
        assertThatThrownBy(() -> get(token.group(1), null)).isInstanceOf(IOException.class);
    }

    private HttpResponse<String> get(String url, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).header("Accept", "application/fhir+json");
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
