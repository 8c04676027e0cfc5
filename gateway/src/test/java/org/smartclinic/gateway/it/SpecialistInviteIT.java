package org.smartclinic.gateway.it;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

import org.hl7.fhir.r4.model.AuditEvent;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.smartclinic.simulator.device.oximetry.Ox300Twin;
import org.smartclinic.simulator.fhir.FhirSandbox;

/**
 * Specialist invites on real parts: the gateway as its own process, the OX-300 twin streaming over a real pty, the
 * in-process FHIR sandbox as the EHR, and a real WebSocket client holding only the link's token. The GP's API makes,
 * lists and revokes invites; the stream carries the pleth and replays what a dropped client missed without
 * duplicates; revocation and expiry end a running stream and refuse every later use; every use is audited on the
 * EHR as an AuditEvent, once.
 */
class SpecialistInviteIT {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;

    private static FhirSandbox sandbox;
    private static GatewayProcess gateway;
    private static Ox300Twin twin;
    private static GatewayApi api;
    private static String examId;

    @BeforeAll
    static void start() throws Exception {
        sandbox = FhirSandbox.start(new FhirSandbox.Settings("127.0.0.1", 0, "/fhir", true));
        Path link = dir.resolve("dev/ox-1");
        twin = Ox300Twin.builder(link).serial("OX3-SPEC-1").spo2(97).pulse(66).seed(3).start();
        gateway = new GatewayProcess(dir.resolve("gateway"))
                .property("smartclinic.fhir.base-url", sandbox.baseUrl())
                .property("smartclinic.invites.min-validity", "2s")
                // The clinic's zone, so the page shows times as a Moscow clinic reads them.
                .property("smartclinic.web.zone", "Europe/Moscow")
                .device("ox-1", "ox300", "room-3", link)
                .deviceProperty("ox-1", "options.interval", "1s")
                .start();
        api = new GatewayApi(gateway.baseUrl());
        sandbox.awaitReady(Duration.ofSeconds(60));
        await().atMost(WAIT).until(() -> "CONNECTED".equals(api.device("ox-1").getString("state")));
        examId = api.openExam("room-3", "spec-patient-1");
    }

    @AfterAll
    static void stop() {
        if (gateway != null) {
            gateway.close();
        }
        if (twin != null) {
            twin.close();
        }
        if (sandbox != null) {
            sandbox.close();
        }
    }

    private static JsonPath invite(String label, Map<String, Object> validity) {
        Map<String, Object> body = new java.util.HashMap<>(validity);
        body.put("label", label);
        return given().baseUri(gateway.baseUrl()).contentType(ContentType.JSON).body(body)
                .post("/api/exams/" + examId + "/invites").then().statusCode(201).extract().jsonPath();
    }

    private static String token(JsonPath invite) {
        String url = invite.getString("url");
        return url.substring(url.indexOf("/s/") + 3);
    }

    private static void revoke(String inviteId) {
        given().baseUri(gateway.baseUrl()).contentType(ContentType.JSON).body(Map.of("reason", "sent to the wrong"
                + " address")).post("/api/invites/" + inviteId + "/revoke").then().statusCode(200);
    }

    @Test
    void api_createListAndBounds_linkPerInviteAndClearRefusals() {
        JsonPath created = invite("Dr. Ivanova, cardiology", Map.of("validityMinutes", 30));

        assertThat(created.getString("url")).startsWith(gateway.baseUrl() + "/s/");
        assertThat(created.getString("status")).isEqualTo("ACTIVE");
        List<Map<String, Object>> listed = given().baseUri(gateway.baseUrl()).get("/api/exams/" + examId + "/invites")
                .then().statusCode(200).extract().jsonPath().getList("$");
        assertThat(listed).extracting(m -> m.get("id")).contains(created.getString("id"));
        assertThat(listed).filteredOn(m -> m.get("id").equals(created.getString("id")))
                .singleElement().satisfies(m -> assertThat(m.get("url")).isEqualTo(created.getString("url")));
        given().baseUri(gateway.baseUrl()).contentType(ContentType.JSON).body(Map.of("label", "x",
                "validityMinutes", 1441)).post("/api/exams/" + examId + "/invites").then().statusCode(400);
        given().baseUri(gateway.baseUrl()).contentType(ContentType.JSON).body(Map.of("validityMinutes", 10))
                .post("/api/exams/" + examId + "/invites").then().statusCode(400);
        given().baseUri(gateway.baseUrl()).contentType(ContentType.JSON).body(Map.of("label", "x"))
                .post("/api/exams/no-such-exam/invites").then().statusCode(404);
        given().baseUri(gateway.baseUrl()).contentType(ContentType.JSON).body(Map.of("reason", "x"))
                .post("/api/invites/inv-404/revoke").then().statusCode(404);
    }

    @Test
    void stream_tokenOnly_plethLive_reconnectReplaysTheMissedChunksWithoutDuplicates() throws Exception {
        String token = token(invite("Dr. Petrov", Map.of()));
        List<JsonNode> first;
        try (Socket ws = Socket.open(gateway.baseUrl(), token, 0)) {
            await().atMost(WAIT).until(() -> ws.events("waveform").size() >= 20);
            assertThat(ws.frames().getFirst().get("kind").asText()).isEqualTo("hello");
            first = ws.events(null);
        }
        long last = first.stream().mapToLong(e -> e.get("seq").asLong()).max().orElseThrow();
        // The stream goes on while the client is away: wait until the gateway has published more of it.
        try (LiveClient meanwhile = LiveClient.reading(gateway.baseUrl(), "device=ox-1")) {
            await().atMost(WAIT).until(() -> meanwhile.events("waveform").size() >= 25);
        }
        try (Socket ws = Socket.open(gateway.baseUrl(), token, last)) {
            await().atMost(WAIT).until(() -> ws.control("hello") != null);
            JsonNode hello = ws.control("hello");
            assertThat(hello.get("complete").asBoolean()).isTrue();
            assertThat(hello.get("replayed").asInt()).isGreaterThanOrEqualTo(25);
            await().atMost(WAIT).until(() -> ws.events("waveform").size() >= hello.get("replayed").asInt() + 10);

            List<JsonNode> second = ws.events(null);
            assertThat(second).allSatisfy(e -> assertThat(e.get("seq").asLong()).isGreaterThan(last));
            List<Long> chunks = java.util.stream.Stream.concat(first.stream(), second.stream())
                    .filter(e -> e.get("kind").asText().equals("waveform"))
                    .map(e -> e.get("data").get("chunk").asLong()).toList();
            assertThat(chunks).as("every chunk once, in order, none missing across the drop")
                    .isEqualTo(LongStream.range(chunks.getFirst(), chunks.getFirst() + chunks.size()).boxed().toList());
            Set<Long> seqs = new HashSet<>();
            assertThat(java.util.stream.Stream.concat(first.stream(), second.stream()))
                    .allSatisfy(e -> assertThat(seqs.add(e.get("seq").asLong())).isTrue());
        }
    }

    @Test
    void revoke_duringSession_endRevokedThenEveryUseRefusedAndAudited() throws Exception {
        JsonPath created = invite("Dr. Sidorova", Map.of());
        String token = token(created);
        try (Socket ws = Socket.open(gateway.baseUrl(), token, 0)) {
            await().atMost(WAIT).until(() -> ws.events("waveform").size() >= 3);
            revoke(created.getString("id"));
            await().atMost(Duration.ofSeconds(5)).until(() -> ws.control("end") != null);
            assertThat(ws.control("end").get("reason").asText()).isEqualTo("revoked");
            await().atMost(Duration.ofSeconds(5)).until(ws::closed);
        }
        try (Socket again = Socket.open(gateway.baseUrl(), token, 0)) {
            await().atMost(WAIT).until(() -> again.control("end") != null);
            assertThat(again.control("end").get("reason").asText()).isEqualTo("revoked");
            assertThat(again.events(null)).isEmpty();
        }
        given().baseUri(gateway.baseUrl()).get("/s/" + token).then().statusCode(410);
        given().baseUri(gateway.baseUrl()).get("/s/" + token + "/data").then().statusCode(410);

        List<Map<String, Object>> accesses = given().baseUri(gateway.baseUrl())
                .get("/api/exams/" + examId + "/invites/" + created.getString("id") + "/accesses").then()
                .statusCode(200).extract().jsonPath().getList("$");
        assertThat(accesses).extracting(a -> a.get("access") + ":" + a.get("refusal"))
                .containsExactly("live:null", "live:revoked", "page:revoked", "data:revoked");
        for (Map<String, Object> a : accesses) {
            String id = "demo-clinic-access-" + a.get("id");
            AuditEvent event = await("AuditEvent " + id).atMost(WAIT).until(() -> sandboxAudit(id), e -> e != null);
            assertThat(event.getOutcome().toCode()).isEqualTo(a.get("refusal") == null ? "0" : "4");
            assertThat(event.getAgentFirstRep().getWho().getDisplay()).isEqualTo("Dr. Sidorova");
        }
    }

    @Test
    void expiry_duringSession_endExpired_thenRefused() throws Exception {
        String token = token(invite("Dr. Short", Map.of("validitySeconds", 3)));
        try (Socket ws = Socket.open(gateway.baseUrl(), token, 0)) {
            await().atMost(WAIT).until(() -> ws.control("end") != null);
            assertThat(ws.control("end").get("reason").asText()).isEqualTo("expired");
            assertThat(ws.events("waveform")).isNotEmpty();
        }
        given().baseUri(gateway.baseUrl()).get("/s/" + token).then().statusCode(410);
    }

    @Test
    void badToken_pageNotFound_streamEndsInvalid_nothingOfTheExam() throws Exception {
        String token = token(invite("Dr. Tampered", Map.of()));
        String tampered = token.substring(0, token.length() - 2) + (token.endsWith("AA") ? "BA" : "AA");

        String body = given().baseUri(gateway.baseUrl()).get("/s/" + tampered).then().statusCode(404).extract()
                .asString();
        assertThat(body).doesNotContain("spec-patient-1").doesNotContain(examId);
        given().baseUri(gateway.baseUrl()).get("/s/garbage/data").then().statusCode(404);
        try (Socket ws = Socket.open(gateway.baseUrl(), tampered, 0)) {
            await().atMost(WAIT).until(() -> ws.control("end") != null);
            assertThat(ws.control("end").get("reason").asText()).isEqualTo("invalid");
            assertThat(ws.events(null)).isEmpty();
        }
    }

    private static AuditEvent sandboxAudit(String id) {
        return new Ehr(sandbox.baseUrl()).auditEvents().stream()
                .filter(e -> e.getIdElement().getIdPart().equals(id)).findFirst().orElse(null);
    }

    /** A WebSocket client on {@code /ws/invites/<token>} keeping every frame it receives. */
    static final class Socket implements WebSocket.Listener, AutoCloseable {

        private final List<JsonNode> frames = new CopyOnWriteArrayList<>();
        private final StringBuilder partial = new StringBuilder();
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private volatile boolean closed;
        private WebSocket socket;

        static Socket open(String baseUrl, String token, long since) throws Exception {
            Socket s = new Socket();
            String ws = baseUrl.replaceFirst("^http", "ws") + "/ws/invites/" + token + "?since=" + since;
            s.socket = HttpClient.newHttpClient().newWebSocketBuilder().buildAsync(URI.create(ws), s)
                    .get(10, TimeUnit.SECONDS);
            return s;
        }

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            partial.append(data);
            return received(ws, last);
        }

        /** Event messages are binary messages of UTF-8 JSON (docs/live-bus.md). */
        @Override
        public CompletionStage<?> onBinary(WebSocket ws, ByteBuffer data, boolean last) {
            byte[] chunk = new byte[data.remaining()];
            data.get(chunk);
            bytes.write(chunk, 0, chunk.length);
            if (last) {
                partial.append(bytes.toString(StandardCharsets.UTF_8));
                bytes.reset();
            }
            return received(ws, last);
        }

        private CompletionStage<?> received(WebSocket ws, boolean last) {
            if (last) {
                try {
                    JsonNode message = JSON.readTree(partial.toString());
                    // Events queued together arrive as one message, a JSON array of them.
                    if (message.isArray()) {
                        message.forEach(frames::add);
                    } else {
                        frames.add(message);
                    }
                } catch (Exception e) {
                    throw new IllegalStateException("not JSON: " + partial, e);
                }
                partial.setLength(0);
            }
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
            closed = true;
            return null;
        }

        @Override
        public void onError(WebSocket ws, Throwable error) {
            closed = true;
        }

        List<JsonNode> frames() {
            return List.copyOf(frames);
        }

        /** Events (frames with a seq, not hello) of {@code kind}, or all when null. */
        List<JsonNode> events(String kind) {
            return frames.stream().filter(f -> f.has("seq") && !f.get("kind").asText().equals("hello"))
                    .filter(f -> kind == null || f.get("kind").asText().equals(kind)).toList();
        }

        JsonNode control(String kind) {
            return frames.stream().filter(f -> f.get("kind").asText().equals(kind)).findFirst().orElse(null);
        }

        boolean closed() {
            return closed;
        }

        @Override
        public void close() {
            if (!closed) {
                socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").orTimeout(5, TimeUnit.SECONDS)
                        .exceptionally(e -> null).join();
                socket.abort();
            }
        }
    }
}
