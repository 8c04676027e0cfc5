package org.smartclinic.gateway.health;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;

import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.smartclinic.drivers.instrument.iot.vitalsjson.VitalsJsonPayload;
import org.smartclinic.drivers.testkit.MqttBroker;
import org.smartclinic.gateway.it.GatewayApi;
import org.smartclinic.gateway.it.GatewayProcess;

/**
 * Fault suite (e) on a disk that really fills, not only the journal's own size limit ({@code JournalFullDeviceIT}):
 * the gateway (its own process) keeps its data folder on a 48 MiB disk of its own, a tmpfs only it sees
 * ({@link GatewayProcess#onDiskOf}); the test fills that disk with a file while an MQTT device keeps sending batches of
 * readings. The journal's checkpoints and then its commits fail: the gateway stays up, stops acknowledging (the
 * broker keeps the messages), and readiness goes down saying the disk is full. When the file is deleted, readiness
 * comes back by itself and every reading the device sent is journaled exactly once.
 */
class JournalDiskFullIT {

    private static final String TOPIC = "clinic/devices/iot-full/vitals";
    private static final int PER_MESSAGE = 50;

    @TempDir
    static Path dir;

    private static MqttBroker broker;
    private static GatewayProcess gateway;
    private static GatewayApi api;

    @BeforeAll
    static void start() {
        Assumptions.assumeTrue(GatewayProcess.diskOfItsOwnPossible(),
                "this machine does not let a process mount a tmpfs of its own (unshare -rm, user namespaces)");
        broker = MqttBroker.startDefault();
        gateway = new GatewayProcess(dir.resolve("gateway")).onDiskOf("48m")
                .property("smartclinic.fhir.base-url", "http://127.0.0.1:9/fhir")
                .property("smartclinic.uplink.enabled", "false")
                .property("smartclinic.journal.probe-interval", "200ms")
                .property("smartclinic.mqtt.default.url", broker.url())
                .device("iot-full", "vitals-json", "room-1", "mqtt")
                .deviceProperty("iot-full", "mqtt.topic", TOPIC)
                .start();
        api = new GatewayApi(gateway.baseUrl());
        await().atMost(Duration.ofSeconds(30))
                .until(() -> "CONNECTED".equals(api.device("iot-full").getString("state")));
    }

    @AfterAll
    static void stop() {
        if (gateway != null) {
            gateway.close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void diskFills_gatewayStopsAcknowledgingAndSaysWhy_thenStoresEveryReadingOnceWhenSpaceReturns() throws Exception {
        MqttClient device = new MqttClient(broker.url(), "iot-full-device", new MemoryPersistence());
        device.connect();
        List<String> sent = new ArrayList<>();
        publish(device, sent);
        await().atMost(Duration.ofSeconds(30)).until(() -> stored().size() == sent.size());

        Path filler = gateway.visibleDataDir().resolve("filler");
        fill(filler);
        double acks = api.metric("smartclinic_mqtt_acks_total");
        // the journal may still write into pages its files already have: the device sends until a write needs more
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300)).until(() -> {
            publish(device, sent);
            return ready() == 503;
        });

        given().get(gateway.baseUrl() + "/q/health/ready").then().statusCode(503);
        Map<String, Object> journal = journalCheck();
        assertThat(journal.get("status")).isEqualTo("DOWN");
        assertThat(String.valueOf(((Map<?, ?>) journal.get("data")).get("reason"))).containsIgnoringCase("full");
        assertThat(api.metric("smartclinic_mqtt_redeliveries_total")).as("unstored messages left with the broker")
                .isPositive();
        assertThat(stored()).as("not everything the device sent could be stored").hasSizeLessThan(sent.size());
        // commits reuse the log's pages first; copying them into the growing database file fails, logged and counted
        assertThat(api.metric("smartclinic_journal_checkpoint_failures_total")).as("checkpoints met the full disk")
                .isPositive();
        double acksWhileFull = api.metric("smartclinic_mqtt_acks_total");

        Files.delete(filler);

        await().atMost(Duration.ofSeconds(60)).until(() -> ready() == 200);
        await().atMost(Duration.ofSeconds(60)).until(() -> stored().size() >= sent.size());
        List<String> stored = stored();
        assertThat(stored).as("every reading sent is journaled exactly once").hasSize(sent.size())
                .doesNotHaveDuplicates();
        assertThat(new HashSet<>(stored)).hasSize(sent.size());
        assertThat(api.metric("smartclinic_mqtt_acks_total")).as("acknowledged once stored")
                .isGreaterThan(Math.max(acks, acksWhileFull));
        assertThat(api.device("iot-full").getString("state")).isEqualTo("CONNECTED");
        device.disconnect();
        device.close();
    }

    /** One batch message of {@value #PER_MESSAGE} readings; their message ids are added to {@code sent}. */
    private static void publish(MqttClient device, List<String> sent) throws Exception {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS);
        List<VitalsJsonPayload.Builder> readings = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < PER_MESSAGE; i++) {
            String id = "full-" + (sent.size() + i);
            ids.add(id);
            readings.add(VitalsJsonPayload.builder(id, now).result("pulse", String.valueOf(60 + i % 30), "/min"));
        }
        device.publish(TOPIC, VitalsJsonPayload.batch(readings), 1, false);
        sent.addAll(ids);
    }

    /** Fills the gateway's disk with one file until no byte more fits. */
    private static void fill(Path filler) throws IOException {
        byte[] block = new byte[1 << 20];
        try (OutputStream out = Files.newOutputStream(filler)) {
            while (true) {
                out.write(block);
            }
        } catch (IOException e) {
            if (!Files.exists(filler) || Files.size(filler) == 0) {
                throw e;
            }
        }
    }

    /** The keys of the device's readings in the journal. */
    private static List<String> stored() {
        return api.readings("device=iot-full&limit=5000").stream().map(r -> (String) r.get("key")).toList();
    }

    private static int ready() {
        return given().get(gateway.baseUrl() + "/q/health/ready").statusCode();
    }

    private static Map<String, Object> journalCheck() {
        List<Map<String, Object>> checks = given().get(gateway.baseUrl() + "/q/health/ready").then().extract()
                .jsonPath().getList("checks");
        return checks.stream().filter(c -> "journal".equals(c.get("name"))).findFirst().orElseThrow();
    }
}
