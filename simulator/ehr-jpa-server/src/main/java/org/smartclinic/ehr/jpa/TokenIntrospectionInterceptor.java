package org.smartclinic.ehr.jpa;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Requires a bearer token that the token server ({@code --auth-server}) says is active (RFC 7662 introspection, asked
 * on every request: the token server may expire tokens at any moment in tests). Without one: 401 with
 * {@code WWW-Authenticate: Bearer}. Serves the token server's {@code .well-known/smart-configuration} at
 * {@code /fhir/.well-known/smart-configuration}, to anyone, so SMART clients can discover the token endpoint.
 */
@Interceptor
public final class TokenIntrospectionInterceptor {

    private static final String WELL_KNOWN = "/.well-known/smart-configuration";

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String authServer;

    /** @param authServer the token server's root URL, e.g. {@code http://127.0.0.1:41000} */
    public TokenIntrospectionInterceptor(String authServer) {
        this.authServer = authServer.replaceAll("/+$", "");
    }

    /** Lets the request on (true) or answers it here (false). */
    @Hook(Pointcut.SERVER_INCOMING_REQUEST_PRE_PROCESSED)
    public boolean check(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (request.getRequestURI().endsWith(WELL_KNOWN)) {
            HttpResponse<String> config = send(HttpRequest.newBuilder(URI.create(authServer + WELL_KNOWN)).GET());
            write(response, config.statusCode(), "application/json", config.body());
            return false;
        }
        String header = request.getHeader("Authorization");
        if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7) && active(header.substring(7).strip())) {
            return true;
        }
        response.setHeader("WWW-Authenticate", header == null ? "Bearer realm=\"fhir\""
                : "Bearer realm=\"fhir\", error=\"invalid_token\"");
        write(response, 401, "application/fhir+json", "{\"resourceType\":\"OperationOutcome\",\"issue\":[{"
                + "\"severity\":\"error\",\"code\":\"login\",\"diagnostics\":\"a valid access token is required\"}]}");
        return false;
    }

    private boolean active(String token) throws IOException {
        HttpResponse<String> answer = send(HttpRequest.newBuilder(URI.create(authServer + "/introspect"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("token=" + URLEncoder.encode(token, StandardCharsets.UTF_8))));
        return answer.statusCode() == 200 && answer.body().replace(" ", "").contains("\"active\":true");
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws IOException {
        try {
            return http.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while asking the token server", e);
        }
    }

    private static void write(HttpServletResponse response, int status, String type, String body) throws IOException {
        response.setStatus(status);
        response.setContentType(type);
        response.setCharacterEncoding("UTF-8");
        response.getOutputStream().write(body.getBytes(StandardCharsets.UTF_8));
        response.getOutputStream().flush();
    }
}
