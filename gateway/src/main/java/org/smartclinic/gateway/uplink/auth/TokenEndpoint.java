package org.smartclinic.gateway.uplink.auth;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The EHR's OAuth2 token endpoint as SMART Backend Services use it: found in
 * {@code <fhir-base>/.well-known/smart-configuration} ({@code token_endpoint}) unless configured, then asked for
 * tokens with the client credentials grant and a signed client assertion.
 */
public final class TokenEndpoint {

    static final String ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
    private static final String CHECK = "check smartclinic.fhir.auth.client-id, the private key, and that the EHR"
            + " holds this client's public key";
    private static final int MAX_ECHO = 200;

    private final HttpClient http;
    private final String fhirBase;
    private final Duration timeout;
    private final Clock clock;
    private final ObjectMapper json = new ObjectMapper();
    private volatile String url;

    public TokenEndpoint(HttpClient http, String fhirBase, Optional<String> configuredUrl, Duration timeout,
                         Clock clock) {
        this.http = http;
        this.fhirBase = fhirBase.replaceAll("/+$", "");
        this.url = configuredUrl.orElse(null);
        this.timeout = timeout;
        this.clock = clock;
    }

    /** The token endpoint's URL, discovered on first use unless configured. */
    public String url() throws EhrAuthException {
        String known = url;
        if (known == null) {
            known = discover();
            url = known;
        }
        return known;
    }

    /** Asks for an access token with {@code assertion} (signed for {@link #url()}) and {@code scope}. */
    public AccessToken request(ClientAssertion assertion, String scope) throws EhrAuthException {
        String tokenUrl = url();
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "client_credentials");
        form.put("scope", scope);
        form.put("client_assertion_type", ASSERTION_TYPE);
        form.put("client_assertion", assertion.sign(tokenUrl));
        HttpRequest request = HttpRequest.newBuilder(URI.create(tokenUrl)).timeout(timeout)
                .header("Content-Type", "application/x-www-form-urlencoded").header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(formBody(form))).build();
        HttpResponse<String> response = send(request, "the token endpoint " + tokenUrl);
        if (response.statusCode() != 200) {
            throw refused(tokenUrl, response);
        }
        JsonNode body = parse(response.body(), "the token endpoint " + tokenUrl);
        String token = body.path("access_token").asText("");
        if (token.isEmpty()) {
            throw new EhrAuthException("The token endpoint " + tokenUrl + " answered 200 without an access_token");
        }
        return AccessToken.received(token, clock.instant(), body.path("expires_in").asLong(300));
    }

    private String discover() throws EhrAuthException {
        String wellKnown = fhirBase + "/.well-known/smart-configuration";
        HttpRequest request = HttpRequest.newBuilder(URI.create(wellKnown)).timeout(timeout)
                .header("Accept", "application/json").GET().build();
        HttpResponse<String> response = send(request, wellKnown);
        String endpoint = response.statusCode() == 200
                ? parse(response.body(), wellKnown).path("token_endpoint").asText("") : "";
        if (endpoint.isEmpty()) {
            throw new EhrAuthException("No token endpoint: GET " + wellKnown + " answered HTTP "
                    + response.statusCode() + (response.statusCode() == 200 ? " without token_endpoint" : "")
                    + "; set smartclinic.fhir.auth.token-url to the EHR's token URL");
        }
        return endpoint;
    }

    private HttpResponse<String> send(HttpRequest request, String what) throws EhrAuthException {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new EhrAuthException(what + " is unreachable (" + e.getClass().getSimpleName() + ": "
                    + e.getMessage() + ")", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EhrAuthException("interrupted while asking " + what);
        }
    }

    private JsonNode parse(String body, String what) throws EhrAuthException {
        try {
            return json.readTree(body);
        } catch (IOException e) {
            throw new EhrAuthException(what + " answered something that is not JSON (a proxy's page?)");
        }
    }

    private EhrAuthException refused(String tokenUrl, HttpResponse<String> response) {
        String error = "";
        String description = "";
        try {
            JsonNode body = json.readTree(response.body());
            error = body.path("error").asText("");
            description = body.path("error_description").asText("");
        } catch (IOException notJson) {
            // a proxy's or server's error page: the status says enough
        }
        String hint = "invalid_scope".equals(error) ? "check smartclinic.fhir.auth.scope" : CHECK;
        return new EhrAuthException("The token endpoint " + tokenUrl + " refused the gateway: HTTP "
                + response.statusCode() + (error.isEmpty() ? "" : " " + error)
                + (description.isEmpty() ? "" : " (" + cap(description) + ")") + "; " + hint);
    }

    private static String cap(String text) {
        return text.length() <= MAX_ECHO ? text : text.substring(0, MAX_ECHO) + "...";
    }

    private static String formBody(Map<String, String> form) {
        return form.entrySet().stream().map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
    }
}
