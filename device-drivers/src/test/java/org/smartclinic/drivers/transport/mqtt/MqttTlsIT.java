package org.smartclinic.drivers.transport.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.smartclinic.drivers.transport.mqtt.MqttTransportIT.waitUntil;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;
import org.smartclinic.drivers.testkit.MqttBroker;
import org.smartclinic.drivers.testkit.TestCertificates;

/**
 * The gateway's MQTT client over TLS ({@code ssl://}) against a real Mosquitto. The broker has a TLS listener whose
 * certificate comes from a test CA made with keytool ({@link TestCertificates}), and a plain listener for the test's
 * publishing device. A clinic runs its broker with its own CA: the gateway must trust exactly the CA its settings
 * give, check that the certificate names the broker's host, and keep retrying with a clear reason when TLS fails.
 */
class MqttTlsIT {

    @TempDir
    static Path pki;

    private static TestCertificates certificates;
    private static MqttBroker broker;

    private final List<AutoCloseable> toClose = new ArrayList<>();

    @BeforeAll
    static void startBroker() {
        Assumptions.assumeTrue(MqttBroker.mosquittoInstalled(), MqttBroker.mosquittoMissing());
        certificates = TestCertificates.create(pki);
        broker = MqttBroker.builder().kind(MqttBroker.Kind.MOSQUITTO).tls(certificates).start();
    }

    @AfterAll
    static void stopBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : toClose.reversed()) {
            c.close();
        }
    }

    @Test
    void ssl_trustingTheTestCa_connectsReceivesAndAcknowledges(TestInfo info) throws Exception {
        MqttConnection connection = connection(broker.tlsUrl(), info, s -> s.withTls(certificates.trustingCa()));
        waitUntil().until(() -> connection.state() == MqttConnection.State.CONNECTED);
        assertThat(connection.stateReason()).isEqualTo("connected to " + broker.tlsUrl() + " as gw-" + name(info));
        Recorder device = MqttTransportIT.open(connection, "tls/a/#", Recorder.accepting(), toClose);
        TestDevice sender = device(info);
        sender.publish("tls/a/vitals", "over tls");
        waitUntil().until(() -> device.received.size() == 1);
        waitUntil().until(() -> connection.stats().acksSent() == 1);
        assertThat(device.texts()).containsExactly("over tls");

        // Acknowledged for good: after a reconnect the broker has nothing to deliver again.
        long before = connection.stats().connects();
        connection.reconnect("test: settled");
        waitUntil().until(() -> connection.stats().connects() > before
                && connection.state() == MqttConnection.State.CONNECTED);
        sender.publish("tls/a/vitals", "marker");
        waitUntil().until(() -> device.texts().contains("marker"));
        assertThat(device.texts()).containsExactly("over tls", "marker");
        assertThat(connection.stats().connectFailures()).isZero();
    }

    @Test
    void ssl_jvmDefaultTrust_neverConnectsSaysTlsFailedAndKeepsRetrying(TestInfo info) {
        MqttConnection connection = connection(broker.tlsUrl(), info, s -> s);

        String reason = waitUntil().until(connection::stateReason, r -> r.contains("TLS failed"));
        assertThat(reason).startsWith("broker " + broker.tlsUrl() + " reached, but TLS failed: ")
                .contains("PKIX path building failed")
                .contains("(certificate, trust store, or not a TLS port)");
        long failures = connection.stats().connectFailures();
        waitUntil().until(() -> connection.stats().connectFailures() >= failures + 2);
        assertThat(connection.state()).isIn(MqttConnection.State.BACKOFF, MqttConnection.State.CONNECTING);
        assertThat(connection.stats().connects()).isZero();
    }

    @Test
    void ssl_certificateNotNamingTheHost_refusedByTheHostNameCheck(TestInfo info) throws Exception {
        TestCertificates other = certificates.server("other", "dns:other.example");
        try (MqttBroker misnamed = MqttBroker.builder().kind(MqttBroker.Kind.MOSQUITTO).tls(other).start()) {
            MqttConnection connection = connection(misnamed.tlsUrl(), info, s -> s.withTls(certificates.trustingCa()));

            String reason = waitUntil().until(connection::stateReason, r -> r.contains("TLS failed"));
            assertThat(reason).startsWith("broker " + misnamed.tlsUrl() + " reached, but TLS failed: ")
                    .contains("subject alternative names matching IP address 127.0.0.1");
            waitUntil().until(() -> connection.stats().connectFailures() >= 2);
            assertThat(connection.stats().connects()).isZero();
            connection.close();
        }
    }

    /**
     * The usual mistake, {@code ssl://} with the plain port. Mosquitto drops the connection on the TLS hello with
     * bytes unread, so the client sees a reset, which JSSE throws as a plain socket error: the client must still
     * say that TLS failed and hint at the port.
     */
    @Test
    void ssl_plainTcpPort_refusedWithTheTlsReason(TestInfo info) {
        String wrongPort = broker.url().replace("tcp://", "ssl://");
        MqttConnection connection = connection(wrongPort, info, s -> s.withTls(certificates.trustingCa()));

        String reason = waitUntil().until(connection::stateReason, r -> r != null && r.contains("TLS failed"));
        assertThat(reason).startsWith("broker " + wrongPort + " reached, but TLS failed: ")
                .contains("not a TLS port");
        assertThat(connection.stats().connects()).isZero();
    }

    private MqttConnection connection(String url, TestInfo info, UnaryOperator<MqttBrokerSettings> settings) {
        MqttConnection c = new MqttConnection(settings.apply(MqttBrokerSettings.of(url, "gw-" + name(info))
                .withBackoff(Duration.ofMillis(100), Duration.ofMillis(400))
                .withConnectTimeout(Duration.ofSeconds(5))));
        toClose.add(c);
        c.start();
        return c;
    }

    /** A device publishing over the broker's plain listener. */
    private TestDevice device(TestInfo info) throws Exception {
        TestDevice d = new TestDevice(broker.url(), "device-" + name(info));
        toClose.add(d);
        return d;
    }

    private static String name(TestInfo info) {
        return info.getTestMethod().orElseThrow().getName();
    }
}
