package org.smartclinic.gateway.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A fault-injecting reverse proxy in front of a real FHIR server (the sandbox or the HAPI JPA server): a real HTTP
 * server on a loopback port whose behaviour the test switches at run time. Point the gateway at {@link #baseUrl()}
 * and the test's own EHR checks at the real server.
 *
 * <pre>{@code
 * try (FaultyEhr ehr = FaultyEhr.inFrontOf(sandbox.baseUrl())) {
 *     gateway.property("smartclinic.fhir.base-url", ehr.baseUrl());
 *     ehr.set(FaultyEhr.Fault.TOO_MANY_REQUESTS);   // every request now gets 429, Retry-After: 2
 *     ehr.poison("Sys 999");                         // and any body with this text 422, whatever the fault
 *     ehr.set(FaultyEhr.Fault.PASS);
 *     ehr.requests();                                // what came, when, and what it got
 * }
 * }</pre>
 *
 * Faults ({@link Fault}): pass through; refuse connections (the port stops listening, so clients see "connection
 * refused"; such attempts are not seen, hence not counted); 500; 429 with {@code Retry-After} in seconds
 * ({@link #retryAfter}); forward, let the server store, then hold the answer for {@link #stall} (set it beyond the
 * client's read timeout), for every request or only for those holding more than {@link #bigAbove} Observations; a
 * captive-portal HTML page with 200 or with 502. A poison marker ({@link #poison}) answers
 * 422 with an OperationOutcome to requests whose body contains it and is checked before the fault. Every request
 * is counted by its fault as it arrives ({@link #seen(Fault)}) and recorded with its arrival time and status once
 * answered ({@link #requests()}).
 */
public final class FaultyEhr implements AutoCloseable {

    /** What the proxy does with the next requests. */
    public enum Fault {
        /** Forward to the server and return its answer unchanged. */
        PASS,
        /** Do not listen: the client's connection attempts are refused. */
        REFUSE,
        /** Answer 500 without forwarding. */
        SERVER_ERROR,
        /** Answer 429 with {@code Retry-After: <retryAfter seconds>} without forwarding. */
        TOO_MANY_REQUESTS,
        /** Forward (the server stores), then hold the answer for the stall time, then send it (mostly to no one). */
        STORE_THEN_STALL,
        /**
         * As {@link #STORE_THEN_STALL} for a request holding more than {@link #bigAbove} Observations, as an EHR
         * that needs longer than the client's timeout to store a large batch; a smaller request passes (and counts
         * as {@link #PASS}).
         */
        STALL_BIG,
        /** Answer 200 with an HTML page, as a captive portal does. */
        HTML_200,
        /** Answer 502 with an HTML page, as a broken corporate proxy does. */
        HTML_502,
        /** Answered 422 because the body held the poison marker (not settable: see {@link #poison}). */
        POISONED
    }

    /**
     * One request as the proxy saw it.
     *
     * @param at     when it arrived
     * @param method HTTP method
     * @param path   path and query, e.g. {@code /fhir/Patient?x=1}
     * @param fault  what it got
     * @param status the status sent back (the server's, when forwarded)
     */
    public record Seen(Instant at, String method, String path, Fault fault, int status) {
    }

    private static final Set<String> HOP_HEADERS = Set.of("connection", "content-length", "expect", "host",
            "upgrade", "transfer-encoding", "keep-alive", "te", "trailer", "proxy-connection", "http2-settings");
    private static final String HTML = "<!DOCTYPE html><html><head><title>Sign in to the network</title></head>"
            + "<body><h1>Welcome</h1><p>Please accept the terms to continue.</p></body></html>";
    private static final String POISON_OUTCOME = "{\"resourceType\":\"OperationOutcome\",\"issue\":[{\"severity\":"
            + "\"error\",\"code\":\"processing\",\"diagnostics\":\"%s\"}]}";
    private static final Pattern OBSERVATION = Pattern.compile("\"resourceType\"\\s*:\\s*\"Observation\"");
    private static final String POISON_DIAGNOSTICS = "FaultyEhr: this entry is refused (poison)";

    private final URI upstream;
    private final int port;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ExecutorService handlers = Executors.newVirtualThreadPerTaskExecutor();
    private final List<Seen> seen = new CopyOnWriteArrayList<>();
    private final Map<Fault, AtomicInteger> counts = new EnumMap<>(Fault.class);
    private volatile Fault fault = Fault.PASS;
    private volatile int retryAfterSeconds = 2;
    private volatile Duration stall = Duration.ofSeconds(10);
    private volatile int bigAbove = 1;
    private volatile Pattern poisonMarker;
    private volatile String poisonDiagnostics = POISON_DIAGNOSTICS;
    private HttpServer server;

    private FaultyEhr(URI upstream) {
        this.upstream = upstream;
        for (Fault f : Fault.values()) {
            counts.put(f, new AtomicInteger());
        }
        this.port = listen(0);
    }

    /** A proxy in front of the FHIR base URL {@code baseUrl} (e.g. {@code http://127.0.0.1:8090/fhir}), passing. */
    public static FaultyEhr inFrontOf(String baseUrl) {
        return new FaultyEhr(URI.create(baseUrl.endsWith("/") ? baseUrl : baseUrl + "/"));
    }

    /** The same FHIR base, through the proxy: give this to the gateway. */
    public String baseUrl() {
        return "http://127.0.0.1:" + port + upstream.getPath().replaceAll("/$", "");
    }

    /** Switches the fault for the requests from now on ({@link Fault#REFUSE} closes the port at once). */
    public synchronized FaultyEhr set(Fault next) {
        if (next == Fault.POISONED) {
            throw new IllegalArgumentException("poison is a marker, set it with poison(marker)");
        }
        if (next == Fault.REFUSE && server != null) {
            server.stop(0);
            server = null;
        } else if (next != Fault.REFUSE && server == null) {
            listen(port);
        }
        fault = next;
        return this;
    }

    /** The seconds {@link Fault#TOO_MANY_REQUESTS} puts in {@code Retry-After} (default 2). */
    public FaultyEhr retryAfter(int seconds) {
        retryAfterSeconds = seconds;
        return this;
    }

    /** How long {@link Fault#STORE_THEN_STALL} holds the server's answer (default 10 s). */
    public FaultyEhr stall(Duration value) {
        stall = value;
        return this;
    }

    /** The most Observations a request may hold before {@link Fault#STALL_BIG} holds its answer (default 1). */
    public FaultyEhr bigAbove(int observations) {
        bigAbove = observations;
        return this;
    }

    /** Answers 422 with an OperationOutcome to every request whose body contains {@code text}; null: none. */
    public FaultyEhr poison(String text) {
        return poison(text == null ? null : Pattern.compile(Pattern.quote(text)), POISON_DIAGNOSTICS);
    }

    /**
     * As {@link #poison(String)} for bodies where {@code marker} is found (a pattern, so one marker can match the
     * JSON and the XML form of a value), with the OperationOutcome's diagnostics text: a real server may echo a
     * search URL or an identifier there, which the gateway must scrub before it stores or shows it.
     */
    public FaultyEhr poison(Pattern marker, String diagnostics) {
        poisonDiagnostics = diagnostics.replace("\\", "\\\\").replace("\"", "\\\"");
        poisonMarker = marker;
        return this;
    }

    /** How many requests got {@code f} so far, counted as they arrive (before a stalled answer is given). */
    public int seen(Fault f) {
        return counts.get(f).get();
    }

    /** Every request answered so far, in arrival order. */
    public List<Seen> requests() {
        return seen.stream().sorted(Comparator.comparing(Seen::at)).toList();
    }

    /** Forgets the requests and counts so far. */
    public void clearRequests() {
        seen.clear();
        counts.values().forEach(c -> c.set(0));
    }

    private int listen(int wanted) {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), wanted), 64);
        } catch (IOException e) {
            throw new UncheckedIOException("FaultyEhr cannot listen on port " + wanted, e);
        }
        server.setExecutor(handlers);
        server.createContext("/", this::handle);
        server.start();
        return server.getAddress().getPort();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            Instant at = Instant.now();
            byte[] body = exchange.getRequestBody().readAllBytes();
            Pattern marker = poisonMarker;
            String text = new String(body, StandardCharsets.UTF_8);
            Fault applied = marker != null && marker.matcher(text).find() ? Fault.POISONED : fault;
            if (applied == Fault.STALL_BIG && OBSERVATION.matcher(text).results().count() <= bigAbove) {
                applied = Fault.PASS;
            }
            // Counted on arrival: a stalled answer may come after the client has retried and finished.
            counts.get(applied).incrementAndGet();
            int status = answer(exchange, applied, body);
            seen.add(new Seen(at, exchange.getRequestMethod(), relativePath(exchange), applied, status));
        }
    }

    private int answer(HttpExchange exchange, Fault applied, byte[] body) throws IOException {
        return switch (applied) {
            case PASS, REFUSE -> forward(exchange, body, Duration.ZERO);
            case STORE_THEN_STALL, STALL_BIG -> forward(exchange, body, stall);
            case SERVER_ERROR -> reply(exchange, 500, "text/plain", "FaultyEhr: internal error");
            case TOO_MANY_REQUESTS -> {
                exchange.getResponseHeaders().set("Retry-After", Integer.toString(retryAfterSeconds));
                yield reply(exchange, 429, "text/plain", "FaultyEhr: slow down");
            }
            case HTML_200 -> reply(exchange, 200, "text/html; charset=utf-8", HTML);
            case HTML_502 -> reply(exchange, 502, "text/html; charset=utf-8", HTML);
            case POISONED -> reply(exchange, 422, "application/fhir+json", POISON_OUTCOME.formatted(poisonDiagnostics));
        };
    }

    /** Sends the request on to the server; holds its answer for {@code hold} (the fault's point) before relaying. */
    private int forward(HttpExchange exchange, byte[] body, Duration hold) throws IOException {
        HttpRequest.Builder request = HttpRequest.newBuilder(upstream.resolve(exchange.getRequestURI()))
                .timeout(Duration.ofSeconds(60))
                .method(exchange.getRequestMethod(), body.length == 0 ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        exchange.getRequestHeaders().forEach((name, values) -> {
            if (!HOP_HEADERS.contains(name.toLowerCase())) {
                values.forEach(v -> request.header(name, v));
            }
        });
        HttpResponse<byte[]> response;
        try {
            response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            if (!hold.isZero()) {
                Thread.sleep(hold); // the fault itself: the answer is late, on purpose
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return reply(exchange, 503, "text/plain", "FaultyEhr: interrupted");
        } catch (IOException e) {
            return reply(exchange, 502, "text/plain", "FaultyEhr: upstream unreachable: " + e);
        }
        response.headers().map().forEach((name, values) -> {
            if (!HOP_HEADERS.contains(name.toLowerCase()) && !name.startsWith(":")) {
                exchange.getResponseHeaders().put(name, values);
            }
        });
        byte[] answer = response.body();
        exchange.sendResponseHeaders(response.statusCode(), answer.length == 0 ? -1 : answer.length);
        exchange.getResponseBody().write(answer);
        return response.statusCode();
    }

    private static int reply(HttpExchange exchange, int status, String type, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        return status;
    }

    /** The request's path and query, e.g. {@code /fhir/Patient?x=1}. */
    private static String relativePath(HttpExchange exchange) {
        return exchange.getRequestURI().toString();
    }

    @Override
    public synchronized void close() {
        if (server != null) {
            server.stop(0);
            server = null;
        }
        handlers.shutdownNow();
        client.close();
    }
}
