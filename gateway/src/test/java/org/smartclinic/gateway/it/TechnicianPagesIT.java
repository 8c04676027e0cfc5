package org.smartclinic.gateway.it;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.support.ui.Select;
import org.smartclinic.drivers.Code;
import org.smartclinic.drivers.Measurement;
import org.smartclinic.drivers.Reading;
import org.smartclinic.drivers.Value;
import org.smartclinic.gateway.binding.BindingPolicy;
import org.smartclinic.gateway.binding.DeviceClock;
import org.smartclinic.gateway.journal.Journal;
import org.smartclinic.gateway.journal.JournalDatabase;
import org.smartclinic.simulator.device.bp.Bpm200Twin;
import org.smartclinic.simulator.fhir.FhirSandbox;

/**
 * The technician's pages in a real Chromium against the built gateway: adding a BPM-200 (its twin on a real
 * pseudo-terminal) from the driver catalogue, probing it and seeing its frames, saving it and seeing it connect
 * in the table; its page with the raw capture (control characters as {@code <CR>}, {@code <LF>}, hex toggle); the
 * dead letters page listing a reading the EHR mapping refused, discarded with a reason. Russian main flow, English
 * headings.
 */
class TechnicianPagesIT {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    static Path dir;

    private static FhirSandbox sandbox;
    private static GatewayProcess gateway;
    private static Bpm200Twin twin;
    private static Browser browser;
    private static long deadLetter;

    @BeforeAll
    static void start() throws IOException {
        sandbox = FhirSandbox.start(new FhirSandbox.Settings("127.0.0.1", 0, "/fhir", false));
        gateway = new GatewayProcess(dir.resolve("gateway"))
                .property("smartclinic.fhir.base-url", sandbox.baseUrl())
                .device("bp-file", "bpm200", "room-1", dir.resolve("dev/absent"))
                .start();
        sandbox.awaitReady(Duration.ofSeconds(60));
        deadLetter = produceDeadLetter();
        // Every 4th measurement with a bad checksum: the device page shows rejected frames with their reason.
        twin = Bpm200Twin.builder(dir.resolve("dev/bp-new")).interval(Duration.ofMillis(400)).count(1000)
                .badChecksumEvery(4).start();
        browser = new Browser("ru");
        logInAsTechnician();
    }

    /**
     * A reading whose unit nobody taught the mapper, journaled while the gateway is stopped (as a device link
     * would put it there), during an exam: the uplink keeps it as a dead letter with the reason.
     */
    private static long produceDeadLetter() {
        GatewayApi api = new GatewayApi(gateway.baseUrl());
        String exam = api.openExam("room-1", "patient-dead-letter");
        gateway.stop();
        Instant t = Instant.now().minusMillis(500);
        try (JournalDatabase db = JournalDatabase.open(gateway.dataDir().resolve("journal.db"))) {
            Reading pulse = new Reading("bp-file", "dead-1", t, t, List.of(Measurement.of(
                    Code.deviceCode("bpm200", "PR", "Pulse"), List.of(new Code(Code.LOINC, "8867-4", "Heart rate")),
                    new Value.Quantity(new BigDecimal("72"), "furlongs per fortnight"))), null, null, null);
            // The gateway's binding tolerance in these tests (GatewayProcess): 1 s.
            BindingPolicy policy = new BindingPolicy(new DeviceClock.Settings(Duration.ofSeconds(1),
                    Duration.ofMinutes(2), Duration.ofDays(7), Duration.ofMinutes(10)), Duration.ofHours(4), s -> false);
            new Journal(db, Clock.systemUTC(), policy).append("room-1", List.of(pulse)).join();
        }
        gateway.start();
        api.closeExam(exam);
        return await("the uplink gives the reading up").atMost(WAIT).until(() -> given().baseUri(gateway.baseUrl())
                .get("/api/outbox/dead-letters").then().statusCode(200).extract().jsonPath()
                .getList("item.id", Long.class), ids -> !ids.isEmpty()).getFirst();
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.close();
        }
        if (twin != null) {
            twin.close();
        }
        if (gateway != null) {
            gateway.close();
        }
        if (sandbox != null) {
            sandbox.close();
        }
    }

    /**
     * Logs the browser in as {@code technician}: a session from {@code POST /api/session}, its cookie given to the
     * browser on the gateway's origin. (The form login, {@link Browser#login}, timed out here once under load.)
     */
    private static void logInAsTechnician() {
        Staff.Session s = Staff.login(gateway.baseUrl(), Staff.TECHNICIAN, Staff.PASSWORD);
        browser.open(gateway.baseUrl() + "/login");
        browser.driver().manage().addCookie(new Cookie.Builder("sc_session", s.token()).path("/").isHttpOnly(true)
                .sameSite("Strict").build());
        browser.open(gateway.baseUrl() + "/tech");
        browser.awaitText("#current-user", Staff.TECHNICIAN, WAIT);
    }

    /** Brings the part of the page a screenshot is for into view. */
    private static void scrollTo(String css) {
        browser.driver().executeScript("arguments[0].scrollIntoView({block: 'start'})", browser.await(css));
    }

    private static String base() {
        return gateway.baseUrl();
    }

    @Test
    void technician_addsProbesAndSavesAnInstrument_seesItConnect_viewsItsCapture() {
        browser.open(base() + "/tech/devices/new");
        new Select(browser.await("#driver")).selectByValue("bpm200");
        new Select(browser.await("#transport")).selectByValue("serial");
        assertThat(browser.await("#field-serial-baudRate").getDomProperty("value")).as("the driver's default")
                .isEqualTo("9600");
        assertThat(browser.all("#field-tcp-host")).as("only the chosen transport's fields").isEmpty();
        browser.type("#field-serial-port", dir.resolve("dev/bp-new").toString());
        browser.type("#device-id", "bp-new");
        browser.type("#station", "room-5");
        browser.type("#serial-number", "SN-NEW-1");

        browser.click("#probe");
        browser.awaitText("#probe-message", "Связь есть", WAIT);
        assertThat(browser.await("#probe-frames").findElements(By.cssSelector(".ctl")))
                .extracting(e -> e.getText()).contains("<CR>", "<LF>");
        assertThat(browser.await("#probe-values").getText()).isNotBlank();
        scrollTo("#probe-result");
        browser.screenshot("tech-add-device");

        browser.click("#save");
        browser.awaitText("tr[data-device='bp-new'] .state", "подключён", WAIT);
        assertThat(browser.await("tr[data-device='bp-file'] .state").getText()).contains("ждёт повторной попытки")
                .contains("missing");
        assertThat(browser.await("tr[data-device='bp-file']").getText()).contains("из файла конфигурации");
        browser.awaitText("#refresh-state", "на связи", WAIT);
        browser.screenshot("tech-devices");

        await("a capture of bp-new").atMost(WAIT).until(() -> !given().baseUri(base())
                .get("/api/devices/bp-new/captures").then().statusCode(200).extract().jsonPath().getList("$").isEmpty());
        browser.open(base() + "/tech/devices/bp-new");
        browser.awaitText("#device-state", "подключён", WAIT);
        browser.awaitText("#rejects tbody", "bad_checksum", WAIT);
        assertThat(browser.await("#rejects tbody").findElements(By.cssSelector(".ctl"))).isNotEmpty();
        browser.click("#captures .view-capture");
        assertThat(browser.await("#capture-text").findElements(By.cssSelector(".ctl"))).extracting(e -> e.getText())
                .contains("<CR>", "<LF>");
        scrollTo("#capture-viewer");
        browser.screenshot("tech-device");
        browser.click("#hex-toggle");
        browser.awaitText("#capture-text", "0d 0a", WAIT);
        assertThat(browser.await("#hex-toggle").getDomAttribute("aria-pressed")).isEqualTo("true");
        assertThat(browser.await("#capture-download").getDomAttribute("href")).matches("/api/captures/\\d+/raw");
        assertThat(browser.await("#edit").isDisplayed()).as("an API device is edited on its page").isTrue();

        JsonPath saved = given().baseUri(base()).get("/api/devices/bp-new").then().statusCode(200).extract().jsonPath();
        assertThat(saved.getString("source")).isEqualTo("api");
        assertThat(saved.getString("station")).isEqualTo("room-5");
        assertThat(saved.getString("address")).isEqualTo(dir.resolve("dev/bp-new") + "@9600");
    }

    @Test
    void wizard_badPort_showsTheServersWordsAndSavesNothing() {
        browser.open(base() + "/tech/devices/new");
        new Select(browser.await("#driver")).selectByValue("bpm200");
        browser.type("#field-serial-port", "ttyUSB0");
        browser.type("#device-id", "bp-bad");
        browser.type("#station", "room-5");
        browser.click("#save");
        browser.awaitText("#form-error", "serial.port is not valid", WAIT);
        assertThat(browser.driver().getCurrentUrl()).endsWith("/tech/devices/new");
        given().baseUri(base()).get("/api/devices/bp-bad").then().statusCode(404);
    }

    @Test
    void deadLetters_showTheAnswer_discardNeedsAReason_andIsRecorded() {
        browser.open(base() + "/tech/dead-letters");
        String row = "#dead-letters tr[data-item='" + deadLetter + "']";
        assertThat(browser.await(row).getText()).contains("furlongs per fortnight");
        browser.click(row + " .discard");
        browser.awaitText("#dead-error", "Укажите причину", WAIT);
        browser.type("#reason-" + deadLetter, "единица измерения неверна, внесено вручную в МИС");
        browser.screenshot("tech-dead-letters");
        browser.click(row + " .discard");
        browser.awaitText("#discards", "единица измерения неверна", WAIT);
        assertThat(browser.all(row)).isEmpty();

        JsonPath discards = given().baseUri(base()).get("/api/outbox/discards").then().statusCode(200).extract()
                .jsonPath();
        assertThat(discards.getLong("[0].outboxId")).isEqualTo(deadLetter);
        assertThat(discards.getString("[0].reason")).isEqualTo("единица измерения неверна, внесено вручную в МИС");
        assertThat(discards.getString("[0].lastError")).contains("furlongs per fortnight");
        assertThat(discards.getString("[0].actor")).as("who, from the session").isEqualTo(Staff.TECHNICIAN);
        given().baseUri(base()).contentType(ContentType.JSON).body(Map.of("reason", "again"))
                .post("/api/outbox/items/" + deadLetter + "/discard").then().statusCode(400);
        given().baseUri(base()).contentType(ContentType.JSON).body(Map.of())
                .post("/api/outbox/items/" + deadLetter + "/discard").then().statusCode(400);
        assertThat(given().baseUri(base()).get("/api/outbox").then().extract().jsonPath().getLong("counts.DISCARDED"))
                .isEqualTo(1);
    }

    @Test
    void pages_needTheTechnicianRole() {
        Staff.Session gp = Staff.login(base(), Staff.GP, Staff.PASSWORD);
        given().spec(gp.spec()).redirects().follow(false).get("/tech").then().statusCode(403);
        given().spec(gp.spec()).contentType(ContentType.JSON).body(Map.of("reason", "x"))
                .post("/api/outbox/items/" + deadLetter + "/discard").then().statusCode(403);
        given().spec(gp.spec()).get("/api/devices").then().statusCode(200);
    }

    @Test
    void englishHeadings() {
        browser.open(base() + "/lang?to=en&back=/tech");
        browser.awaitText("h1", "Instruments", WAIT);
        browser.open(base() + "/tech/dead-letters");
        browser.awaitText("h1", "Dead letters", WAIT);
        browser.open(base() + "/tech/devices/new");
        browser.awaitText("h1", "Add instrument", WAIT);
        browser.open(base() + "/lang?to=ru&back=/tech");
        browser.awaitText("h1", "Приборы", WAIT);
    }
}
