package org.smartclinic.simulator.fhir.auth;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A small OAuth2 authorization server for tests, as SMART Backend Services describe it, on the JDK's HTTP server
 * (loopback only). Serves:
 * <ul>
 *   <li>{@code GET /.well-known/smart-configuration}: {@code token_endpoint}, the grant and auth methods;</li>
 *   <li>{@code POST /token}: {@code grant_type=client_credentials} with a {@code private_key_jwt} client assertion,
 *       verified for real ({@link ClientAssertionVerifier}); issues an opaque token with {@code expires_in}; refuses
 *       with 400 and {@code invalid_request}, {@code invalid_client}, {@code unsupported_grant_type} or
 *       {@code invalid_scope};</li>
 *   <li>{@code POST /introspect} (RFC 7662, unauthenticated: a loopback test server): {@code active}, client, scope,
 *       exp.</li>
 * </ul>
 * {@link #authorizer()} lets a sandbox accept its tokens; {@link #expireTokens()} and {@link #tokenLifetime} make
 * them expire early, to test refresh and the 401 path.
 */
public final class SmartTokenServer implements AutoCloseable {

    private static final String ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

    private final ObjectMapper json = new ObjectMapper();
    private final Map<String, PublicKey> clients = new ConcurrentHashMap<>();
    private final IssuedTokens tokens;
    private final ClientAssertionVerifier verifier;
    private final HttpServer server;
    private final ExecutorService threads;
    private volatile Duration lifetime = Duration.ofMinutes(5);
    private final AtomicInteger refusals = new AtomicInteger();

    private SmartTokenServer(HttpServer server, ExecutorService threads, Clock clock) {
        this.server = server;
        this.threads = threads;
        this.tokens = new IssuedTokens(clock);
        this.verifier = new ClientAssertionVerifier(clients, clock);
    }

    /** Starts on 127.0.0.1 and a free port. */
    public static SmartTokenServer start() {
        return start(Clock.systemUTC());
    }

    /** Starts on 127.0.0.1 and a free port, with this clock (for expiry checks). */
    public static SmartTokenServer start(Clock clock) {
        try {
            HttpServer http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            ExecutorService threads = Executors.newFixedThreadPool(4, Thread.ofPlatform().daemon()
                    .name("token-server-", 0).factory());
            SmartTokenServer server = new SmartTokenServer(http, threads, clock);
            http.setExecutor(threads);
            http.createContext("/token", server::token);
            http.createContext("/introspect", server::introspect);
            http.createContext("/.well-known/smart-configuration", server::configuration);
            http.start();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException("token server failed to start", e);
        }
    }

    /** Registers a client with its public key (RSA for RS384, EC P-384 for ES384). */
    public SmartTokenServer registerClient(String clientId, PublicKey publicKey) {
        clients.put(clientId, publicKey);
        return this;
    }

    /** Lifetime of tokens issued from now on ({@code expires_in}); default 5 minutes. */
    public SmartTokenServer tokenLifetime(Duration newLifetime) {
        this.lifetime = newLifetime;
        return this;
    }

    /**
     * Every token granted at {@code /token} so far expires now: the next request with one gets 401. Tokens from
     * {@link #issueDirectly} stay valid.
     */
    public void expireTokens() {
        tokens.expireAll();
    }

    /** Issues a token without a client assertion, e.g. for a test that reads the EHR. */
    public String issueDirectly(String clientId, Duration tokenLifetime) {
        return tokens.issue(clientId, "system/*.read", tokenLifetime, true);
    }

    /** Whether {@code token} was issued here and has not expired. */
    public boolean isActive(String token) {
        return tokens.active(token).isPresent();
    }

    /** Every token granted at {@code /token} so far, oldest first (tests check that none appears in a log). */
    public List<String> grantedTokens() {
        return tokens.granted();
    }

    /** Token requests refused so far. */
    public int refusals() {
        return refusals.get();
    }

    /** Accepts {@code Bearer <token>} for active tokens of this server; serves its smart-configuration. */
    public RequestAuthorizer authorizer() {
        return new RequestAuthorizer() {
            @Override
            public boolean authorizes(String header) {
                return header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)
                        && isActive(header.substring(7).strip());
            }

            @Override
            public Optional<String> smartConfiguration() {
                return Optional.of(configurationJson());
            }
        };
    }

    /** {@code http://127.0.0.1:<port>} */
    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public String tokenUrl() {
        return baseUrl() + "/token";
    }

    public String introspectionUrl() {
        return baseUrl() + "/introspect";
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }

    private void token(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!"POST".equals(exchange.getRequestMethod())) {
                send(exchange, 405, Map.of("error", "invalid_request", "error_description", "POST only"));
                return;
            }
            Map<String, String> form = form(exchange.getRequestBody());
            try {
                send(exchange, 200, grant(form));
            } catch (TokenRequestRejected e) {
                refusals.incrementAndGet();
                send(exchange, 400, Map.of("error", e.error(), "error_description", e.getMessage()));
            }
        }
    }

    private Map<String, Object> grant(Map<String, String> form) throws TokenRequestRejected {
        if (!"client_credentials".equals(form.get("grant_type"))) {
            throw new TokenRequestRejected("unsupported_grant_type", "grant_type must be client_credentials");
        }
        if (!ASSERTION_TYPE.equals(form.get("client_assertion_type")) || form.get("client_assertion") == null) {
            throw new TokenRequestRejected("invalid_request", "client_assertion_type must be " + ASSERTION_TYPE
                    + " with a client_assertion");
        }
        String scope = form.getOrDefault("scope", "").strip();
        if (scope.isEmpty()) {
            throw new TokenRequestRejected("invalid_scope", "scope is required");
        }
        String clientId = verifier.verify(form.get("client_assertion"), tokenUrl());
        Duration issuedFor = lifetime;
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("access_token", tokens.issue(clientId, scope, issuedFor, false));
        answer.put("token_type", "bearer");
        answer.put("expires_in", issuedFor.toSeconds());
        answer.put("scope", scope);
        return answer;
    }

    private void introspect(HttpExchange exchange) throws IOException {
        try (exchange) {
            String token = form(exchange.getRequestBody()).get("token");
            Map<String, Object> answer = new LinkedHashMap<>();
            tokens.active(token).ifPresentOrElse(issued -> {
                answer.put("active", true);
                answer.put("client_id", issued.clientId());
                answer.put("scope", issued.scope());
                answer.put("exp", issued.expiresAt().getEpochSecond());
            }, () -> answer.put("active", false));
            send(exchange, 200, answer);
        }
    }

    private void configuration(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = configurationJson().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
        }
    }

    private String configurationJson() {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("token_endpoint", tokenUrl());
        config.put("introspection_endpoint", introspectionUrl());
        config.put("grant_types_supported", List.of("client_credentials"));
        config.put("token_endpoint_auth_methods_supported", List.of("private_key_jwt"));
        config.put("token_endpoint_auth_signing_alg_values_supported", List.of("RS384", "ES384"));
        config.put("scopes_supported", List.of("system/*.read", "system/*.write"));
        config.put("capabilities", List.of("client-confidential-asymmetric"));
        try {
            return json.writeValueAsString(config);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private void send(HttpExchange exchange, int status, Map<String, ?> body) throws IOException {
        byte[] bytes = json.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    private static Map<String, String> form(InputStream body) throws IOException {
        Map<String, String> form = new HashMap<>();
        for (String pair : new String(body.readAllBytes(), StandardCharsets.UTF_8).split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                form.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return form;
    }
}
