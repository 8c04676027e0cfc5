package org.smartclinic.gateway.it;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.LongStream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.Cookie;
import org.smartclinic.gateway.live.LiveSocketClient;
import org.smartclinic.simulator.device.oximetry.Ox300Twin;
import org.smartclinic.simulator.fhir.FhirSandbox;

/**
 * The live WebSocket path end to end on real parts: the OX-300 twin streams over a real pty at 10× its real rate
 * into the gateway (its own process), viewers read {@code /ws/exams/{id}} and {@code /ws/devices/{id}} over real
 * sockets, readings go to the in-process FHIR sandbox. Proves: events come in sequence order; an exam's readings
 * come again when their status changes and its close ends the stream; a reconnect with {@code since} gets what
 * it missed exactly once; a viewer that stops reading is downsampled, then loses events (counted and told), then
 * is closed, while the device, the journal and a viewer that keeps up lose nothing.
 */
class LiveWebSocketIT {

    private static final Duration WAIT = Duration.ofSeconds(30);
    /** 10× the instrument's 25 frames/s: enough for a stalled viewer's buffers to fill within seconds. */
    private static final int FRAMES_PER_SECOND = 250;
    /** About 1 MB/s of JSON to each viewer. */
    private static final int HEAVY_FPS = 2000;

    @TempDir
    static Path dir;

    private static FhirSandbox sandbox;
    private static GatewayProcess gateway;
    private static GatewayApi api;
    private static Ox300Twin twin;
    private static final Map<String, String> SESSIONS = new ConcurrentHashMap<>();

    @BeforeAll
    static void start() throws Exception {
        sandbox = FhirSandbox.start(new FhirSandbox.Settings("127.0.0.1", 0, "/fhir", false));
        Path link = dir.resolve("dev/ox-1");
        twin = Ox300Twin.builder(link).framesPerSecond(FRAMES_PER_SECOND).spo2(97).pulse(70).seed(11).start();
        gateway = new GatewayProcess(dir.resolve("gateway"))
                .property("smartclinic.live.event-loops-yield", "true")
                .property("smartclinic.fhir.base-url", sandbox.baseUrl())
                .device("ox-1", "ox300", "room-1", link)
                .deviceProperty("ox-1", "options.interval", "1s")
                .property("smartclinic.live.replay-buffer", "5000")
                .device("ox-2", "ox300", "room-2", dir.resolve("dev/ox-2"))
                .property("smartclinic.live.stuck-after", "12s")
                .property("smartclinic.live.reconnect-grace", "1s")
                .start();
        api = new GatewayApi(gateway.baseUrl());
        sandbox.awaitReady(Duration.ofSeconds(60));
        await().atMost(WAIT).until(() -> "CONNECTED".equals(api.device("ox-1").getString("state")));
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

    /**
     * The session cookie of the role a stream is for: exams the GP's, devices the technician's. One login per role
     * for the whole class: logins are rate-limited.
     */
    private static Map<String, String> as(String path) {
        String user = path.startsWith("/ws/exams/") ? Staff.GP : Staff.TECHNICIAN;
        return Map.of("Cookie", SESSIONS.computeIfAbsent(user,
                u -> Staff.login(gateway.baseUrl(), u, Staff.PASSWORD).cookieHeader()));
    }

    private static LiveSocketClient viewer(String path) {
        return LiveSocketClient.reading(gateway.baseUrl(), path, as(path));
    }

    private static void assertStrictlyIncreasing(List<LiveSocketClient.Frame> events) {
        List<Long> seqs = events.stream().map(LiveSocketClient.Frame::seq).toList();
        assertThat(seqs).isSorted().doesNotHaveDuplicates();
    }

    @Test
    void examStream_readingsAgainOnEveryStatus_waveformsInOrder_closeSendsExamThenEnd() {
        String examId = api.openExam("room-1", "live-ws-1");
        try (LiveSocketClient gp = viewer("/ws/exams/" + examId)) {
            long readingId = await("a reading shown as stored, then again as sent").atMost(WAIT)
                    .until(() -> storedThenSent(gp), id -> id > 0);
            await().atMost(WAIT).until(() -> gp.events("waveform").size() >= 100);

            LiveSocketClient.Frame hello = gp.frames().getFirst();
            assertThat(hello.kind()).isEqualTo("hello");
            assertThat(hello.json().get("complete").asBoolean()).isTrue();
            assertStrictlyIncreasing(gp.events(null));
            assertThat(gp.events("reading")).allSatisfy(f -> {
                assertThat(f.json().get("device").asText()).isEqualTo("ox-1");
                assertThat(f.data().at("/binding/examId").asText()).isEqualTo(examId);
            });
            assertThat(gp.events("reading")).filteredOn(f -> f.data().get("id").asLong() == readingId)
                    .last().satisfies(f -> assertThat(f.data().at("/upload/state").asText()).isEqualTo("SENT"));
            assertEveryGapDeclared(gp);

            api.closeExam(examId);

            await().atMost(WAIT).until(gp::isClosed);
            List<LiveSocketClient.Frame> frames = gp.frames();
            LiveSocketClient.Frame end = frames.getLast();
            assertThat(end.kind()).isEqualTo("end");
            assertThat(end.json().get("reason").asText()).isEqualTo("closed");
            // A ping may come anywhere, also between the last event and the end.
            List<LiveSocketClient.Frame> beforeEnd = frames.subList(0, frames.size() - 1).stream()
                    .filter(f -> !f.kind().equals("ping")).toList();
            LiveSocketClient.Frame exam = beforeEnd.getLast();
            assertThat(exam.kind()).isEqualTo("exam");
            assertThat(exam.data().get("status").asText()).isEqualTo("CLOSED");
            assertThat(gp.closeCode()).isEqualTo(1000);
        } finally {
            api.closeExam(examId);
        }
    }

    /**
     * Readings delivered while nobody has watched their exam for longer than the reconnect grace (1 s here, 5 min by
     * default) are not shown live (the feed does not read them back), and a viewer who comes back from before them is
     * told to reload rather than given a replay that lacks their new state.
     */
    @Test
    void examNobodyWatches_deliveriesNotShownLive_aViewerBackFromBeforeIsToldToReload() {
        String examId = api.openExam("room-1", "live-ws-unwatched");
        try {
            long since;
            try (LiveSocketClient gp = viewer("/ws/exams/" + examId)) {
                await("a reading shown as sent").atMost(WAIT).until(() -> storedThenSent(gp), id -> id > 0);
                since = gp.lastSeq();
            }
            await("the viewer gone").atMost(WAIT).until(() -> metric("smartclinic_live_subscribers") == 0);
            long sent = api.outbox().getLong("counts.SENT");
            // ox-1 measures every second: at least one of three is delivered after the 1 s reconnect grace
            await("three more readings delivered while nobody watches").atMost(WAIT)
                    .until(() -> api.outbox().getLong("counts.SENT") >= sent + 3);

            try (LiveSocketClient back = viewer("/ws/exams/" + examId + "?since=" + since)) {
                await().atMost(WAIT).until(() -> !back.frames().isEmpty());
                LiveSocketClient.Frame hello = back.frames().getFirst();
                assertThat(hello.kind()).isEqualTo("hello");
                assertThat(hello.json().get("complete").asBoolean()).as("reload: deliveries went unshown").isFalse();
                await("watched again: a new reading shown as stored, then as sent").atMost(WAIT)
                        .until(() -> storedThenSent(back), id -> id > 0);
            }
        } finally {
            api.closeExam(examId);
        }
    }

    /**
     * Readings stored while nobody has watched their device for longer than the reconnect grace are not made into
     * live events (at full ingest that work was a sixth of what a device link allocated), and a viewer who comes back
     * from before them is told to reload rather than given a replay that lacks them.
     */
    @Test
    void deviceNobodyWatches_readingsNotPublished_aViewerBackFromBeforeIsToldToReload() {
        long since;
        try (LiveSocketClient technician = viewer("/ws/devices/ox-1")) {
            await("a reading shown live").atMost(WAIT).until(() -> !technician.events("reading").isEmpty());
            since = technician.lastSeq();
        }
        await("the viewer gone").atMost(WAIT).until(() -> metric("smartclinic_live_subscribers") == 0);
        long gone = System.nanoTime();
        // what is stored within the 1 s reconnect grace is still published, for a viewer coming back at once
        await("the reconnect grace over").atMost(WAIT).until(() -> System.nanoTime() - gone > 1_500_000_000L);
        double stored = metric("smartclinic_readings_total", "device=\"ox-1\"");
        await("two more readings stored while nobody watches").atMost(WAIT)
                .until(() -> metric("smartclinic_readings_total", "device=\"ox-1\"") >= stored + 2);

        try (LiveSocketClient back = viewer("/ws/devices/ox-1?since=" + since)) {
            await().atMost(WAIT).until(() -> !back.frames().isEmpty());
            LiveSocketClient.Frame hello = back.frames().getFirst();
            assertThat(hello.kind()).isEqualTo("hello");
            assertThat(hello.json().get("complete").asBoolean()).as("reload: readings went unpublished").isFalse();
            await("watched again: new readings shown live").atMost(WAIT)
                    .until(() -> !back.events("reading").isEmpty());
        }
    }

    /**
     * Pleth chunks come in order, and a chunk missing is never silent: the next one says how many were skipped
     * (downsampled), or a {@code dropped} frame came between (the viewer fell behind on this loaded machine).
     */
    private static void assertEveryGapDeclared(LiveSocketClient viewer) {
        LiveSocketClient.Frame previous = null;
        boolean droppedSince = false;
        for (LiveSocketClient.Frame f : viewer.frames()) {
            if ("dropped".equals(f.kind())) {
                droppedSince = true;
            } else if ("waveform".equals(f.kind())) {
                if (previous != null) {
                    long gap = f.data().get("chunk").asLong() - previous.data().get("chunk").asLong() - 1;
                    long skipped = f.json().path("skipped").asLong();
                    assertThat(gap).as("chunks after %s", previous.data().get("chunk")).isNotNegative();
                    if (droppedSince) {
                        assertThat(gap).isGreaterThanOrEqualTo(skipped);
                    } else {
                        assertThat(gap).as("gap before chunk %s", f.data().get("chunk")).isEqualTo(skipped);
                    }
                }
                previous = f;
                droppedSince = false;
            }
        }
    }

    /** The id of a reading the viewer got at least twice, the last time as sent to the EHR; 0 if none yet. */
    private static long storedThenSent(LiveSocketClient viewer) {
        Map<Long, List<String>> states = new HashMap<>();
        viewer.events("reading").forEach(f -> states.computeIfAbsent(f.data().get("id").asLong(),
                id -> new ArrayList<>()).add(f.data().at("/upload/state").asText()));
        return states.entrySet().stream().filter(e -> e.getValue().size() >= 2 && "SENT".equals(e.getValue().getLast()))
                .mapToLong(Map.Entry::getKey).findFirst().orElse(0);
    }

    /**
     * The gateway's event loops (pages, API, viewers) yield to its ingest path: Linux's idle scheduling class (5)
     * against the normal one (0), from /proc (thread names as Linux keeps them, at most 15 characters).
     */
    @Test
    void eventLoops_yieldTheCpuToTheDeviceLinksAndTheJournal() throws IOException {
        Map<String, List<Integer>> policyByName = new HashMap<>();
        try (var tasks = Files.list(Path.of("/proc", Long.toString(gateway.pid()), "task"))) {
            for (Path task : tasks.toList()) {
                String stat = Files.readString(task.resolve("stat"));
                String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')')).replaceAll("[0-9]+$", "");
                int policy = Integer.parseInt(stat.substring(stat.lastIndexOf(')') + 2).split(" ")[41 - 3]);
                policyByName.computeIfAbsent(name, n -> new ArrayList<>()).add(policy);
            }
        }
        assertThat(policyByName.get("vert.x-eventloo")).isNotEmpty().containsOnly(5);
        assertThat(policyByName.get("journal-writer")).containsOnly(0);
        assertThat(policyByName.get("link-ox-")).isNotEmpty().containsOnly(0);
    }

    @Test
    void closedExam_repliesHelloThenEnd_unknownExamIsRefused() {
        String examId = api.openExam("room-1", "live-ws-2");
        api.closeExam(examId);
        try (LiveSocketClient late = viewer("/ws/exams/" + examId);
                LiveSocketClient unknown = viewer("/ws/exams/no-such-exam")) {
            await().atMost(WAIT).until(() -> late.isClosed() && unknown.isClosed());

            // A keep-alive ping may come anywhere, also between the hello and the end (seen once in CI).
            assertThat(late.frames()).extracting(LiveSocketClient.Frame::kind).filteredOn(k -> !k.equals("ping"))
                    .containsExactly("hello", "end");
            assertThat(unknown.frames()).isEmpty();
            assertThat(unknown.closeCode()).isEqualTo(1008);
        }
    }

    @Test
    void reconnect_withSince_getsTheMissedEventsExactlyOnce_orIsToldItsStateIsIncomplete() {
        try (LiveSocketClient reference = viewer("/ws/devices/ox-1")) {
            long since;
            try (LiveSocketClient first = viewer("/ws/devices/ox-1")) {
                await().atMost(WAIT).until(() -> first.events("waveform").size() >= 20);
                since = first.lastSeq();
            }
            await().atMost(WAIT).until(() -> reference.lastSeq() >= since + 200);
            try (LiveSocketClient again = viewer("/ws/devices/ox-1?since=" + since)) {
                long upTo = reference.lastSeq();
                await().atMost(WAIT).until(() -> again.lastSeq() >= upTo);

                LiveSocketClient.Frame hello = again.frames().getFirst();
                assertThat(hello.kind()).isEqualTo("hello");
                assertThat(hello.json().get("complete").asBoolean()).isTrue();
                assertThat(hello.json().get("replayed").asInt()).isGreaterThanOrEqualTo(200);
                List<Long> missed = again.events(null).stream().map(LiveSocketClient.Frame::seq)
                        .filter(s -> s <= upTo).toList();
                List<Long> expected = reference.events(null).stream().map(LiveSocketClient.Frame::seq)
                        .filter(s -> s > since && s <= upTo).toList();
                assertThat(reference.controls("dropped")).as("the reference kept up").isEmpty();
                assertThat(missed).as("what the viewer missed, once each, in order").isEqualTo(expected);
                assertStrictlyIncreasing(again.events(null));
                assertThat(again.messages()).as("the replay came in batches (JSON arrays), not a message per event")
                        .isLessThan(again.events(null).size() / 2);
            }
        }
        try (LiveSocketClient fromTheFuture = viewer("/ws/devices/ox-1?since=999999999")) {
            await().atMost(WAIT).until(() -> !fromTheFuture.frames().isEmpty());
            LiveSocketClient.Frame hello = fromTheFuture.frames().getFirst();
            assertThat(hello.json().get("complete").asBoolean()).as("e.g. the gateway restarted: reload by REST")
                    .isFalse();
            assertThat(hello.json().get("replayed").asInt()).isZero();
        }
    }

    @Test
    void stalledViewer_isDownsampledThenDropsCounted_thenClosed_whileIngestAndOtherViewersCarryOn() throws Exception {
        // Socket buffers on loopback grow to megabytes: a heavy stream fills them within seconds.
        try (Ox300Twin heavy = Ox300Twin.builder(dir.resolve("dev/ox-2")).framesPerSecond(HEAVY_FPS).samplesPerFrame(32)
                .seed(3).start()) {
            await().atMost(WAIT).until(() -> "CONNECTED".equals(api.device("ox-2").getString("state")));
            stalledViewers(heavy);
        }
    }

    private static void stalledViewers(Ox300Twin heavy) {
        double overflowBefore = metric("smartclinic_live_socket_lost_total", "reason=\"overflow\"");
        double stuckBefore = metric("smartclinic_live_socket_closed_stuck_total");
        try (LiveSocketClient keepsUp = viewer("/ws/devices/ox-2");
                LiveSocketClient slow = LiveSocketClient.paused(gateway.baseUrl(), "/ws/devices/ox-2",
                        as("/ws/devices/ox-2"));
                LiveSocketClient stuck = LiveSocketClient.paused(gateway.baseUrl(), "/ws/devices/ox-2",
                        as("/ws/devices/ox-2"))) {
            long sentBefore = heavy.stats().dataFrames();
            long decodedBefore = api.device("ox-2").getLong("framesAccepted");

            await("the stalled viewers' queues overflow").atMost(WAIT)
                    .until(() -> metric("smartclinic_live_socket_lost_total", "reason=\"overflow\"") > overflowBefore);
            assertThat(metric("smartclinic_live_socket_queued")).as("memory per viewer bounded by its queue")
                    .isLessThanOrEqualTo(3 * 512);
            slow.resume();
            await().atMost(WAIT).until(() -> !slow.controls("dropped").isEmpty());
            LiveSocketClient.Frame dropped = slow.controls("dropped").getFirst();
            assertThat(dropped.json().get("count").asLong()).isPositive();
            await("waveforms thinned, and said so").atMost(WAIT).until(() -> slow.events("waveform").stream()
                    .anyMatch(f -> f.json().path("downsampled").asInt() >= 2 && f.json().path("skipped").asInt() >= 1));
            assertStrictlyIncreasing(slow.events(null));

            await("the viewer that never reads is closed").atMost(WAIT)
                    .until(() -> metric("smartclinic_live_socket_closed_stuck_total") > stuckBefore);
            long sent = heavy.stats().dataFrames() - sentBefore;
            long decoded = api.device("ox-2").getLong("framesAccepted") - decodedBefore;
            assertThat(decoded).as("the device was not slowed: decoded %d of %d sent", decoded, sent)
                    .isGreaterThanOrEqualTo(sent - HEAVY_FPS);
            assertThat(api.device("ox-2").getLong("traffic.bytesDropped")).isZero();
            assertEveryGapDeclared(keepsUp);
            assertThat(keepsUp.events("waveform").size()).as("the viewer that reads was not held back by the others")
                    .isGreaterThan(slow.events("waveform").size());
        }
    }

    /** Loads live.js in Chromium on a gateway page, with the socket it opens kept where the test can cut it. */
    private static final String START_LIVE_JS = """
            const done = arguments[arguments.length - 1];
            const texts = document.createElement('script');
            texts.type = 'application/json';
            texts.id = 'texts';
            texts.textContent = JSON.stringify({'common.live': 'на связи', 'common.reconnecting': 'переподключение…',
                'common.behind': '{0} с задержки', 'common.offline': 'нет связи'});
            document.head.appendChild(texts);
            const conn = document.createElement('span');
            conn.className = 'conn';
            conn.id = 'conn';
            document.body.appendChild(conn);
            const Socket = window.WebSocket;
            window.sockets = [];
            window.WebSocket = class extends Socket {
              constructor(...args) { super(...args); window.sockets.push(this); }
            };
            window.seen = { chunks: [], seqs: [], states: [], controls: [] };
            import('/static/js/live.js').then((live) => {
              window.live = live.connect('/ws/devices/ox-1', {
                onEvent(ev) {
                  window.seen.seqs.push(ev.seq);
                  if (ev.kind === 'waveform') window.seen.chunks.push(ev.data.chunk);
                },
                onControl(c) { window.seen.controls.push(c.kind); },
                onState(state, behind) { window.seen.states.push(state); live.renderState(conn, state, behind); },
              });
              done(true);
            }, (e) => done(String(e)));
            """;

    /** What the page's live.js callbacks recorded under {@code what}, as strings. */
    private static List<String> seen(Browser browser, String what) {
        List<?> values = (List<?>) browser.driver().executeScript("return window.seen." + what + ".slice();");
        return values.stream().map(String::valueOf).toList();
    }

    @Test
    void liveJs_inChromium_isLive_andAfterTheLineDropsReconnectsWithSinceWithoutGapOrDuplicate() {
        try (Browser browser = new Browser("ru")) {
            browser.open(gateway.baseUrl() + "/q/health/live");
            String[] cookie = as("/ws/devices/ox-1").get("Cookie").split("=", 2);
            browser.driver().manage().addCookie(new Cookie(cookie[0], cookie[1]));
            assertThat(browser.driver().executeAsyncScript(START_LIVE_JS)).isEqualTo(true);
            browser.awaitText("#conn", "на связи", WAIT);
            await().atMost(WAIT).until(() -> seen(browser, "chunks").size() >= 50);
            assertThat(browser.driver().findElement(org.openqa.selenium.By.id("conn")).getAttribute("data-state"))
                    .isEqualTo("live");

            browser.driver().executeScript("window.sockets[0].close();");
            await().atMost(WAIT).until(() -> seen(browser, "controls").stream()
                    .filter("hello"::equals).count() >= 2 && seen(browser, "chunks").size() >= 150);

            List<String> states = seen(browser, "states");
            assertThat(states).containsSubsequence("live", "reconnecting", "live");
            assertThat((String) browser.driver().executeScript("return window.sockets[1].url;")).contains("since=");
            List<Long> chunks = seen(browser, "chunks").stream().map(Long::valueOf).toList();
            assertThat(chunks).as("each pleth chunk once, none missing across the reconnect")
                    .isEqualTo(LongStream.range(0, chunks.size()).map(i -> chunks.getFirst() + i).boxed().toList());
            assertThat(seen(browser, "seqs").stream().map(Long::valueOf).toList()).isSorted()
                    .doesNotHaveDuplicates();
        }
    }

    /** A meter's value from /q/metrics, with or without labels; 0 when absent. */
    private static double metric(String name, String... labels) {
        String text = given().baseUri(gateway.baseUrl()).get("/q/metrics").then().statusCode(200).extract().asString();
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name) + "(\\{[^}]*\\})?\\s+(\\S+)$").matcher(text);
        double sum = 0;
        while (m.find()) {
            String found = m.group(1) == null ? "" : m.group(1);
            boolean match = true;
            for (String label : labels) {
                match &= found.contains(label);
            }
            if (match) {
                sum += Double.parseDouble(m.group(2));
            }
        }
        return sum;
    }
}
