package org.smartclinic.simulator.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;
import org.smartclinic.drivers.instrument.iot.vitalsjson.VitalsJsonDriverFactory;
import org.smartclinic.drivers.spi.DriverContext;
import org.smartclinic.drivers.spi.InboundMessage;
import org.smartclinic.drivers.spi.MessageDriver;
import org.smartclinic.drivers.spi.Outcome;
import org.smartclinic.drivers.testkit.MqttBroker;
import org.smartclinic.simulator.cli.SimulatorCli;

import picocli.CommandLine;

/**
 * The load generator's own MQTT sessions ({@link MqttWirePublisher}) against a real broker, read back by a Paho
 * subscriber: every message arrives once, on its device's topic, with QoS 1 and its payload intact, and the run
 * counts exactly the broker's acknowledgements.
 */
class MqttLoadIT {

    @Test
    void run_threeDevicesSmallWindow_everyMessageArrivesOnceWithQos1() throws Exception {
        try (MqttBroker broker = MqttBroker.startDefault()) {
            Map<String, String> received = new ConcurrentHashMap<>();
            Set<String> duplicates = ConcurrentHashMap.newKeySet();
            Set<Integer> qos = ConcurrentHashMap.newKeySet();
            MqttClient subscriber = new MqttClient(broker.url(), "load-it-reader", new MemoryPersistence());
            MqttConnectOptions options = new MqttConnectOptions();
            options.setCleanSession(true);
            options.setMaxInflight(1000);
            subscriber.connect(options);
            subscriber.subscribe("clinic/devices/+/vitals", 1, (topic, message) -> {
                String body = new String(message.getPayload(), StandardCharsets.UTF_8);
                if (received.put(topic + " " + body, topic) != null) {
                    duplicates.add(body);
                }
                qos.add(message.getQos());
            });
            try {
                MqttLoad load = new MqttLoad(broker.url(), "clinic/devices", 3, 300, 7, 1);

                MqttLoad.Result result = load.run(Duration.ofMinutes(1));

                assertThat(result.acknowledged()).isEqualTo(900);
                assertThat(result.failed()).isZero();
                // fewer than Mosquitto's default queue per subscriber (1,000), which it may drop beyond
                await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(received.size()).isEqualTo(900));
                assertThat(duplicates).isEmpty();
                assertThat(qos).containsExactly(1);
                assertThat(received.keySet()).anyMatch(k -> k.startsWith("clinic/devices/load-2/vitals ")
                        && k.contains("\"load-2-300\""));
                assertThat(Set.copyOf(received.values())).containsOnly("clinic/devices/load-1/vitals",
                        "clinic/devices/load-2/vitals", "clinic/devices/load-3/vitals");
            } finally {
                subscriber.disconnect();
                subscriber.close();
            }
        }
    }

    @Test
    void run_batchesOfFiveHundred_arriveWholeAndReadable() throws Exception {
        try (MqttBroker broker = MqttBroker.startDefault()) {
            List<byte[]> payloads = new CopyOnWriteArrayList<>();
            MqttClient subscriber = new MqttClient(broker.url(), "load-it-batches", new MemoryPersistence());
            subscriber.connect();
            subscriber.subscribe("clinic/devices/+/vitals", 1, (topic, message) -> payloads.add(message.getPayload()));
            try {
                MqttLoad load = new MqttLoad(broker.url(), "clinic/devices", 1, 5, 2, 500);

                MqttLoad.Result result = load.run(Duration.ofMinutes(1));

                assertThat(result.acknowledged()).isEqualTo(5);
                await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(payloads).hasSize(5));
                assertThat(payloads).allSatisfy(p -> assertThat(p.length).as("three bytes of remaining length")
                        .isGreaterThan(16_384));
                MessageDriver driver = (MessageDriver) new VitalsJsonDriverFactory()
                        .create(DriverContext.of(MqttLoad.deviceId(1), ZoneOffset.UTC));
                List<Outcome> outcomes = payloads.stream().flatMap(p -> driver.onMessage(new InboundMessage(
                        "clinic/devices/load-1/vitals", p, Instant.now(), Map.of())).stream()).toList();
                assertThat(outcomes).allSatisfy(o -> assertThat(o).isInstanceOf(Outcome.Accepted.class));
                assertThat(outcomes.stream().mapToInt(o -> ((Outcome.Accepted) o).readings().size()).sum())
                        .isEqualTo(2500);
            } finally {
                subscriber.disconnect();
                subscriber.close();
            }
        }
    }

    @Test
    void run_atAGivenRate_publishesEverythingNoFasterThanOffered() throws Exception {
        try (MqttBroker broker = MqttBroker.startDefault()) {
            // 2 devices x 60 messages at 120 messages/s together: each device 60/s, its last message due 59/60 s
            // after its start; unpaced, the same run takes a few milliseconds
            MqttLoad load = new MqttLoad(broker.url(), "clinic/devices", 2, 60, 10, 1).withRate(120);
            long before = System.nanoTime();

            MqttLoad.Result result = load.run(Duration.ofMinutes(1));

            assertThat(result.acknowledged()).isEqualTo(120);
            assertThat(result.failed()).isZero();
            assertThat(result.startNanos()).as("when the devices began, after connecting").isGreaterThan(before);
            assertThat(result.took()).isGreaterThanOrEqualTo(Duration.ofMillis(950));
            assertThat(result.perSecond()).isLessThanOrEqualTo(130);
        }
    }

    @Test
    void run_timeoutWhileADeviceWaitsForItsNextMessage_reportsTheRestFailedAndTheDeviceStops() throws Exception {
        try (MqttBroker broker = MqttBroker.startDefault()) {
            // one message every 5 s: the second is not due before the run's 300 ms are over
            MqttLoad load = new MqttLoad(broker.url(), "clinic/devices", 1, 5, 5, 1).withRate(0.2);

            MqttLoad.Result result = load.run(Duration.ofMillis(300));

            // the first is due at once (acknowledged unless the machine is very slow), the rest never went
            assertThat(result.acknowledged()).isLessThanOrEqualTo(1);
            assertThat(result.acknowledged() + result.failed()).isEqualTo(5);
            assertThat(Thread.getAllStackTraces().keySet()).as("the device's thread ended with the run")
                    .noneMatch(t -> t.getName().equals("load-1") && t.isAlive());
        }
    }

    @Test
    void loadCommand_withRate_publishesAtThatPaceAndSaysSo() throws Exception {
        try (MqttBroker broker = MqttBroker.startDefault()) {
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            CommandLine cli = new CommandLine(new SimulatorCli()).setOut(new PrintWriter(out, true))
                    .setErr(new PrintWriter(err, true));
            long started = System.nanoTime();

            int exit = cli.execute("load", "--broker", broker.url(), "--devices", "2", "--messages", "30",
                    "--inflight", "5", "--rate", "60");

            assertThat(exit).as(err.toString()).isZero();
            assertThat(Duration.ofNanos(System.nanoTime() - started)).as("60 messages at 60/s")
                    .isGreaterThanOrEqualTo(Duration.ofMillis(950));
            assertThat(out.toString()).contains("published 60 messages of 1 reading(s) (broker-acknowledged), 0 failed");
        }
    }

    @Test
    void loadCommand_negativeRate_refusedWithTheReason() {
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new SimulatorCli()).setErr(new PrintWriter(err, true));

        int exit = cli.execute("load", "--broker", "tcp://127.0.0.1:1", "--rate", "-5");

        assertThat(exit).isNotZero();
        assertThat(err.toString()).contains("messages per second must be 0 (as fast as possible) or more: -5");
    }

    @Test
    void run_noBrokerListening_failsWithTheReason() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        MqttLoad load = new MqttLoad("tcp://127.0.0.1:" + port, "clinic/devices", 1, 1, 1, 1);

        assertThatThrownBy(() -> load.run(Duration.ofSeconds(5))).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> new MqttLoad("ssl://127.0.0.1:8883", "p", 1, 1, 1, 1).run(Duration.ofSeconds(5)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("tcp://host:port");
    }

    @Test
    void run_brokerRefusesAnonymous_failsWithTheConnackCode() {
        // Mosquitto answers 5 (not authorized), Moquette 4 (bad user name or password)
        try (MqttBroker broker = MqttBroker.builder().user("staff", "s3cret-pass").allowAnonymous(false).start()) {
            MqttLoad load = new MqttLoad(broker.url(), "clinic/devices", 1, 1, 1, 1);

            assertThatThrownBy(() -> load.run(Duration.ofSeconds(5))).isInstanceOf(IOException.class)
                    .hasMessageContaining("refused the connection")
                    .hasMessageMatching(".*CONNACK return code [45]\\)");
        }
    }
}
