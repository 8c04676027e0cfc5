package org.smartclinic.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.smartclinic.drivers.testkit.MqttBroker;
import org.smartclinic.drivers.testkit.TestCertificates;
import org.smartclinic.simulator.device.iot.VitalsJsonTwin;

import io.restassured.RestAssured;

/**
 * MQTT over TLS end to end: the gateway (its own process) reaches a real Mosquitto TLS listener whose certificate a
 * clinic CA signed, trusting that CA from a PEM file ({@code smartclinic.mqtt.<name>.tls.*}); readings published
 * by the IoT twin (on the broker's plain listener) are journaled. The same broker without the trust store is
 * refused with a TLS reason, and a trust store on a {@code tcp://} broker leaves its device misconfigured, saying
 * why. Mosquitto only (Moquette has no TLS listener here).
 */
class MqttTlsDeviceIT {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    static Path dir;

    private static MqttBroker broker;
    private static GatewayProcess gateway;
    private static GatewayApi api;

    @BeforeAll
    static void start() {
        Assumptions.assumeTrue(MqttBroker.mosquittoInstalled(), MqttBroker.mosquittoMissing());
        TestCertificates certificates = TestCertificates.create(dir.resolve("certs"));
        broker = MqttBroker.builder().kind(MqttBroker.Kind.MOSQUITTO).tls(certificates).start();
        gateway = new GatewayProcess(dir.resolve("gateway"))
                .property("smartclinic.fhir.base-url", "http://127.0.0.1:9/fhir")
                .property("smartclinic.uplink.enabled", "false")
                .property("smartclinic.mqtt.clinic.url", broker.tlsUrl())
                .property("smartclinic.mqtt.clinic.tls.trust-store", certificates.caPem().toString())
                .property("smartclinic.mqtt.clinic.tls.trust-store-type", "PEM")
                .property("smartclinic.mqtt.public.url", broker.tlsUrl())
                .property("smartclinic.mqtt.plain.url", broker.url())
                .property("smartclinic.mqtt.plain.tls.trust-store", certificates.caPem().toString())
                .property("smartclinic.mqtt.plain.tls.trust-store-type", "PEM")
                .device("iot-tls", "vitals-json", "room-1", "mqtt")
                .deviceProperty("iot-tls", "mqtt.broker", "clinic")
                .deviceProperty("iot-tls", "mqtt.topic", "clinic/iot-tls")
                .device("iot-untrusted", "vitals-json", "room-2", "mqtt")
                .deviceProperty("iot-untrusted", "mqtt.broker", "public")
                .deviceProperty("iot-untrusted", "mqtt.topic", "clinic/iot-untrusted")
                .device("iot-mixed", "vitals-json", "room-3", "mqtt")
                .deviceProperty("iot-mixed", "mqtt.broker", "plain")
                .deviceProperty("iot-mixed", "mqtt.topic", "clinic/iot-mixed")
                .start();
        api = new GatewayApi(gateway.baseUrl());
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
    void trustedClinicCa_connectsOverTls_readingsJournaled() throws Exception {
        await().atMost(WAIT).until(() -> "CONNECTED".equals(api.device("iot-tls").getString("state")));
        try (VitalsJsonTwin twin = VitalsJsonTwin.builder(broker.url(), "clinic/iot-tls").interval(Duration.ZERO)
                .seed(7).start()) {
            twin.publishNow();
            twin.publishNow();
            await().atMost(WAIT).until(() -> api.readings("device=iot-tls&limit=10").size() >= 2);
        }
        assertThat(api.readings("device=iot-tls&limit=10"))
                .allSatisfy(r -> assertThat(r.get("device")).isEqualTo("iot-tls"));
        assertThat(api.metric("smartclinic_mqtt_acks_total", "broker=\"clinic\"")).as("acknowledged over TLS")
                .isGreaterThanOrEqualTo(2);
    }

    @Test
    void sameBrokerWithoutTheTrustStore_refusedSayingTlsFailed() {
        String reason = await().atMost(WAIT).until(() -> brokerReason("public"),
                r -> r != null && r.contains("TLS failed"));

        assertThat(reason).contains("reached, but TLS failed").contains("PKIX");
        assertThat(api.device("iot-untrusted").getString("state")).isNotEqualTo("CONNECTED");
    }

    @Test
    void trustStoreOnAPlainTcpBroker_deviceMisconfiguredSayingWhy() {
        var device = api.device("iot-mixed");

        assertThat(device.getString("state")).isEqualTo("MISCONFIGURED");
        assertThat(device.getString("stateReason")).contains("ssl://");
    }

    /** The reason {@code /api/transports} gives for broker {@code name}'s connection. */
    private static String brokerReason(String name) {
        List<Map<String, Object>> brokers = RestAssured.given().baseUri(gateway.baseUrl()).get("/api/transports")
                .then().statusCode(200).extract().jsonPath().getList("mqttBrokers");
        return brokers.stream().filter(b -> name.equals(b.get("name"))).map(b -> (String) b.get("reason"))
                .findFirst().orElse(null);
    }
}
