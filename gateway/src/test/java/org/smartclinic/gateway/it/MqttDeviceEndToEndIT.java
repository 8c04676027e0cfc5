package org.smartclinic.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;

import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.hl7.fhir.r4.model.Observation;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.smartclinic.drivers.instrument.iot.vitalsjson.VitalsJsonPayload;
import org.smartclinic.drivers.testkit.MqttBroker;
import org.smartclinic.simulator.device.iot.VitalsJsonTwin;
import org.smartclinic.simulator.fhir.FhirSandbox;

/**
 * The MQTT shape end to end on real parts: a real broker (Mosquitto when installed, as in production), the IoT
 * vitals twin publishing JSON with QoS 1, the gateway (its own process) subscribed through one shared broker
 * connection, the FHIR sandbox validating what arrives. Bad messages are counted rejections and acknowledged; a
 * batch of stored readings stores its good ones and rejects a bad one alone; a broker outage and a gateway outage
 * lose nothing.
 */
class MqttDeviceEndToEndIT {

    private static final Duration DELIVERY = Duration.ofSeconds(30);
    private static final String TOPIC = "clinic/devices/iot-1/vitals";

    @TempDir
    static Path dir;

    private static MqttBroker broker;
    private static FhirSandbox sandbox;
    private static GatewayProcess gateway;
    private static GatewayApi api;
    private static Ehr ehr;

    @BeforeAll
    static void start() throws Exception {
        broker = MqttBroker.startDefault();
        sandbox = FhirSandbox.start(new FhirSandbox.Settings("127.0.0.1", 0, "/fhir", true));
        gateway = new GatewayProcess(dir.resolve("gateway"))
                .property("smartclinic.fhir.base-url", sandbox.baseUrl())
                .property("smartclinic.mqtt.default.url", broker.url())
                .device("iot-1", "vitals-json", "room-8", "mqtt")
                .deviceProperty("iot-1", "mqtt.topic", TOPIC)
                .start();
        api = new GatewayApi(gateway.baseUrl());
        ehr = new Ehr(sandbox.baseUrl());
        sandbox.awaitReady(Duration.ofSeconds(60));
        await().atMost(DELIVERY).until(() -> "CONNECTED".equals(api.device("iot-1").getString("state")));
    }

    @AfterAll
    static void stop() {
        if (gateway != null) {
            gateway.close();
        }
        if (sandbox != null) {
            sandbox.close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    private static VitalsJsonTwin twin(long seed) throws Exception {
        return VitalsJsonTwin.builder(broker.url(), TOPIC).interval(Duration.ZERO).seed(seed).start();
    }


    private static long withMsgId(List<Observation> obs, String msgId) {
        return obs.stream().filter(o -> o.getIdentifierFirstRep().getValue().endsWith("/" + msgId)).count();
    }

    @Test
    void publishedVitals_duringExam_reachTheEhrWithValuesAsSent() throws Exception {
        String examId = api.openExam("room-8", "patient-iot");
        try (VitalsJsonTwin twin = twin(41)) {
            VitalsJsonTwin.Published first = twin.publishNow();
            VitalsJsonTwin.Published second = twin.publishNow();

            List<Observation> obs = ehr.awaitObservationsOfExam(examId, 8);
            assertThat(withMsgId(obs, first.msgId())).isGreaterThanOrEqualTo(3);
            assertThat(withMsgId(obs, second.msgId())).isGreaterThanOrEqualTo(3);
            assertThat(obs).filteredOn(o -> o.getIdentifierFirstRep().getValue().endsWith("/" + first.msgId()))
                    .filteredOn(o -> o.getCode().getCoding().stream().anyMatch(c -> "8310-5".equals(c.getCode())))
                    .singleElement().satisfies(o -> {
                        assertThat(o.getValueQuantity().getValue())
                                .isEqualByComparingTo(new BigDecimal(first.values().get("temp")));
                        assertThat(o.getValueQuantity().getCode()).isEqualTo("Cel");
                    });
        } finally {
            api.closeExam(examId);
        }
    }

    @Test
    void malformedAndOutOfSchema_countedRejections_acknowledgedAndTheDeviceStaysUp() throws Exception {
        double malformed = api.metric("smartclinic_frames_rejected_total", "device=\"iot-1\"", "reason=\"malformed\"");
        double schema = api.metric("smartclinic_frames_rejected_total", "device=\"iot-1\"",
                "reason=\"out_of_schema\"");
        try (VitalsJsonTwin bad = VitalsJsonTwin.builder(broker.url(), TOPIC).interval(Duration.ZERO).seed(5)
                .malformedEvery(2).outOfSchemaEvery(3).start()) {
            for (int i = 0; i < 3; i++) {
                bad.publishNow();
            }
            await().atMost(DELIVERY).until(() -> api.metric("smartclinic_frames_rejected_total", "device=\"iot-1\"",
                    "reason=\"malformed\"") - malformed >= 1 && api.metric("smartclinic_frames_rejected_total",
                            "device=\"iot-1\"", "reason=\"out_of_schema\"") - schema >= 1);
        }
        assertThat(api.device("iot-1").getString("state")).isEqualTo("CONNECTED");
        assertThat(api.metric("smartclinic_mqtt_acks_total")).as("rejected messages are acknowledged too")
                .isGreaterThanOrEqualTo(2);
    }

    @Test
    void batchOfStoredReadings_goodOnesReachTheEhr_badOneRejectedAlone() throws Exception {
        String examId = api.openExam("room-8", "patient-iot-batch");
        double badValue = api.metric("smartclinic_frames_rejected_total", "device=\"iot-1\"", "reason=\"bad_value\"");
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS);
        byte[] batch = VitalsJsonPayload.batch(List.of(
                VitalsJsonPayload.builder("batch-1", now).result("pulse", "71", "/min"),
                VitalsJsonPayload.builder("batch-2", now).result("pulse", "900", "/min"),
                VitalsJsonPayload.builder("batch-3", now).result("spo2", "97", "%")));
        try {
            MqttClient device = new MqttClient(broker.url(), "iot-1-batch", new MemoryPersistence());
            device.connect();
            device.publish(TOPIC, batch, 1, false);
            device.disconnect();
            device.close();

            List<Observation> obs = await().atMost(DELIVERY).until(() -> ehr.awaitObservationsOfExam(examId, 2),
                    l -> withMsgId(l, "batch-1") == 1 && withMsgId(l, "batch-3") == 1);
            assertThat(withMsgId(obs, "batch-2")).as("the implausible pulse is not stored").isZero();
            await().atMost(DELIVERY).until(() -> api.metric("smartclinic_frames_rejected_total", "device=\"iot-1\"",
                    "reason=\"bad_value\"") - badValue == 1);
        } finally {
            api.closeExam(examId);
        }
    }

    @Test
    void brokerOutageThenGatewayOutage_nothingPublishedIsLost() throws Exception {
        String examId = api.openExam("room-8", "patient-iot-outage");
        try {
            broker.stop();
            await("the device notices").atMost(DELIVERY)
                    .until(() -> !"CONNECTED".equals(api.device("iot-1").getString("state")));
            broker.start();
            await("reconnected and resubscribed").atMost(DELIVERY)
                    .until(() -> "CONNECTED".equals(api.device("iot-1").getString("state")));
            String afterBrokerOutage;
            try (VitalsJsonTwin twin = twin(42)) {
                afterBrokerOutage = twin.publishNow().msgId();
            }

            gateway.stop();
            String whileGatewayDown;
            try (VitalsJsonTwin twin = twin(43)) {
                whileGatewayDown = twin.publishNow().msgId();
            }
            gateway.start();

            List<Observation> obs = await().atMost(DELIVERY).until(() -> ehr.awaitObservationsOfExam(examId, 1),
                    l -> withMsgId(l, afterBrokerOutage) >= 3 && withMsgId(l, whileGatewayDown) >= 3);
            assertThat(obs.stream().map(o -> o.getIdentifierFirstRep().getValue()).distinct().count())
                    .as("no duplicates").isEqualTo(obs.size());
        } finally {
            api.closeExam(examId);
        }
    }
}
