package org.smartclinic.gateway.it;

import static io.restassured.RestAssured.given;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.restassured.RestAssured;
import io.restassured.builder.RequestSpecBuilder;
import io.restassured.filter.Filter;
import io.restassured.filter.FilterContext;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.FilterableRequestSpecification;
import io.restassured.specification.FilterableResponseSpecification;
import io.restassured.specification.RequestSpecification;

import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Staff accounts for tests, made the way a clinic makes them: the first admin through the one-time setup code the
 * gateway writes to its data folder, the others by that admin through {@code /api/users}. {@link #bootstrap} makes
 * {@code gp}, {@code technician}, {@code admin} and {@code staff} (all three roles), all with {@link #PASSWORD}, and
 * logs RestAssured's requests to that gateway in as {@code staff}, cookie and CSRF header included, unless a request
 * sets its own session cookie. Tests that check refusals make their requests without RestAssured's defaults
 * ({@code AuthorizationMatrixIT}).
 */
public final class Staff {

    public static final String PASSWORD = "correct horse battery staple";
    public static final String GP = "gp";
    public static final String TECHNICIAN = "technician";
    public static final String ADMIN = "admin";
    public static final String ALL_ROLES = "staff";

    /** The session RestAssured uses for each gateway, by host:port. */
    private static final Map<String, Session> DEFAULTS = new ConcurrentHashMap<>();

    static {
        RestAssured.filters(new DefaultSession());
    }

    private Staff() {
    }

    /** A logged-in session. */
    public record Session(String baseUrl, String user, String token, String csrf) {

        /** For a {@code Cookie} header. */
        public String cookieHeader() {
            return "sc_session=" + token;
        }

        /** RestAssured requests as this user on this gateway. */
        public RequestSpecification spec() {
            return new RequestSpecBuilder().setBaseUri(baseUrl).addCookie("sc_session", token)
                    .addHeader("X-CSRF-Token", csrf).build();
        }
    }

    /** Creates the accounts (once per data folder) and makes {@code staff} RestAssured's default on this gateway. */
    public static void bootstrap(String baseUrl, Path dataDir) {
        Path code = dataDir.resolve("setup-code");
        if (Files.exists(code)) {
            try {
                given().baseUri(baseUrl).contentType(ContentType.JSON).cookie("sc_session", "none")
                        .body(Map.of("code", Files.readString(code).trim(), "username", ADMIN, "displayName",
                                "Test Admin", "password", PASSWORD))
                        .post("/api/setup").then().statusCode(201);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        Session admin = login(baseUrl, ADMIN, PASSWORD);
        for (var account : Map.of(GP, List.of("gp"), TECHNICIAN, List.of("technician"), ALL_ROLES,
                List.of("gp", "technician", "admin")).entrySet()) {
            int status = given().spec(admin.spec()).contentType(ContentType.JSON)
                    .body(Map.of("username", account.getKey(), "password", PASSWORD, "roles", account.getValue()))
                    .post("/api/users").statusCode();
            if (status != 201 && status != 409) {
                throw new IllegalStateException("could not create test account " + account.getKey() + ": " + status);
            }
        }
        DEFAULTS.put(key(baseUrl), login(baseUrl, ALL_ROLES, PASSWORD));
    }

    /** For {@code @QuarkusTest} classes: the app under test, its data folder from its configuration. */
    public static void bootstrapQuarkusTest() {
        String base = "http://localhost:" + RestAssured.port;
        if (!DEFAULTS.containsKey(key(base))) {
            bootstrap(base, Path.of(ConfigProvider.getConfig().getValue("smartclinic.data-dir", String.class)));
        }
    }

    /** Logs {@code user} in through {@code POST /api/session}. */
    public static Session login(String baseUrl, String user, String password) {
        Response r = given().baseUri(baseUrl).contentType(ContentType.JSON).cookie("sc_session", "none")
                .body(Map.of("username", user, "password", password)).post("/api/session");
        if (r.statusCode() != 200) {
            throw new IllegalStateException("login as " + user + " failed: " + r.statusCode() + " " + r.asString());
        }
        return new Session(baseUrl, user, r.getCookie("sc_session"), r.jsonPath().getString("csrf"));
    }

    /** The default session RestAssured uses on this gateway (the {@code staff} account). */
    public static Session defaultSession(String baseUrl) {
        Session s = DEFAULTS.get(key(baseUrl));
        if (s == null) {
            throw new IllegalStateException("no staff session for " + baseUrl + ": call Staff.bootstrap first");
        }
        return s;
    }

    private static String key(String baseUrl) {
        URI u = URI.create(baseUrl);
        String host = "localhost".equals(u.getHost()) ? "127.0.0.1" : u.getHost();
        return host + ":" + u.getPort();
    }

    /** Adds the gateway's default session to a RestAssured request that has none of its own. */
    private static final class DefaultSession implements Filter {
        @Override
        public Response filter(FilterableRequestSpecification request, FilterableResponseSpecification response,
                FilterContext context) {
            if (!request.getCookies().hasCookieWithName("sc_session")) {
                Session s = DEFAULTS.get(key(request.getURI()));
                if (s != null) {
                    request.cookie("sc_session", s.token());
                    if (!request.getHeaders().hasHeaderWithName("X-CSRF-Token")) {
                        request.header("X-CSRF-Token", s.csrf());
                    }
                }
            }
            return context.next(request, response);
        }
    }
}
