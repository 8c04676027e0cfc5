package org.smartclinic.gateway.it;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.assertj.core.data.Offset;

import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DiagnosticReport;
import org.hl7.fhir.r4.model.Observation;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.smartclinic.simulator.device.bp.Bpm200Twin;
import org.smartclinic.simulator.device.oximetry.Ox300Twin;
import org.smartclinic.gateway.web.gp.GpConsolePage;
import org.smartclinic.simulator.fhir.FhirSandbox;

/**
 * The GP console in a real Chromium against the gateway as users run it (its own process), with a BPM-200 twin
 * and an OX-300 twin on real ptys at the GP's station and the FHIR sandbox as the EHR. The GP registers a patient
 * and opens the exam, sees the blood pressure arrive as a tile and the pleth drawn live with its numerics, assigns
 * a reading measured before the exam opened (with a reason), prints sample labels and closes the exam with a
 * conclusion; the EHR then holds the exam's Observations and the report with that conclusion. In Russian, the
 * clinic's language; the headings are checked in English too.
 */
class GpConsoleIT {

    private static final Duration DELIVERY = Duration.ofSeconds(30);
    private static final String STATION = "room-1";

    @TempDir
    static Path dir;

    private static FhirSandbox sandbox;
    private static GatewayProcess gateway;
    private static GatewayApi api;
    private static Ehr ehr;

    @BeforeAll
    static void start() {
        sandbox = FhirSandbox.start(new FhirSandbox.Settings("127.0.0.1", 0, "/fhir", true));
        gateway = new GatewayProcess(dir.resolve("gateway"))
                .property("smartclinic.fhir.base-url", sandbox.baseUrl())
                .property("smartclinic.stations.room-1.name", "Кабинет 1")
                // The clinic's zone, so the pages show times as a Moscow clinic reads them.
                .property("smartclinic.web.zone", "Europe/Moscow")
                .device("bp-1", "bpm200", STATION, dir.resolve("dev/bp-1"))
                .device("ox-1", "ox300", STATION, dir.resolve("dev/ox-1"))
                .deviceProperty("ox-1", "options.interval", "2s")
                .device("bp-2", "bpm200", "room-2", dir.resolve("dev/bp-2"))
                .device("bp-3", "bpm200", "room-3", dir.resolve("dev/bp-3"))
                .property("smartclinic.stations.room-3.review", "confirm")
                .start();
        api = new GatewayApi(gateway.baseUrl());
        ehr = new Ehr(sandbox.baseUrl());
        sandbox.awaitReady(Duration.ofSeconds(60));
    }

    @AfterAll
    static void stop() {
        if (gateway != null) {
            gateway.close();
        }
        if (sandbox != null) {
            sandbox.close();
        }
    }

    private static Bpm200Twin measure(String device, Bpm200Twin.BpValues values) throws Exception {
        Bpm200Twin twin = Bpm200Twin.builder(dir.resolve("dev").resolve(device)).interval(Duration.ofMillis(100))
                .script(List.of(values)).count(1).start();
        assertThat(twin.awaitAcked(1, DELIVERY)).as("the gateway acknowledged the measurement").isTrue();
        return twin;
    }

    @Test
    void gp_opensExam_seesReadingsAndPleth_assignsQueuedReading_printsLabels_closesWithConclusion() throws Exception {
        // A measurement while no exam is open: it waits in the station's queue for a person.
        try (Bpm200Twin before = measure("bp-1", new Bpm200Twin.BpValues(135, 85, 101, 77))) {
            await().atMost(DELIVERY).until(() -> api.readings("device=bp-1").stream().anyMatch(r ->
                    "UNASSIGNED".equals(((Map<?, ?>) r.get("binding")).get("state"))));
        }
        long queued = ((Number) api.readings("device=bp-1").getFirst().get("id")).longValue();

        try (Browser browser = new Browser("ru")) {
            GpConsolePage.loginAsGp(browser, gateway.baseUrl());
            GpConsolePage page = new GpConsolePage(browser, gateway.baseUrl());
            String examId = page.registerAndOpenExam(STATION, "Кабинет 1");
            GatewayApi.awaitBindable();

            try (Bpm200Twin during = measure("bp-1", new Bpm200Twin.BpValues(128, 82, 97, 71));
                    Ox300Twin ox = Ox300Twin.builder(dir.resolve("dev/ox-1")).serial("OX3-GP-1").spo2(96).pulse(64)
                            .seed(7).start()) {
                browser.awaitText(".tile[data-code='85354-9']", "128/82", DELIVERY);
                // A tile is drawn again when its reading's delivery state changes: read it afresh if it was replaced.
                String bp = fresh(browser, ".tile[data-code='85354-9']");
                assertThat(bp).contains("мм рт. ст.", "bp-1", "Артериальное давление");
                assertThat(fresh(browser, ".tile[data-code='85354-9'] .status")).isIn("Подтверждено, отправляется в МИС",
                        "Отправлено в МИС");
                assertThat(browser.all(".tile-group[data-device='bp-1'] .tile[data-code='8867-4']")).isNotEmpty();

                page.awaitPlethDrawn("ox-1");
                browser.awaitText(".wave[data-device='ox-1'] .numerics .spo2", "SpO2", DELIVERY);
                // The numerics are drawn again with every chunk: an element found may be gone when it is read.
                String spo2 = await("SpO2 numerics beside the pleth").atMost(DELIVERY)
                        .ignoreException(org.openqa.selenium.StaleElementReferenceException.class)
                        .until(() -> browser.driver().findElement(By.cssSelector(
                                ".wave[data-device='ox-1'] .numerics .spo2 .number")).getText(), t -> t.matches("\\d+"));
                assertThat(Integer.parseInt(spo2)).isBetween(85, 100);
                assertThat(browser.await("#conn").getAttribute("data-state")).isEqualTo("live");
                assertThat(browser.await("#conn").getAttribute("data-feed")).as("the exam's WebSocket, not the fallback")
                        .isEqualTo("websocket");
                assertThat(browser.await("#conn").getText()).isEqualTo("на связи");

                page.assignQueued(queued, "Измерено до открытия приёма, пациентка та же");
                browser.awaitText(".tile[data-reading-id='" + queued + "'][data-code='85354-9']", "135/85", DELIVERY);
                browser.driver().executeScript("window.scrollTo(0, 0)");
                browser.screenshot("gp-console");

                List<String> samples = page.issueLabels(examId, 2);
                assertThat(samples).hasSize(2).allSatisfy(s -> assertThat(s).matches("\\d{10}"));
                assertThat(given().baseUri(gateway.baseUrl()).get("/api/exams/" + examId + "/samples").then()
                        .statusCode(200).extract().jsonPath().getList("id", String.class))
                        .containsExactlyInAnyOrderElementsOf(samples);
                browser.screenshot("gp-labels");
                browser.click("#back-to-console");
                browser.await("#patient-banner .family");

                page.closeExam("Давление в норме. Сатурация в норме.");
            }
            assertThat(given().baseUri(gateway.baseUrl()).get("/api/exams/" + examId).then().statusCode(200)
                    .extract().jsonPath().getString("status")).isEqualTo("CLOSED");

            List<Observation> obs = ehr.awaitObservationsOfExam(examId, 5);
            assertThat(obs.stream().filter(o -> coded(o, "85354-9")).map(o -> systolic(o)).toList())
                    .contains(128, 135);
            assertThat(obs).anyMatch(o -> coded(o, "59408-5"));
            DiagnosticReport report = await("the exam's report").atMost(DELIVERY)
                    .until(() -> ehr.reportOfExam(examId), Optional::isPresent).orElseThrow();
            assertThat(report.getConclusion()).isEqualTo("Давление в норме. Сатурация в норме.");
        }
    }

    @Test
    void confirmPolicy_gpConfirmsOneReadingAndRejectsAnotherWithAReason() throws Exception {
        String examId = api.openExam("room-3", "patient-review");
        try (Browser browser = new Browser("ru")) {
            GpConsolePage.loginAsGp(browser, gateway.baseUrl());
            browser.open(gateway.baseUrl() + "/gp/stations/room-3");
            browser.await("#review-policy");
            // One monitor, two measurements (two twins in a row could look like one retransmitted reading).
            try (Bpm200Twin twin = Bpm200Twin.builder(dir.resolve("dev/bp-3")).interval(Duration.ofMillis(100))
                    .script(List.of(new Bpm200Twin.BpValues(142, 91, 108, 80),
                            new Bpm200Twin.BpValues(190, 120, 143, 95))).count(2).start()) {
                assertThat(twin.awaitAcked(2, DELIVERY)).isTrue();
                String first = ".tile[data-code='85354-9'][data-status='review']";
                browser.awaitText(".tiles", "142/91", DELIVERY);
                WebElement bp = browser.driver().findElements(By.cssSelector(first)).stream()
                        .filter(e -> e.getText().contains("142/91")).findFirst().orElseThrow();
                assertThat(bp.getText()).contains("Ожидает подтверждения");
                String id = bp.getAttribute("data-reading-id");
                String confirmed = ".tile[data-reading-id='" + id + "'][data-code='85354-9']";
                browser.click(confirmed + " button[data-action='confirm']");
                await("confirmed").atMost(DELIVERY).until(() -> browser.driver().findElement(By.cssSelector(confirmed))
                        .getAttribute("data-status"), s -> s.equals("confirmed") || s.equals("sent"));

                browser.awaitText(".tiles", "190/120", DELIVERY);
                String other = browser.driver().findElements(By.cssSelector(first)).stream()
                        .filter(e -> e.getText().contains("190/120")).findFirst().orElseThrow()
                        .getAttribute("data-reading-id");
                String tile = ".tile[data-reading-id='" + other + "'][data-code='85354-9']";
                browser.click(tile + " button[data-action='reject']");
                browser.type(tile + " .reject-form input", "Манжета наложена неверно");
                browser.click(tile + " .reject-form button");
                browser.awaitText(tile + " .status", "Отклонено врачом", DELIVERY);
                Map<?, ?> binding = given().baseUri(gateway.baseUrl()).get("/api/readings/" + other).then()
                        .statusCode(200).extract().jsonPath().getMap("binding");
                assertThat(binding.get("state")).isEqualTo("REJECTED");
            }
        } finally {
            api.closeExam(examId);
        }
        ehr.awaitObservationsOfExam(examId, 2);
        assertThat(ehr.observationsOfEncounter("Encounter/" + ehr.encounterOfExam("demo-clinic", examId).orElseThrow()
                .getIdElement().getIdPart()).stream().filter(o -> coded(o, "85354-9")).map(GpConsoleIT::systolic)
                .toList()).containsExactly(142);
    }

    /**
     * The shared waveform strip with twelve synthetic ECG leads (500 Hz, 1 mV sine) and one chunk of invalid
     * samples: the 3x4 layout plus a lead II rhythm strip on 25 mm rows of mm-calibrated paper, the invalid samples
     * not drawn, and nothing of the trace inside the gap on the rhythm strip (no line joined across it).
     */
    @Test
    void waveformStrip_twelveLeadEcg_onCalibratedPaper_gapStaysAGap() {
        try (Browser browser = new Browser("ru")) {
            GpConsolePage.loginAsGp(browser, gateway.baseUrl());
            browser.open(gateway.baseUrl() + "/gp");
            browser.await("#gp-heading");
            Map<String, Object> drawn = new GpConsolePage(browser, gateway.baseUrl()).drawSyntheticEcg();
            assertThat(drawn).doesNotContainKey("error");
            double mm = ((Number) drawn.get("mm")).doubleValue();
            assertThat(mm).as("CSS px per mm (96 px per inch)").isCloseTo(96 / 25.4, Offset.offset(0.01));
            assertThat(((Number) drawn.get("height")).doubleValue()).as("4 rows of 25 mm")
                    .isCloseTo(100 * mm, Offset.offset(1.0));
            // About 5280 samples (10.6 s) fit the screen, 2000 came per lead: the columns of I-aVF lie before the data,
            // V1-V3 and V4-V6 share the 2000 samples' time, lead II's rhythm strip has them all; 50 invalid are not
            // drawn: 3 x 1950 in the columns and 1950 in the rhythm strip.
            assertThat(((Number) drawn.get("samples")).intValue()).isEqualTo(3 * 1950 + 1950);
            assertThat(((Number) drawn.get("inGap")).intValue()).as("trace pixels inside the gap").isZero();
        }
    }

    @Test
    void headings_inEnglish() {
        try (Browser browser = new Browser("en")) {
            GpConsolePage.loginAsGp(browser, gateway.baseUrl());
            browser.open(gateway.baseUrl() + "/gp");
            assertThat(browser.await("#gp-heading").getText()).isEqualTo("Choose a station");
            browser.click("#station-room-2");
            assertThat(browser.await("#find-heading").getText()).isEqualTo("Find the patient");
            assertThat(browser.await("#register-heading").getText()).isEqualTo("Register a new patient");
            assertThat(browser.await("#no-exam").getText()).startsWith("No exam is open at this station.");
            assertThat(browser.await("label[for='reg-birth']").getText()).isEqualTo("Date of birth");

            String examId = api.openExam("room-2", "patient-english");
            try {
                browser.open(gateway.baseUrl() + "/gp/stations/room-2");
                assertThat(browser.await("#results-heading").getText()).isEqualTo("Results");
                assertThat(browser.await("#queue-heading").getText()).isEqualTo("Readings waiting for a patient");
                assertThat(browser.await("#close-heading").getText()).isEqualTo("Close the exam");
                assertThat(browser.awaitText("#patient-banner .identifier", "SNILS", DELIVERY).getText())
                        .isEqualTo("SNILS patient-english");
                assertThat(browser.awaitText("#conn", "live", DELIVERY).getAttribute("data-state")).isEqualTo("live");
            } finally {
                api.closeExam(examId);
            }
        }
    }

    private static boolean coded(Observation o, String code) {
        return o.getCode().getCoding().stream().map(Coding::getCode).anyMatch(code::equals);
    }

    private static int systolic(Observation o) {
        return o.getComponent().stream().filter(c -> c.getCode().getCoding().stream()
                .anyMatch(x -> "8480-6".equals(x.getCode()))).findFirst().orElseThrow().getValueQuantity().getValue()
                .intValue();
    }

    /** The text of the element {@code css} selects, found again when the page replaced it while it was read. */
    private static String fresh(Browser browser, String css) {
        return await(css).atMost(DELIVERY).ignoreException(org.openqa.selenium.StaleElementReferenceException.class)
                .until(() -> browser.driver().findElement(By.cssSelector(css)).getText(), t -> !t.isBlank());
    }
}
