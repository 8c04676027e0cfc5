package org.smartclinic.simulator.fhir.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The token server refuses every malformed or forged client assertion, and its tokens can be made to expire. */
class SmartTokenServerTest {

    private static final String ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final KeyPair RSA = generate("RSA", null);
    private static final KeyPair EC = generate("EC", "secp384r1");
    private static SmartTokenServer server;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() {
        server = SmartTokenServer.start().registerClient("gw-rsa", RSA.getPublic()).registerClient("gw-ec", EC.getPublic());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void token_validRs384Assertion_issuesActiveToken() throws Exception {
        HttpResponse<String> answer = post("/token", form(jwt("RS384", RSA.getPrivate(), claims("gw-rsa"))));

        assertThat(answer.statusCode()).isEqualTo(200);
        JsonNode body = JSON.readTree(answer.body());
        assertThat(body.path("token_type").asText()).isEqualTo("bearer");
        assertThat(body.path("expires_in").asLong()).isEqualTo(300);
        assertThat(introspect(body.path("access_token").asText()).path("active").asBoolean()).isTrue();
        assertThat(answer.headers().firstValue("Cache-Control")).hasValue("no-store");
    }

    @Test
    void token_validEs384Assertion_issuesToken() throws Exception {
        assertThat(post("/token", form(jwt("ES384", EC.getPrivate(), claims("gw-ec")))).statusCode()).isEqualTo(200);
    }

    @Test
    void token_replayedAssertion_invalidClient() throws Exception {
        String assertion = jwt("RS384", RSA.getPrivate(), claims("gw-rsa"));
        post("/token", form(assertion));

        assertRefused(post("/token", form(assertion)), "invalid_client", "replayed");
    }

    @Test
    void token_wrongAudienceOrExpiryOrSubject_invalidClient() throws Exception {
        Map<String, Object> wrongAud = claims("gw-rsa");
        wrongAud.put("aud", "https://other.example/token");
        Map<String, Object> tooLong = claims("gw-rsa");
        tooLong.put("exp", Instant.now().plus(Duration.ofMinutes(10)).getEpochSecond());
        Map<String, Object> expired = claims("gw-rsa");
        expired.put("exp", Instant.now().minus(Duration.ofMinutes(1)).getEpochSecond());
        Map<String, Object> otherSub = claims("gw-rsa");
        otherSub.put("sub", "someone-else");

        assertRefused(post("/token", form(jwt("RS384", RSA.getPrivate(), wrongAud))), "invalid_client", "aud");
        assertRefused(post("/token", form(jwt("RS384", RSA.getPrivate(), tooLong))), "invalid_client", "5 minutes");
        assertRefused(post("/token", form(jwt("RS384", RSA.getPrivate(), expired))), "invalid_client", "expired");
        assertRefused(post("/token", form(jwt("RS384", RSA.getPrivate(), otherSub))), "invalid_client", "sub");
    }

    @Test
    void token_forgedOrUnsignedOrUnknown_invalidClient() throws Exception {
        KeyPair other = generate("RSA", null);

        assertRefused(post("/token", form(jwt("RS384", other.getPrivate(), claims("gw-rsa")))), "invalid_client",
                "signature");
        String unsigned = jwt("RS384", RSA.getPrivate(), claims("gw-rsa"));
        unsigned = b64(JSON.writeValueAsBytes(Map.of("alg", "none"))) + unsigned.substring(unsigned.indexOf('.'));
        assertRefused(post("/token", form(unsigned)), "invalid_client", "alg");
        assertRefused(post("/token", form(jwt("RS384", RSA.getPrivate(), claims("nobody")))), "invalid_client",
                "unknown client");
        assertRefused(post("/token", form(jwt("ES384", RSA.getPrivate(), claims("gw-rsa")))), "invalid_client",
                "does not fit");
    }

    @Test
    void token_wrongGrantOrNoScope_refusedWithTheRightError() throws Exception {
        String assertion = jwt("RS384", RSA.getPrivate(), claims("gw-rsa"));

        assertRefused(post("/token", form(assertion).replace("client_credentials", "password")),
                "unsupported_grant_type", "client_credentials");
        assertRefused(post("/token", form(assertion).replace("scope=system", "x=system")), "invalid_scope", "scope");
    }

    @Test
    void expireTokens_grantedTokenInactiveAndRefusedDirectTokenKept() throws Exception {
        String granted = JSON.readTree(post("/token", form(jwt("RS384", RSA.getPrivate(), claims("gw-rsa")))).body())
                .path("access_token").asText();
        String direct = server.issueDirectly("reader", Duration.ofHours(1));

        server.expireTokens();

        assertThat(introspect(granted).path("active").asBoolean()).isFalse();
        assertThat(server.authorizer().authorizes("Bearer " + granted)).isFalse();
        assertThat(server.authorizer().authorizes("Bearer " + direct)).isTrue();
        assertThat(server.authorizer().authorizes(null)).isFalse();
    }

    @Test
    void smartConfiguration_served_namesTokenEndpointAndMethods() throws Exception {
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(server.baseUrl()
                + "/.well-known/smart-configuration")).build(), HttpResponse.BodyHandlers.ofString());

        JsonNode config = JSON.readTree(answer.body());
        assertThat(config.path("token_endpoint").asText()).isEqualTo(server.tokenUrl());
        assertThat(config.path("token_endpoint_auth_methods_supported").toString()).contains("private_key_jwt");
    }

    private static void assertRefused(HttpResponse<String> answer, String error, String why) throws Exception {
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(400);
        JsonNode body = JSON.readTree(answer.body());
        assertThat(body.path("error").asText()).isEqualTo(error);
        assertThat(body.path("error_description").asText()).contains(why);
    }

    private static Map<String, Object> claims(String clientId) {
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("iss", clientId);
        claims.put("sub", clientId);
        claims.put("aud", server.tokenUrl());
        claims.put("exp", Instant.now().plus(Duration.ofMinutes(4)).getEpochSecond());
        claims.put("jti", UUID.randomUUID().toString());
        return claims;
    }

    private static String jwt(String alg, PrivateKey key, Map<String, Object> claims) throws Exception {
        String input = b64(JSON.writeValueAsBytes(Map.of("alg", alg, "typ", "JWT"))) + "."
                + b64(JSON.writeValueAsBytes(claims));
        Signature signer = Signature.getInstance(key.getAlgorithm().equals("RSA") ? "SHA384withRSA"
                : "SHA384withECDSAinP1363Format");
        signer.initSign(key);
        signer.update(input.getBytes(StandardCharsets.US_ASCII));
        return input + "." + b64(signer.sign());
    }

    private static String form(String assertion) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "client_credentials");
        form.put("scope", "system/Observation.write");
        form.put("client_assertion_type", ASSERTION_TYPE);
        form.put("client_assertion", assertion);
        return form.entrySet().stream().map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(),
                StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
    }

    private JsonNode introspect(String token) throws Exception {
        return JSON.readTree(post("/introspect", "token=" + token).body());
    }

    private HttpResponse<String> post(String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String b64(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static KeyPair generate(String algorithm, String curve) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm);
            if (curve != null) {
                generator.initialize(new ECGenParameterSpec(curve));
            } else {
                generator.initialize(2048);
            }
            return generator.generateKeyPair();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
