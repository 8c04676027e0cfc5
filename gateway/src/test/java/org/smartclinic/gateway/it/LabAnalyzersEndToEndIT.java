package org.smartclinic.gateway.it;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.restassured.http.ContentType;

import org.hl7.fhir.r4.model.Annotation;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Observation;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.smartclinic.drivers.Code;
import org.smartclinic.drivers.codec.astm.link.AstmTimers;
import org.smartclinic.drivers.lab.LabCodeTable;
import org.smartclinic.simulator.device.lab.LabModel;
import org.smartclinic.simulator.device.lab.LabReport;
import org.smartclinic.simulator.device.lab.LabTwin;
import org.smartclinic.simulator.device.lab.astm.AstmCapture;
import org.smartclinic.simulator.device.lab.astm.AstmCaptureReplay;
import org.smartclinic.simulator.device.lab.el30.El30Twin;
import org.smartclinic.simulator.fhir.FhirSandbox;
import org.smartclinic.simulator.twin.Twin;
import org.smartclinic.simulator.twin.TwinPlug;

/**
 * The ASTM lab analyzers end to end on real parts: each model's twin on a real pseudo-terminal or TCP socket, the
 * gateway as its own process with the shipped drivers, the FHIR sandbox (which validates every resource it stores
 * with HAPI's FhirInstanceValidator and refuses any error) as the EHR. Results bind by the sample id the gateway
 * issued for the exam; every result the twin sent is checked on the EHR (LOINC, value, UCUM unit, interpretation,
 * reference range, Specimen) by {@link LabResultCheck}.
 */
class LabAnalyzersEndToEndIT {

    private static final Duration RUN = Duration.ofSeconds(60);

    @TempDir
    static Path dir;

    private static FhirSandbox sandbox;
    private static GatewayProcess gateway;
    private static GatewayApi api;
    private static Ehr ehr;
    private static LabResultCheck check;
    private static int ch200ServerPort;
    private static int genericTwinPort;

    @BeforeAll
    static void start() {
        sandbox = FhirSandbox.start(new FhirSandbox.Settings("127.0.0.1", 0, "/fhir", true));
        ch200ServerPort = GatewayProcess.freePort();
        genericTwinPort = GatewayProcess.freePort();
        Path exampleTable = Path.of("..", "deploy", "lab", "example-lis2.codes").toAbsolutePath().normalize();
        gateway = new GatewayProcess(dir.resolve("gateway"))
                .property("smartclinic.fhir.base-url", sandbox.baseUrl())
                .device("lp-1", "lp100", "room-lp", dev("lp-1"))
                .device("hx-1", "hx3", "room-hx", dev("hx-1"))
                .device("us-1", "us10", "room-us", dev("us-1"))
                .device("ch-1", "ch200", "room-ch", "tcp-server")
                .deviceProperty("ch-1", "tcp-server.port", String.valueOf(ch200ServerPort))
                .deviceProperty("ch-1", "tcp-server.remote-address", "127.0.0.1")
                .device("el-1", "el30", "room-el", dev("el-1"))
                .device("gen-1", "astm-lis2", "room-gen", "tcp-client")
                .deviceProperty("gen-1", "tcp.host", "127.0.0.1")
                .deviceProperty("gen-1", "tcp.port", String.valueOf(genericTwinPort))
                .deviceProperty("gen-1", "options.code-table", exampleTable.toString())
                .start();
        api = new GatewayApi(gateway.baseUrl());
        ehr = new Ehr(sandbox.baseUrl());
        check = new LabResultCheck(sandbox.baseUrl());
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

    private static Path dev(String device) {
        return dir.resolve("dev").resolve(device);
    }

    private static String sample(String examId) {
        return given().baseUri(gateway.baseUrl()).contentType(ContentType.JSON).body(Map.of("count", 1))
                .post("/api/exams/" + examId + "/samples").then().statusCode(201).extract().path("samples[0].id");
    }

    private static LabCodeTable table(String driverId) {
        return LabCodeTable.load(LabCodeTable.class, "/org/smartclinic/drivers/instrument/lab/" + driverId + "/"
                + driverId + ".codes");
    }

    private static Observation panel(List<Observation> observations, String loinc) {
        return observations.stream().filter(Observation::hasHasMember).filter(o -> o.getCode().getCoding().stream()
                .anyMatch(c -> c.getSystem().equals(Code.LOINC) && c.getCode().equals(loinc))).findFirst()
                .orElseThrow(() -> new AssertionError("no panel " + loinc));
    }

    @Test
    void lp100AsksWhoTheSampleIsThenItsLipidPanelArrivesAndAReplayOfItsCaptureStoresNothingTwice() throws Exception {
        String exam = api.openExam("room-lp", "lab-lp-100");
        String sample = sample(exam);
        LabReport report;
        try (LabTwin twin = LabTwin.builder(LabModel.LP100, TwinPlug.pty(dev("lp-1"))).cartridge("lipid").start()) {
            report = twin.measure(sample).get(RUN.toSeconds(), TimeUnit.SECONDS);
        }

        assertThat(report.delivered()).as(report.toString()).isTrue();
        assertThat(report.patient(sample)).as("the gateway answered the host query with the exam's patient")
                .hasValueSatisfying(p -> assertThat(p.patientId()).isEqualTo("lab-lp-100"));
        List<LabResultCheck.Sent> sent = LabResultCheck.results(report.results().getFirst().records(), 4);
        assertThat(sent).extracting(LabResultCheck.Sent::code).containsExactly("CHOL", "HDL", "TRIG", "LDL", "TC/HDL");
        List<Observation> observations = ehr.awaitObservationsOfExam(exam, sent.size() + 1);
        assertThat(check.check(observations, "lp100", table("lp100"), sent, sample)).isEqualTo(5);
        assertThat(LabResultCheck.byAnalyzerCode(observations, "lp100", "CHOL").orElseThrow().getCode().getCoding())
                .extracting(Coding::getCode).contains("14647-2", "CHOL");
        assertThat(panel(observations, "24331-1").getHasMember()).hasSize(5);

        byte[] capture = given().baseUri(gateway.baseUrl()).get("/api/devices/lp-1/captures/export").then()
                .statusCode(200).extract().asByteArray();
        AstmCapture parsed = AstmCapture.split(capture);
        int transmissions = parsed.transmissions().size();
        assertThat(transmissions).as("the results message (a query stores no reading, so it has no capture)")
                .isEqualTo(1);
        int readings = api.readings("device=lp-1&limit=100").size();
        AstmCaptureReplay replay = new AstmCaptureReplay(parsed, AstmTimers.LIS1_A, 6, r -> {
        });
        try (Twin replaying = Twin.start("replay-lp-1", TwinPlug.pty(dev("lp-1")), replay)) {
            await("replay of the exported capture").atMost(RUN)
                    .until(() -> replay.results().size() == transmissions);
        }
        assertThat(replay.results()).allSatisfy(r -> assertThat(r.delivered()).as(r.toString()).isTrue());
        assertThat(api.readings("device=lp-1&limit=100")).as("the replayed message is the same reading")
                .hasSize(readings);
        assertThat(ehr.observationsOfEncounter(observations.getFirst().getEncounter().getReference()))
                .hasSize(observations.size());
    }

    @Test
    void hx3BloodCountWithFlagsAndItsCbcPanel() throws Exception {
        String exam = api.openExam("room-hx", "lab-hx-3");
        String sample = sample(exam);
        LabReport report;
        try (LabTwin twin = LabTwin.builder(LabModel.HX3, TwinPlug.pty(dev("hx-1"))).seed(3).start()) {
            report = twin.measure(sample).get(RUN.toSeconds(), TimeUnit.SECONDS);
        }

        assertThat(report.delivered()).as(report.toString()).isTrue();
        List<LabResultCheck.Sent> sent = LabResultCheck.results(report.results().getFirst().records(), 4);
        assertThat(sent).hasSize(20);
        List<Observation> observations = ehr.awaitObservationsOfExam(exam, 21);
        assertThat(check.check(observations, "hx3", table("hx3"), sent, sample)).isEqualTo(20);
        assertThat(panel(observations, "57021-8").getHasMember()).hasSize(20);
        assertThat(LabResultCheck.byAnalyzerCode(observations, "hx3", "WBC").orElseThrow().getNote())
                .as("the analyzer's comment on WBC").extracting(Annotation::getText)
                .anyMatch(text -> text.contains("scattergram"));
    }

    @Test
    void us10UrineStripOrdinalsStayOrdinals() throws Exception {
        String exam = api.openExam("room-us", "lab-us-10");
        String sample = sample(exam);
        LabReport report;
        try (LabTwin twin = LabTwin.builder(LabModel.US10, TwinPlug.pty(dev("us-1"))).seed(5).start()) {
            report = twin.measure(sample).get(RUN.toSeconds(), TimeUnit.SECONDS);
        }

        assertThat(report.delivered()).as(report.toString()).isTrue();
        List<LabResultCheck.Sent> sent = LabResultCheck.results(report.results().getFirst().records(), 4);
        List<Observation> observations = ehr.awaitObservationsOfExam(exam, sent.size());
        assertThat(check.check(observations, "us10", table("us10"), sent, sample)).isEqualTo(sent.size());
        Observation glucose = LabResultCheck.byAnalyzerCode(observations, "us10", "GLU").orElseThrow();
        assertThat(glucose.getValueCodeableConcept().getCodingFirstRep().getSystem())
                .isEqualTo(LabCodeTable.SNOMED);
        Observation gravity = LabResultCheck.byAnalyzerCode(observations, "us10", "SG").orElseThrow();
        assertThat(gravity.getValueQuantity().getValue().scale()).as("1.020 keeps three decimals").isEqualTo(3);
    }

    @Test
    void ch200OverTcpSendsTwoSamplesInOneMessageWithContinuedFrames() throws Exception {
        String exam = api.openExam("room-ch", "lab-ch-200");
        String first = sample(exam);
        String second = sample(exam);
        LabReport report;
        try (LabTwin twin = LabTwin.builder(LabModel.CH200, TwinPlug.tcpConnect("127.0.0.1", ch200ServerPort, null))
                .seed(7).start()) {
            report = twin.measure(first, second).get(RUN.toSeconds(), TimeUnit.SECONDS);
        }

        assertThat(report.delivered()).as(report.toString()).isTrue();
        List<String> records = report.results().getFirst().records();
        assertThat(records).as("long R records, continued in ETB frames").anyMatch(r -> r.length() > 240);
        List<Observation> observations = ehr.awaitObservationsOfExam(exam,
                LabResultCheck.results(records, 4).size());
        int checked = 0;
        for (String sample : List.of(first, second)) {
            List<String> ofSample = recordsOfSample(records, sample);
            List<Observation> mine = observations.stream().filter(o -> o.getIdentifierFirstRep().getValue()
                    .contains("/" + sample + "/")).toList();
            checked += check.check(mine, "ch200", table("ch200"), LabResultCheck.results(ofSample, 4), sample);
        }
        assertThat(checked).isEqualTo(LabResultCheck.results(records, 4).size());
    }

    /** The records of every order (O) for {@code sample}: each O up to the next P, O or L record. */
    private static List<String> recordsOfSample(List<String> records, String sample) {
        List<String> out = new java.util.ArrayList<>();
        boolean mine = false;
        for (String record : records) {
            if (record.startsWith("O|")) {
                mine = record.split("\\|", -1)[2].equals(sample);
            } else if (record.startsWith("P|") || record.startsWith("L|")) {
                mine = false;
            }
            if (mine) {
                out.add(record);
            }
        }
        assertThat(out).as("orders of " + sample).isNotEmpty();
        return out;
    }

    @Test
    void el30PlainTextReportGivesSodiumPotassiumChlorideWithRangesAndFlags() throws Exception {
        String exam = api.openExam("room-el", "lab-el-30");
        String sample = sample(exam);
        El30Twin.Sample script = El30Twin.Sample.electrolytes(sample, new BigDecimal("141.2"), new BigDecimal("5.8"),
                new BigDecimal("96.0"));
        try (El30Twin twin = El30Twin.builder(dev("el-1")).script(List.of(script)).start()) {
            assertThat(twin.awaitFinished(RUN)).isTrue();
            assertThat(twin.stats().acked()).isEqualTo(1);
        }

        List<Observation> observations = ehr.awaitObservationsOfExam(exam, 3);
        List<LabResultCheck.Sent> sent = script.results().stream().map(r -> new LabResultCheck.Sent(r.code(),
                r.value(), r.unit(), r.range(), r.flag())).toList();
        LabCodeTable el30 = LabCodeTable.parse("el30 expectations", """
                [tests]
                Na | 2951-2 | Sodium [Moles/volume] in Serum or Plasma | mmol/L | mmol/L | quantity
                K | 2823-3 | Potassium [Moles/volume] in Serum or Plasma | mmol/L | mmol/L | quantity
                Cl | 2075-0 | Chloride [Moles/volume] in Serum or Plasma | mmol/L | mmol/L | quantity
                [flags]
                H | H
                L | L
                """);
        assertThat(check.check(observations, "el30", el30, sent, sample)).isEqualTo(3);
        assertThat(sent).extracting(LabResultCheck.Sent::flag).as("K 5.8 and Cl 96.0 are out of range")
                .containsExactly("", "H", "L");
    }

    @Test
    void anUnknownAnalyzerConnectsByConfigurationAloneWithTheGenericDriver() throws Exception {
        String exam = api.openExam("room-gen", "lab-generic");
        String sample = sample(exam);
        LabReport report;
        try (LabTwin twin = LabTwin.builder(LabModel.CH200, TwinPlug.tcpListen(genericTwinPort)).seed(11).start()) {
            report = twin.measure(sample).get(RUN.toSeconds(), TimeUnit.SECONDS);
        }

        assertThat(report.delivered()).as(report.toString()).isTrue();
        List<LabResultCheck.Sent> sent = LabResultCheck.results(report.results().getFirst().records(), 4);
        List<Observation> observations = ehr.awaitObservationsOfExam(exam, sent.size());
        LabCodeTable example = LabCodeTable.load(Path.of("..", "deploy", "lab", "example-lis2.codes"));
        List<LabResultCheck.Sent> known = sent.stream().filter(s -> example.test(s.code()).isPresent()).toList();
        assertThat(known).extracting(LabResultCheck.Sent::code).contains("GLU", "CREA");
        assertThat(check.check(observations, "astm-lis2", example, known, sample)).isEqualTo(known.size());
        Observation alt = LabResultCheck.byAnalyzerCode(observations, "astm-lis2", "ALT").orElseThrow();
        assertThat(alt.getCode().getCoding()).as("a code the table lacks is kept with the analyzer's code only")
                .extracting(Coding::getSystem).containsExactly(Code.DEVICE_CODE_PREFIX + "astm-lis2");
        assertThat(alt.getNote()).extracting(Annotation::getText).anyMatch(text -> text.contains("ALT"));
    }
}
