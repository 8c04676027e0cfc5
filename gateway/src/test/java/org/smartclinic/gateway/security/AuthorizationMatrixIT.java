package org.smartclinic.gateway.security;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.Method;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Produces;

import io.restassured.http.ContentType;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.smartclinic.gateway.it.GatewayProcess;
import org.smartclinic.gateway.it.Staff;

/**
 * The authorization matrix: every REST endpoint, page and WebSocket the gateway has (found by reflection over its
 * classes, so a new one cannot be forgotten) × anonymous and each role → the expected answer, against the real
 * gateway process. {@link #EXPECTED} is the table docs/security.md shows; an endpoint missing from it, or listed but
 * gone, fails the test.
 *
 * <p>Per cell: anonymous gets 401 (a page: a redirect to the login page); a role not allowed gets 403; an allowed
 * role gets neither (its dummy input may well be refused with 400, 404 or 409 — that is the endpoint working). Public
 * endpoints answer anonymous callers without 401/403 (a login with a wrong password is its own 401, so the login
 * itself is checked apart). State-changing calls carry the session's CSRF token, so the matrix tests roles, not CSRF;
 * CSRF and cross-site origins are checked at the end.
 */
class AuthorizationMatrixIT {

    private static final String PUBLIC = "public";
    /** Only a login at the identity provider gets through; with none configured, every caller gets 401. */
    private static final String OIDC_ONLY = "oidc-only";
    private static final String GP = "gp";
    private static final String TECH = "technician";
    private static final String ADMIN = "admin";
    private static final List<String> CALLERS = List.of("anonymous", GP, TECH, ADMIN);

    /** Endpoint → who may call it. Kept in step with docs/security.md. */
    static final Map<String, Set<String>> EXPECTED = new TreeMap<>(Map.ofEntries(
            Map.entry("GET /", Set.of(GP, TECH, ADMIN)),
            Map.entry("GET /login", Set.of(PUBLIC)),
            Map.entry("POST /login", Set.of(PUBLIC)),
            Map.entry("POST /logout", Set.of(PUBLIC)),
            Map.entry("GET /setup", Set.of(PUBLIC)),
            Map.entry("POST /setup", Set.of(PUBLIC)),
            Map.entry("GET /lang", Set.of(PUBLIC)),
            Map.entry("GET /login/oidc", Set.of(OIDC_ONLY)),
            Map.entry("POST /api/session", Set.of(PUBLIC)),
            Map.entry("GET /api/session", Set.of(GP, TECH, ADMIN)),
            Map.entry("DELETE /api/session", Set.of(GP, TECH, ADMIN)),
            Map.entry("POST /api/setup", Set.of(PUBLIC)),
            Map.entry("POST /api/me/password", Set.of(GP, TECH, ADMIN)),
            Map.entry("GET /admin", Set.of(ADMIN)),
            Map.entry("GET /gp", Set.of(GP)),
            Map.entry("GET /gp/stations/{station}", Set.of(GP)),
            Map.entry("GET /gp/exams/{id}/labels", Set.of(GP)),
            Map.entry("GET /api/users", Set.of(ADMIN)),
            Map.entry("POST /api/users", Set.of(ADMIN)),
            Map.entry("PUT /api/users/{username}", Set.of(ADMIN)),
            Map.entry("POST /api/users/{username}/password", Set.of(ADMIN)),
            Map.entry("GET /api/users/events", Set.of(ADMIN)),
            Map.entry("GET /api/stations", Set.of(GP, TECH)),
            Map.entry("GET /api/patients/systems", Set.of(GP)),
            Map.entry("GET /api/patients", Set.of(GP)),
            Map.entry("GET /api/patients/{id}", Set.of(GP)),
            Map.entry("POST /api/patients", Set.of(GP)),
            Map.entry("POST /api/exams", Set.of(GP)),
            Map.entry("GET /api/exams", Set.of(GP)),
            Map.entry("GET /api/exams/{id}", Set.of(GP)),
            Map.entry("POST /api/exams/{id}/close", Set.of(GP)),
            Map.entry("POST /api/exams/{id}/samples", Set.of(GP)),
            Map.entry("GET /api/exams/{id}/samples", Set.of(GP)),
            Map.entry("GET /api/readings", Set.of(GP)),
            Map.entry("GET /api/readings/queue", Set.of(GP)),
            Map.entry("GET /api/readings/{id}", Set.of(GP)),
            Map.entry("GET /api/readings/{id}/history", Set.of(GP)),
            Map.entry("POST /api/readings/{id}/assign", Set.of(GP)),
            Map.entry("POST /api/readings/{id}/reject", Set.of(GP)),
            Map.entry("POST /api/readings/{id}/confirm", Set.of(GP)),
            Map.entry("POST /api/exams/{examId}/invites", Set.of(GP)),
            Map.entry("GET /api/exams/{examId}/invites", Set.of(GP)),
            Map.entry("GET /api/exams/{examId}/invites/{inviteId}/accesses", Set.of(GP)),
            Map.entry("POST /api/invites/{id}/revoke", Set.of(GP)),
            Map.entry("GET /s/{token}", Set.of(PUBLIC)),
            Map.entry("GET /s/{token}/data", Set.of(PUBLIC)),
            Map.entry("WS /ws/invites/{token}", Set.of(PUBLIC)),
            Map.entry("GET /api/live", Set.of(GP, TECH)),
            Map.entry("WS /ws/exams/{examId}", Set.of(GP)),
            Map.entry("WS /ws/devices/{deviceId}", Set.of(TECH)),
            Map.entry("GET /api/devices", Set.of(GP, TECH)),
            Map.entry("GET /api/devices/{id}", Set.of(GP, TECH)),
            Map.entry("GET /api/devices/{id}/streams", Set.of(TECH)),
            Map.entry("POST /api/devices/{id}/stop", Set.of(TECH)),
            Map.entry("POST /api/devices/{id}/restart", Set.of(TECH)),
            Map.entry("PUT /api/devices/{id}/station", Set.of(TECH)),
            Map.entry("GET /api/devices/{id}/placements", Set.of(TECH)),
            Map.entry("GET /api/drivers", Set.of(TECH)),
            Map.entry("GET /api/transports", Set.of(TECH)),
            Map.entry("GET /api/devices/{id}/captures", Set.of(TECH)),
            Map.entry("GET /api/captures/{id}", Set.of(TECH)),
            Map.entry("GET /api/captures/{id}/raw", Set.of(TECH)),
            Map.entry("GET /api/devices/{id}/captures/export", Set.of(TECH)),
            Map.entry("POST /api/captures/{id}/decode", Set.of(TECH)),
            Map.entry("GET /api/outbox", Set.of(TECH)),
            Map.entry("GET /api/outbox/items", Set.of(TECH)),
            Map.entry("GET /api/outbox/items/{id}", Set.of(TECH)),
            Map.entry("POST /api/outbox/items/{id}/replay", Set.of(TECH)),
            Map.entry("GET /tech", Set.of(TECH)),
            Map.entry("GET /tech/devices/new", Set.of(TECH)),
            Map.entry("GET /tech/devices/{id}", Set.of(TECH)),
            Map.entry("GET /tech/devices/{id}/edit", Set.of(TECH)),
            Map.entry("GET /tech/dead-letters", Set.of(TECH)),
            Map.entry("POST /api/devices", Set.of(TECH)),
            Map.entry("PUT /api/devices/{id}", Set.of(TECH)),
            Map.entry("DELETE /api/devices/{id}", Set.of(TECH)),
            Map.entry("GET /api/devices/{id}/registration", Set.of(TECH)),
            Map.entry("POST /api/devices/probe", Set.of(TECH)),
            Map.entry("POST /api/devices/{id}/probe", Set.of(TECH)),
            Map.entry("POST /api/devices/{id}/start", Set.of(TECH)),
            Map.entry("GET /api/outbox/dead-letters", Set.of(TECH)),
            Map.entry("GET /api/outbox/discards", Set.of(TECH)),
            Map.entry("POST /api/outbox/items/{id}/discard", Set.of(TECH)),
            Map.entry("GET /q/metrics", Set.of(TECH, ADMIN)),
            Map.entry("GET /q/health", Set.of(PUBLIC))));

    private static GatewayProcess gateway;
    private static final Map<String, Staff.Session> SESSIONS = new LinkedHashMap<>();
    /**
     * HTTP/1.1, as a browser speaks to the gateway over plain http: with the JDK's default (HTTP/2 after an h2c
     * upgrade) all cells share one connection, and about one run in ten the gateway's end closed it under a request
     * (EOF reached while reading), failing a cell that has nothing to do with authorization.
     */
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void start(@TempDir Path data) {
        gateway = new GatewayProcess(data.resolve("gw")).start();
    }

    @AfterAll
    static void stop() {
        if (gateway != null) {
            gateway.close();
        }
    }

    @Test
    void everyEndpoint_isInTheTable_andTheTableHasNoStaleRows() throws Exception {
        Map<String, Boolean> found = endpoints();
        assertThat(found.keySet()).as("endpoints without a row in EXPECTED (add them, with docs/security.md)")
                .isSubsetOf(EXPECTED.keySet());
        Set<String> stale = new TreeSet<>(EXPECTED.keySet());
        stale.removeAll(found.keySet());
        stale.removeIf(k -> k.startsWith("GET /q/"));
        assertThat(stale).as("rows for endpoints that no longer exist").isEmpty();
    }

    @Test
    void everyEndpoint_x_everyCaller_getsTheExpectedAnswer() throws Exception {
        Map<String, Boolean> found = endpoints();
        found.put("GET /q/metrics", false);
        found.put("GET /q/health", false);
        List<String> wrong = new ArrayList<>();
        int cells = 0;
        for (var e : found.entrySet()) {
            Set<String> allowed = EXPECTED.get(e.getKey());
            if (allowed == null) {
                continue; // reported by the other test
            }
            for (String caller : CALLERS) {
                String problem = check(e.getKey(), e.getValue(), caller, allowed);
                cells++;
                if (problem != null) {
                    wrong.add(e.getKey() + " as " + caller + ": " + problem);
                }
            }
        }
        System.out.printf("authorization matrix: %d endpoints x %d callers = %d cells checked%n", found.size(),
                CALLERS.size(), cells);
        assertThat(cells).isGreaterThanOrEqualTo(EXPECTED.size() * CALLERS.size() - 8);
        assertThat(wrong).isEmpty();
    }

    @Test
    void stateChangingCalls_needTheCsrfToken_andCrossSiteOriginsAreRefused() throws Exception {
        Staff.Session gp = session(GP);
        String body = "{\"station\":\"room-1\",\"patient\":{\"system\":\"urn:oid:1.2.643.100.3\",\"value\":\"1\"}}";
        HttpResponse<String> noToken = HTTP.send(HttpRequest.newBuilder(uri("/api/exams"))
                .header("Cookie", gp.cookieHeader()).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(noToken.statusCode()).isEqualTo(403);
        assertThat(noToken.body()).contains("CSRF");
        HttpResponse<String> wrongToken = HTTP.send(HttpRequest.newBuilder(uri("/api/exams"))
                .header("Cookie", gp.cookieHeader()).header("X-CSRF-Token", "guess")
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(wrongToken.statusCode()).isEqualTo(403);
        HttpResponse<String> crossSite = HTTP.send(HttpRequest.newBuilder(uri("/login"))
                .header("Origin", "http://evil.example").header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("username=gp&password=x")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(crossSite.statusCode()).isEqualTo(403);
        assertThat(crossSite.body()).contains("another site");
    }

    @Test
    void login_setsAStrictHttpOnlyCookie_andWrongPasswordsAreRateLimited() throws Exception {
        given().spec(session(ADMIN).spec()).contentType(ContentType.JSON).body(Map.of("username", "nurse.test",
                "password", Staff.PASSWORD, "roles", List.of(GP))).post("/api/users").then().statusCode(201);
        HttpResponse<String> ok = login("nurse.test", Staff.PASSWORD);
        assertThat(ok.statusCode()).isEqualTo(200);
        String cookie = ok.headers().firstValue("Set-Cookie").orElseThrow();
        assertThat(cookie).startsWith("sc_session=").contains("HttpOnly").contains("SameSite=Strict")
                .contains("Path=/");
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            statuses.add(login("nurse.test", "wrong password").statusCode());
        }
        assertThat(statuses.subList(0, 5)).containsOnly(401);
        assertThat(statuses.subList(5, 7)).containsOnly(429);
        // Locked out: even the right password waits, and the answer says for how long.
        HttpResponse<String> locked = login("nurse.test", Staff.PASSWORD);
        assertThat(locked.statusCode()).isEqualTo(429);
        assertThat(locked.body()).contains("try again in");
    }

    private static HttpResponse<String> login(String user, String password) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(uri("/api/session")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"" + user + "\",\"password\":\""
                        + password + "\"}")).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** What is wrong with calling {@code endpoint} as {@code caller}, or null if the answer is as expected. */
    private String check(String endpoint, boolean page, String caller, Set<String> allowed) throws Exception {
        String method = endpoint.substring(0, endpoint.indexOf(' '));
        String path = endpoint.substring(endpoint.indexOf(' ') + 1).replaceAll("\\{[^}]+}", "x1");
        boolean anonymous = "anonymous".equals(caller);
        boolean websocket = method.equals("WS");
        // A logout ends its session: it gets a session of its own, so the others stay usable.
        Staff.Session session = anonymous ? null : endpoint.equals("DELETE /api/session")
                ? Staff.login(gateway.baseUrl(), caller, Staff.PASSWORD) : session(caller);
        int status;
        try {
            status = websocket ? upgrade(path, session) : call(method, path, page, session);
        } catch (IOException e) {
            throw new IOException(endpoint + " as " + caller + ": " + e.getMessage(), e);
        }
        if (allowed.contains(OIDC_ONLY)) {
            return status == 401 || status == 302 ? null : "expected 401 (no identity provider), got " + status;
        }
        boolean isPublic = allowed.contains(PUBLIC);
        if (isPublic) {
            // A login with no password is refused with its own 401; that is the endpoint answering, not a guard.
            boolean login = endpoint.equals("POST /api/session") || endpoint.equals("POST /login");
            return status == 403 || (status == 401 && !login) ? "got " + status : null;
        }
        if (anonymous) {
            boolean challenged = page ? status == 302 || status == 401 : status == 401;
            return challenged ? null : "expected 401" + (page ? " or a redirect to the login" : "") + ", got "
                    + status;
        }
        if (allowed.contains(caller)) {
            return status == 401 || status == 403 ? "expected access, got " + status : null;
        }
        return status == 403 ? null : "expected 403, got " + status;
    }

    private int call(String method, String path, boolean page, Staff.Session session) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(10))
                .header("Accept", page ? "text/html" : "*/*");
        if (session != null) {
            b.header("Cookie", session.cookieHeader()).header("X-CSRF-Token", session.csrf());
        }
        boolean hasBody = method.equals("POST") || method.equals("PUT");
        b.header("Content-Type", path.equals("/login") || path.equals("/logout") || path.equals("/setup")
                ? "application/x-www-form-urlencoded" : "application/json");
        b.method(method, hasBody ? HttpRequest.BodyPublishers.ofString(path.startsWith("/api/") ? "{}" : "")
                : HttpRequest.BodyPublishers.noBody());
        // The body is not read: a live stream (/api/live) stays open, and the status line is all this needs.
        HttpResponse<InputStream> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
        r.body().close();
        return r.statusCode();
    }

    /** The status a WebSocket upgrade request gets (101 when accepted). */
    private int upgrade(String path, Staff.Session session) throws IOException {
        URI base = URI.create(gateway.baseUrl());
        try (Socket s = new Socket(base.getHost(), base.getPort())) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            out.write(("GET " + path + " HTTP/1.1\r\nHost: " + base.getHost() + ":" + base.getPort()
                    + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
                    + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                    + (session == null ? "" : "Cookie: " + session.cookieHeader() + "\r\n") + "\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            StringBuilder line = new StringBuilder();
            for (int c = in.read(); c != -1 && c != '\n'; c = in.read()) {
                line.append((char) c);
            }
            String[] parts = line.toString().split(" ");
            return parts.length > 1 ? Integer.parseInt(parts[1]) : -1;
        }
    }

    private static Staff.Session session(String user) {
        return SESSIONS.computeIfAbsent(user, u -> Staff.login(gateway.baseUrl(), u, Staff.PASSWORD));
    }

    private static URI uri(String path) {
        return URI.create(gateway.baseUrl() + path);
    }

    /**
     * Every endpoint of the gateway's classes: {@code "METHOD /path"} → whether it is a page (HTML). WebSocket
     * endpoints are {@code "WS /path"}.
     */
    static Map<String, Boolean> endpoints() throws IOException, ClassNotFoundException {
        Map<String, Boolean> out = new TreeMap<>();
        Path classes = Path.of("target/classes");
        List<Path> files;
        try (Stream<Path> walk = Files.walk(classes.resolve("org/smartclinic/gateway"))) {
            files = walk.filter(p -> p.toString().endsWith(".class") && !p.getFileName().toString().contains("$"))
                    .toList();
        }
        for (Path f : files) {
            String name = classes.relativize(f).toString().replace('/', '.').replaceAll("\\.class$", "");
            Class<?> c = Class.forName(name, false, AuthorizationMatrixIT.class.getClassLoader());
            jakarta.ws.rs.Path root = c.getAnnotation(jakarta.ws.rs.Path.class);
            io.quarkus.websockets.next.WebSocket ws = c.getAnnotation(io.quarkus.websockets.next.WebSocket.class);
            if (ws != null) {
                out.put("WS " + ws.path(), false);
            }
            if (root == null) {
                continue;
            }
            for (Method m : c.getDeclaredMethods()) {
                String verb = m.isAnnotationPresent(GET.class) ? "GET" : m.isAnnotationPresent(POST.class) ? "POST"
                        : m.isAnnotationPresent(PUT.class) ? "PUT" : m.isAnnotationPresent(DELETE.class) ? "DELETE"
                        : null;
                if (verb == null) {
                    continue;
                }
                jakarta.ws.rs.Path sub = m.getAnnotation(jakarta.ws.rs.Path.class);
                String path = join(root.value(), sub == null ? "" : sub.value());
                Produces produces = m.getAnnotation(Produces.class);
                boolean page = produces != null && List.of(produces.value()).contains("text/html");
                out.merge(verb + " " + path, page, Boolean::logicalOr);
            }
        }
        return out;
    }

    private static String join(String a, String b) {
        String p = ("/" + a + "/" + b).replaceAll("/+", "/");
        p = p.replaceAll("\\{([^:}]+):[^}]+}", "{$1}");
        return p.length() > 1 && p.endsWith("/") ? p.substring(0, p.length() - 1) : p;
    }
}
