package org.smartclinic.gateway.it;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Device;
import org.hl7.fhir.r4.model.Observation;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.smartclinic.simulator.device.oximetry.Ox300Twin;
import org.smartclinic.simulator.fhir.FhirSandbox;
import org.smartclinic.simulator.twin.TwinPlug;

/**
 * The continuous-waveform shape end to end on real parts: the OX-300 twin streams binary frames over a real pty,
 * the gateway (its own process) journals SpO2 and pulse at the driver's cadence (here every second) and puts the
 * pleth on the live bus, read here over Server-Sent Events on a real socket. The device's identity reaches the
 * FHIR Device; a sensor off the finger gives no values; a viewer that stops reading loses live events (counted)
 * while the device, the journal and the other viewers carry on.
 */
class OximeterEndToEndIT {

    private static final Duration DELIVERY = Duration.ofSeconds(30);
    private static final int LAN_PORT = GatewayProcess.freePort();

    @TempDir
    static Path dir;

    private static FhirSandbox sandbox;
    private static GatewayProcess gateway;
    private static GatewayApi api;
    private static Ehr ehr;
    private static Ox300Twin twin;

    @BeforeAll
    static void start() throws Exception {
        sandbox = FhirSandbox.start(new FhirSandbox.Settings("127.0.0.1", 0, "/fhir", true));
        Path link = dir.resolve("dev/ox-1");
        twin = Ox300Twin.builder(link).serial("OX3-IT-0042").firmware("2.0.7").spo2(96).pulse(64).seed(7).start();
        gateway = new GatewayProcess(dir.resolve("gateway"))
                .property("smartclinic.fhir.base-url", sandbox.baseUrl())
                .device("ox-1", "ox300", "room-3", link)
                .deviceProperty("ox-1", "options.interval", "1s")
                .device("ox-2", "ox300", "room-4", dir.resolve("dev/ox-2"))
                .device("ox-3", "ox300", "room-5", "tcp-server")
                .deviceProperty("ox-3", "tcp-server.port", String.valueOf(LAN_PORT))
                .deviceProperty("ox-3", "serial-number", "OX3-LAN-0007")
                .deviceProperty("ox-3", "options.interval", "1s")
                .property("smartclinic.live.subscriber-queue", "200")
                .start();
        api = new GatewayApi(gateway.baseUrl());
        ehr = new Ehr(sandbox.baseUrl());
        sandbox.awaitReady(Duration.ofSeconds(60));
        await().atMost(DELIVERY).until(() -> "CONNECTED".equals(api.device("ox-1").getString("state")));
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


    private static boolean coded(Observation o, String code) {
        return o.getCode().getCoding().stream().map(Coding::getCode).anyMatch(code::equals);
    }

    @Test
    void numerics_duringExam_reachTheEhrCodedAsPulseOximetry_andTheDeviceCarriesItsIdentity() {
        String examId = api.openExam("room-3", "patient-oxi");
        try {
            List<Observation> obs = ehr.awaitObservationsOfExam(examId, 4);

            List<Observation> spo2 = obs.stream().filter(o -> coded(o, "59408-5")).toList();
            assertThat(spo2).isNotEmpty().allSatisfy(o -> {
                assertThat(o.getCode().getCoding()).extracting(Coding::getCode).contains("2708-6", "150456");
                assertThat(o.getValueQuantity().getCode()).isEqualTo("%");
                assertThat(o.getValueQuantity().getValue().intValue()).isBetween(90, 100);
            });
            assertThat(obs).filteredOn(o -> coded(o, "8867-4")).isNotEmpty().allSatisfy(o -> {
                assertThat(o.getCode().getCoding()).extracting(Coding::getCode).contains("149530");
                assertThat(o.getValueQuantity().getCode()).isEqualTo("/min");
            });
        } finally {
            api.closeExam(examId);
        }
        assertThat(api.device("ox-1").getString("identity.serialNumber")).isEqualTo("OX3-IT-0042");
        Device device = await().atMost(DELIVERY).until(() -> ehr.device("demo-clinic/ox-1"),
                d -> d.isPresent() && d.get().hasVersion()).orElseThrow();
        assertThat(device.getSerialNumber()).isEqualTo("OX3-IT-0042");
        assertThat(device.getVersionFirstRep().getValue()).isEqualTo("2.0.7");
        assertThat(device.getModelNumber()).isEqualTo("OX-300");
    }

    @Test
    void pleth_streamsLiveInOrderWithoutGaps_atTheDevicesRate() {
        try (LiveClient viewer = LiveClient.reading(gateway.baseUrl(), "device=ox-1")) {
            await().atMost(DELIVERY).until(() -> viewer.events("waveform").size() >= 75);

            List<LiveClient.Event> chunks = viewer.events("waveform");
            List<Long> numbers = chunks.stream().map(e -> e.data().get("chunk").asLong()).toList();
            assertThat(numbers).isEqualTo(IntStream.range(0, numbers.size()).mapToObj(i -> numbers.get(0) + i).toList());
            assertThat(chunks).allSatisfy(e -> {
                assertThat(e.data().get("periodMicros").asLong()).isEqualTo(8000);
                assertThat(e.data().get("channels").get(0).get("samples")).hasSize(5);
                assertThat(e.data().get("gapBefore").asInt()).isZero();
            });
            // Its stored SpO2 and pulse readings too, as the device sent them (published once journaled).
            await("a stored reading on the device's stream").atMost(DELIVERY)
                    .until(() -> !viewer.events("reading").isEmpty());
            assertThat(viewer.events("reading").getFirst().data().get("values")).isNotEmpty();
        }
        List<Map<String, Object>> segments = await("the journal's summary of the stream").atMost(DELIVERY)
                .until(() -> given().baseUri(gateway.baseUrl()).get("/api/devices/ox-1/streams").then().statusCode(200)
                        .extract().jsonPath().getList("$"), l -> !l.isEmpty()
                        && ((Number) l.getFirst().get("chunks")).longValue() >= 75);
        assertThat(segments.getFirst()).containsEntry("stream", "pleth");
        assertThat(((Number) segments.getFirst().get("samples")).longValue())
                .isEqualTo(5 * ((Number) segments.getFirst().get("chunks")).longValue());
    }

    @Test
    void sensorOff_statusSaysSo_noValuesAreJournaledAndSamplesAreMarkedInvalid() {
        twin.sensorOff(true);
        try (LiveClient viewer = LiveClient.reading(gateway.baseUrl(), "device=ox-1")) {
            await().atMost(DELIVERY).until(() -> "sensor off".equals(api.device("ox-1").getString("status.text")));
            assertThat(api.device("ox-1").getString("status.state")).isEqualTo("READY");
            assertThat(api.metric("smartclinic_device_status", "device=\"ox-1\"", "state=\"ready\"")).isEqualTo(1.0);
            assertThat(api.metric("smartclinic_device_status", "device=\"ox-1\"", "state=\"measuring\"")).isZero();
            long stored = api.device("ox-1").getLong("readingsStored");

            await().atMost(DELIVERY).until(() -> viewer.events("waveform").size() >= 60);
            assertThat(viewer.events("waveform").getLast().data().get("channels").get(0).get("samples"))
                    .allSatisfy(s -> assertThat(s.isNull()).isTrue());
            assertThat(api.device("ox-1").getLong("readingsStored")).as("2 s off the finger: nothing stored")
                    .isEqualTo(stored);
        } finally {
            twin.sensorOff(false);
        }
        await().atMost(DELIVERY).until(() -> "MEASURING".equals(api.device("ox-1").getString("status.state")));
    }

    @Test
    void oximeterOnTheSharedPort_recognisedByTheIdentityItsFirstFrameCarries() throws Exception {
        try (Ox300Twin lan = Ox300Twin.builder(TwinPlug.tcpConnect("127.0.0.1", LAN_PORT, new byte[0]))
                .serial("OX3-LAN-0007").seed(3).start()) {
            await().atMost(DELIVERY).until(() -> "CONNECTED".equals(api.device("ox-3").getString("state")));
            assertThat(api.device("ox-3").getString("stateReason")).contains("ox-3 from 127.0.0.1");
            await().atMost(DELIVERY).until(() -> api.device("ox-3").getLong("readingsStored") >= 2);
            assertThat(api.device("ox-3").getString("identity.serialNumber")).isEqualTo("OX3-LAN-0007");
        }
    }

    @Test
    void stalledViewer_losesLiveEventsCounted_whileTheDeviceJournalAndOtherViewersKeepUp() throws Exception {
        // 500 frames/s: the stalled viewer's socket buffers (megabytes on loopback) fill within seconds.
        try (Ox300Twin fast = Ox300Twin.builder(dir.resolve("dev/ox-2")).framesPerSecond(500).seed(9).start();
                LiveClient stalled = LiveClient.stalled(gateway.baseUrl(), "device=ox-2");
                LiveClient reader = LiveClient.reading(gateway.baseUrl(), "device=ox-2")) {
            await().atMost(DELIVERY).until(() -> "CONNECTED".equals(api.device("ox-2").getString("state")));
            long storedBefore = api.device("ox-2").getLong("readingsStored");

            await("the stalled viewer's queue overflows").atMost(Duration.ofSeconds(60))
                    .until(() -> api.metric("smartclinic_live_dropped_total", "device=\"ox-2\"") > 0);
            await().atMost(DELIVERY).until(() -> api.device("ox-2").getLong("readingsStored") > storedBefore + 1);

            List<Long> numbers = reader.events("waveform").stream().map(e -> e.data().get("chunk").asLong()).toList();
            long missed = IntStream.range(1, numbers.size()).mapToLong(i -> numbers.get(i) - numbers.get(i - 1) - 1)
                    .sum();
            assertThat(numbers).as("the reading viewer keeps receiving").hasSizeGreaterThan(1000).isSorted();
            assertThat(api.metric("smartclinic_live_dropped_total", "device=\"ox-2\""))
                    .as("every chunk the reading viewer missed (a 2-core machine under load) was counted as dropped")
                    .isGreaterThanOrEqualTo(missed);
            assertThat(api.device("ox-2").getString("state")).isEqualTo("CONNECTED");
            assertThat(api.device("ox-2").getLong("traffic.bytesDropped")).isZero();
            assertThat(api.metric("smartclinic_frames_rejected_total", "device=\"ox-2\"")).isZero();
        }
    }
}
