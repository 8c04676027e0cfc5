package org.smartclinic.gateway.it;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.restassured.http.ContentType;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.smartclinic.simulator.device.bp.Bpm200Twin;
import org.smartclinic.simulator.device.oximetry.Ox300Twin;
import org.smartclinic.simulator.fhir.FhirSandbox;

/**
 * The remote specialist's view in real Chromium: the GP invites a specialist to an exam during which the OX-300
 * twin streams and the BPM-200 twin measures once; a browser that never logged in opens the link and sees the
 * patient banner, the blood pressure tile and the pleth being drawn, in Russian (and the headings in English in a
 * second browser). When the GP revokes the invite the open page says so and stops; a revoked, an expired and a
 * damaged link are refused with a plain page that shows nothing of the exam.
 */
class SpecialistViewIT {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    static Path dir;

    private static FhirSandbox sandbox;
    private static GatewayProcess gateway;
    private static Ox300Twin oximeter;
    private static String examId;

    @BeforeAll
    static void start() throws Exception {
        sandbox = FhirSandbox.start(new FhirSandbox.Settings("127.0.0.1", 0, "/fhir", true));
        Path ox = dir.resolve("dev/ox-1");
        oximeter = Ox300Twin.builder(ox).serial("OX3-VIEW-1").spo2(96).pulse(72).seed(9).start();
        gateway = new GatewayProcess(dir.resolve("gateway"))
                .property("smartclinic.fhir.base-url", sandbox.baseUrl())
                .property("smartclinic.invites.min-validity", "2s")
                // The clinic's zone, so the page shows times as a Moscow clinic reads them.
                .property("smartclinic.web.zone", "Europe/Moscow")
                .device("ox-1", "ox300", "room-3", ox)
                .deviceProperty("ox-1", "options.interval", "1s")
                .device("bp-1", "bpm200", "room-3", dir.resolve("dev/bp-1"))
                .start();
        GatewayApi api = new GatewayApi(gateway.baseUrl());
        sandbox.awaitReady(Duration.ofSeconds(60));
        await().atMost(WAIT).until(() -> "CONNECTED".equals(api.device("ox-1").getString("state")));
        String patientId = given().baseUri(gateway.baseUrl()).contentType(ContentType.JSON).body(Map.of(
                "identifiers", List.of(Map.of("system", "snils", "value", "123-456-789 00")), "family", "Иванова",
                "given", "Мария Петровна", "birthDate", "1978-05-14", "gender", "female")).post("/api/patients")
                .then().statusCode(201).extract().path("patient.id");
        examId = given().baseUri(gateway.baseUrl()).contentType(ContentType.JSON).body(Map.of("station", "room-3",
                "patientId", patientId)).post("/api/exams").then().statusCode(201).extract().path("id");
        GatewayApi.awaitBindable();
        try (Bpm200Twin bp = Bpm200Twin.builder(dir.resolve("dev/bp-1")).interval(Duration.ofMillis(100))
                .script(List.of(new Bpm200Twin.BpValues(128, 82, 97, 71))).count(1).start()) {
            assertThat(bp.awaitAcked(1, WAIT)).isTrue();
        }
        await().atMost(WAIT).until(() -> !api.readings("exam=" + examId + "&device=bp-1").isEmpty());
    }

    @AfterAll
    static void stop() {
        if (gateway != null) {
            gateway.close();
        }
        if (oximeter != null) {
            oximeter.close();
        }
        if (sandbox != null) {
            sandbox.close();
        }
    }

    private static Map<String, Object> invite(Map<String, Object> body) {
        return given().baseUri(gateway.baseUrl()).contentType(ContentType.JSON).body(body)
                .post("/api/exams/" + examId + "/invites").then().statusCode(201).extract().jsonPath().getMap("$");
    }

    private static long plethSamples(Browser b) {
        Object n = b.driver().executeScript("const c = document.querySelector('.wave[data-kind=\"pleth\"] canvas');"
                + " return c && c.dataset.samples ? Number(c.dataset.samples) : 0;");
        return ((Number) n).longValue();
    }

    @Test
    void inviteLink_showsTheLiveExam_thenSaysRevokedAndStops() {
        Map<String, Object> invite = invite(Map.of("label", "Д-р Петров, кардиолог", "validityMinutes", 60));
        String url = (String) invite.get("url");
        try (Browser ru = new Browser("ru")) {
            ru.open(url);
            // awaitText looks the element up again each time: the page redraws from its data once it is live.
            ru.awaitText("#banner .family", "ИВАНОВА", WAIT);
            ru.awaitText("#banner .identifier", "123-456-789 00", WAIT);
            ru.awaitText(".tile[data-code=\"85354-9\"] .value", "128", WAIT);
            ru.awaitText(".tile[data-code=\"85354-9\"] .value", "82", WAIT);
            ru.await(".wave[data-kind=\"pleth\"] canvas");
            new WebDriverWait(ru.driver(), WAIT).until(d -> plethSamples(ru) > 100);
            ru.await("#conn[data-state=\"live\"]");
            assertThat(ru.await("#results-heading").getText()).isEqualTo("Результаты осмотра");
            assertThat(ru.await("#invite-expiry").getText()).startsWith("Приглашение действует до");
            ru.screenshot("specialist-view");

            try (Browser en = new Browser("en")) {
                en.open(url);
                assertThat(en.await("#results-heading").getText()).isEqualTo("Exam results");
                assertThat(en.await("#waves-heading").getText()).isEqualTo("Live waveforms");
                en.await(".tile[data-code=\"85354-9\"]");
            }

            given().baseUri(gateway.baseUrl()).contentType(ContentType.JSON).body(Map.of("reason",
                    "консультация окончена")).post("/api/invites/" + invite.get("id") + "/revoke").then()
                    .statusCode(200);
            ru.awaitText("#ended", "отозвано", Duration.ofSeconds(10));
            ru.await("#specialist[data-ended=\"revoked\"]");
            ru.await("#conn[data-state=\"offline\"]");
            ru.screenshot("specialist-revoked");

            ru.open(url);
            assertThat(ru.await("#specialist-refused[data-reason=\"revoked\"]").getText()).contains("отозвано");
            assertThat(ru.all("#banner")).isEmpty();
        }
    }

    @Test
    void expiredOrDamagedLink_plainRefusalWithNothingOfTheExam() {
        Map<String, Object> invite = invite(Map.of("label", "Dr. Brief", "validitySeconds", 2));
        String url = (String) invite.get("url");
        await("the link expires").atMost(WAIT).until(() -> given().baseUri(gateway.baseUrl())
                .get(url.substring(url.indexOf("/s/"))).statusCode() == 410);
        try (Browser ru = new Browser("ru")) {
            ru.open(url);
            assertThat(ru.await("#specialist-refused[data-reason=\"expired\"]").getText()).contains("истёк");
            assertThat(ru.driver().getPageSource()).doesNotContain("Иванова").doesNotContain(examId);

            ru.open(url.substring(0, url.length() - 3) + "xyz");
            assertThat(ru.await("#specialist-refused[data-reason=\"invalid\"]").getText())
                    .contains("Такого приглашения нет");
        }
    }
}
