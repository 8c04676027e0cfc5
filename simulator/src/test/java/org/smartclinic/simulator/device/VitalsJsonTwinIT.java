package org.smartclinic.simulator.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.smartclinic.drivers.Measurement;
import org.smartclinic.drivers.Reading;
import org.smartclinic.drivers.Value;
import org.smartclinic.drivers.link.Connector;
import org.smartclinic.drivers.link.DeviceLink;
import org.smartclinic.drivers.link.LinkListener;
import org.smartclinic.drivers.link.LinkSettings;
import org.smartclinic.drivers.link.LinkState;
import org.smartclinic.drivers.spi.DeviceDriverFactory;
import org.smartclinic.drivers.spi.DriverContext;
import org.smartclinic.drivers.spi.Outcome;
import org.smartclinic.drivers.spi.RejectReason;
import org.smartclinic.drivers.testkit.MqttBroker;
import org.smartclinic.drivers.transport.mqtt.MqttBrokerSettings;
import org.smartclinic.drivers.transport.mqtt.MqttConnection;
import org.smartclinic.drivers.transport.mqtt.MqttSubscription;
import org.smartclinic.simulator.cli.SimulatorCli;
import org.smartclinic.simulator.device.iot.VitalsJsonTwin;
import org.smartclinic.simulator.device.iot.VitalsJsonTwin.Kind;
import org.smartclinic.simulator.device.iot.VitalsJsonTwin.Published;

import picocli.CommandLine;

/**
 * The IoT vitals twin against a real broker (the device-drivers test kit's {@link MqttBroker}), received the way
 * the gateway receives it: shared connection, subscription, device link, the real driver, an in-memory journal.
 */
class VitalsJsonTwinIT {

    private static final String TOPIC = "clinic/devices/iot-1/vitals";
    private static final Duration WAIT = Duration.ofSeconds(15);
    private static MqttBroker broker;

    private final List<AutoCloseable> toClose = new ArrayList<>();
    private final Map<String, Reading> journal = new ConcurrentHashMap<>();
    private final List<Outcome.Rejected> rejected = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void startBroker() {
        broker = MqttBroker.startDefault();
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
    }

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : toClose.reversed()) {
            c.close();
        }
    }

    @Test
    void tenMessages_faultKnobs_sixStoredWithTheirValuesFourCountedAllAcknowledged() throws Exception {
        MqttConnection connection = gateway("gw-twin-knobs");
        VitalsJsonTwin twin = VitalsJsonTwin.builder(broker.url(), TOPIC).clientId("iot-1").seed(7)
                .interval(Duration.ofMillis(30)).count(10).malformedEvery(5).outOfSchemaEvery(4).start();
        toClose.add(twin);

        assertThat(twin.awaitPublished(10, WAIT)).isTrue();
        await().atMost(WAIT).until(() -> journal.size() + rejected.size() == 10);
        assertThat(twin.published()).extracting(Published::kind).containsExactly(Kind.VITALS, Kind.VITALS,
                Kind.VITALS, Kind.OUT_OF_SCHEMA, Kind.MALFORMED, Kind.VITALS, Kind.VITALS, Kind.OUT_OF_SCHEMA,
                Kind.VITALS, Kind.MALFORMED);
        assertThat(rejected).extracting(Outcome.Rejected::reason).containsExactlyInAnyOrder(
                RejectReason.OUT_OF_SCHEMA, RejectReason.MALFORMED, RejectReason.OUT_OF_SCHEMA, RejectReason.MALFORMED);
        for (Published p : twin.published()) {
            if (p.kind() == Kind.VITALS) {
                assertStoredAsSent(p);
            }
        }
        assertThat(journal).hasSize(6);
        await().atMost(WAIT).until(() -> connection.stats().acksSent() == 10);
    }

    @Test
    void publishNow_manual_eachMessageArrivesAsPublished() throws Exception {
        List<String> received = new CopyOnWriteArrayList<>();
        MqttClient listener = new MqttClient(broker.url(), "listener-manual", new MemoryPersistence());
        MqttConnectOptions options = new MqttConnectOptions();
        options.setMaxInflight(100);
        listener.connect(options);
        toClose.add(listener::close);
        toClose.add(listener::disconnect);
        listener.subscribe(TOPIC, 1, (topic, message) -> received.add(new String(message.getPayload())));
        VitalsJsonTwin twin = VitalsJsonTwin.builder(broker.url(), TOPIC).interval(Duration.ZERO)
                .msgIdPrefix("manual").start();
        toClose.add(twin);

        Published first = twin.publishNow();
        Published second = twin.publishNow();

        await().atMost(WAIT).until(() -> received.size() == 2);
        assertThat(received).containsExactly(first.text(), second.text());
        assertThat(List.of(first.msgId(), second.msgId())).containsExactly("manual-000001", "manual-000002");
        assertThat(first.values()).containsKeys("temp", "spo2", "pulse", "sys", "dia", "map");
    }

    @Test
    void cli_countThree_publishesPrintsAndExitsZero() throws Exception {
        gateway("gw-twin-cli");
        StringWriter out = new StringWriter();
        CommandLine cli = new CommandLine(new SimulatorCli());
        cli.setOut(new PrintWriter(out, true));

        int exit = cli.execute("run", "mqtt-vitals", "--broker", broker.url(), "--topic", TOPIC, "--count", "3",
                "--interval", "50ms", "--seed", "3", "--client-id", "iot-1-cli");

        assertThat(exit).isZero();
        assertThat(out.toString()).containsPattern("#1 \\S+-000001  temp \\d\\d\\.\\d Cel  SpO2 \\d+ %  pulse \\d+ /min"
                + "  bp \\d+/\\d+ \\(\\d+\\) mm\\[Hg\\]\\R").contains("#3 ").contains("Stats: published 3");
        await().atMost(WAIT).until(() -> journal.size() == 3);
    }

    private void assertStoredAsSent(Published p) {
        Reading r = journal.get(p.msgId());
        assertThat(r).as("reading %s", p.msgId()).isNotNull();
        assertThat(value(r.measurements().get(0))).isEqualTo(p.values().get("temp") + " Cel");
        assertThat(value(r.measurements().get(1))).isEqualTo(p.values().get("spo2") + " %");
        assertThat(value(r.measurements().get(2))).isEqualTo(p.values().get("pulse") + " /min");
        assertThat(r.measurements().get(3).components()).extracting(VitalsJsonTwinIT::value).containsExactly(
                p.values().get("sys") + " mm[Hg]", p.values().get("dia") + " mm[Hg]",
                p.values().get("map") + " mm[Hg]");
    }

    private static String value(Measurement m) {
        Value.Quantity q = (Value.Quantity) m.value();
        return q.value().toPlainString() + " " + q.unit();
    }

    /** The gateway side: one broker connection, the device's link with the real driver, the journal. */
    private MqttConnection gateway(String clientId) {
        MqttConnection connection = new MqttConnection(MqttBrokerSettings.of(broker.url(), clientId)
                .withBackoff(Duration.ofMillis(100), Duration.ofMillis(500)));
        toClose.add(connection);
        connection.start();
        DeviceLink link = new DeviceLink("iot-1",
                Connector.messages(() -> new MqttSubscription(connection, "clinic/devices/iot-1/#", 1)),
                DeviceDriverFactory.find("vitals-json").orElseThrow().create(DriverContext.of("iot-1", ZoneOffset.UTC)),
                accepted -> accepted.readings().forEach(r -> journal.putIfAbsent(r.key(), r)),
                new LinkListener() {
                    @Override
                    public void rejected(String deviceId, Outcome.Rejected r) {
                        rejected.add(r);
                    }
                }, LinkSettings.withQuietTime(Duration.ZERO));
        toClose.add(link);
        link.start();
        await().atMost(WAIT).until(() -> link.state() == LinkState.CONNECTED);
        return connection;
    }
}
