package org.smartclinic.drivers.transport.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;
import org.smartclinic.drivers.testkit.MqttBroker;

/**
 * The MQTT transport against a real broker (Mosquitto when installed, else Moquette; see {@link MqttBroker}), with
 * Paho as the publishing device: acknowledgements per message after settlement, redelivery, broker outages,
 * routing, and a slow device that does not hold up the others.
 */
class MqttTransportIT {

    private static MqttBroker broker;

    private final List<AutoCloseable> toClose = new ArrayList<>();
    private String name;

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
        broker.start();
    }

    @Test
    void accept_onlyAfterSettlement_unsettledIsRedeliveredAndAcceptedIsNot(TestInfo info) throws Exception {
        MqttConnection connection = connection(info);
        Recorder device = open(connection, "t/a/#", Recorder.holding());
        TestDevice sender = device("a");
        sender.publish("t/a/vitals", "m1");
        waitUntil().until(() -> device.received.size() == 1);

        connection.reconnect("test: unsettled message");
        waitUntil().until(() -> device.received.size() == 2);
        assertThat(device.received.get(1).text()).isEqualTo("m1");
        assertThat(device.received.get(1).duplicate()).isTrue();
        device.received.forEach(Recorder.Received::accept);
        sender.publish("t/a/vitals", "m2");
        waitUntil().until(() -> device.received.size() == 3);
        device.received.get(2).accept();

        reconnected(connection, "test: everything settled");
        sender.publish("t/a/vitals", "marker");
        waitUntil().until(() -> device.texts().contains("marker"));
        assertThat(device.texts()).containsExactly("m1", "m1", "m2", "marker");
        assertThat(connection.stats().acksSent()).isEqualTo(2);
        assertThat(connection.stats().staleSettlements()).isEqualTo(1);
        assertThat(device.closed).as("a deliberate reconnect keeps subscriptions open").isEmpty();
    }

    @Test
    void retry_once_redeliveredWithTheDupFlagThenAcknowledged(TestInfo info) throws Exception {
        MqttConnection connection = connection(info);
        AtomicInteger arrivals = new AtomicInteger();
        Recorder device = open(connection, "t/b/vitals", Recorder.settling(r -> {
            if (arrivals.incrementAndGet() == 1) {
                r.delivery().retry("journal full (test)", new byte[0]);
            } else {
                r.accept();
            }
        }));
        TestDevice sender = device("b");
        sender.publish("t/b/vitals", "m1");
        waitUntil().until(() -> device.received.size() == 2);
        assertThat(device.received).extracting(Recorder.Received::duplicate).containsExactly(false, true);
        assertThat(connection.stats().redeliveriesRequested()).isEqualTo(1);
        assertThat(connection.stats().redeliveryReconnects()).isEqualTo(1);

        reconnected(connection, "test: settled");
        sender.publish("t/b/vitals", "marker");
        waitUntil().until(() -> device.texts().contains("marker"));
        assertThat(device.texts()).containsExactly("m1", "m1", "marker");
    }

    @Test
    void brokerRestart_sameConnection_reconnectsResubscribesAndDelivers(TestInfo info) throws Exception {
        MqttConnection connection = connection(info);
        Recorder before = open(connection, "t/c/#", Recorder.accepting());
        broker.stop();
        waitUntil().until(() -> connection.state() == MqttConnection.State.BACKOFF);
        assertThat(before.closed).containsExactly("connection to broker " + broker.url()
                + " lost: the broker closed the connection");
        waitUntil().until(() -> connection.stateReason().contains("unreachable"));
        assertThat(connection.stateReason()).startsWith("broker " + broker.url() + " unreachable: connection refused");
        assertThatThrownBy(() -> new MqttSubscription(connection, "t/c/#", 1).open(Recorder.accepting()))
                .isInstanceOf(IOException.class).hasMessageContaining("unreachable: connection refused");

        broker.start();
        waitUntil().until(() -> connection.state() == MqttConnection.State.CONNECTED);
        device("c").publish("t/c/vitals", "after restart");
        // The broker lost the session in the restart: only the connection's own resubscription brings this here,
        // where it waits for the device's link to open its subscription again.
        waitUntil().until(() -> connection.stats().parked() == 1);
        Recorder after = open(connection, "t/c/#", Recorder.accepting());
        waitUntil().until(() -> after.texts().equals(List.of("after restart")));
        assertThat(connection.stats().connectionLosses()).isEqualTo(1);
        assertThat(connection.stats().connects()).isEqualTo(2);
    }

    /**
     * Overlapping filters: a message both match goes to both and is acknowledged once both settled. (MQTT 3.1.1
     * lets a broker send one copy per matching subscription, as Moquette does, or one in all, as Mosquitto does;
     * either way each subscription sees it.)
     */
    @Test
    void route_wildcardFilters_eachMessageToEveryMatchingSubscriptionAckedOnceAllSettled(TestInfo info)
            throws Exception {
        MqttConnection connection = connection(info);
        Recorder branch = open(connection, "t/d/a/#", Recorder.accepting());
        Recorder vitals = open(connection, "t/d/+/vitals", Recorder.settling(r -> {
            if (!r.message().source().equals("t/d/a/vitals") || r.duplicate()) {
                r.accept();
            }
        }));
        TestDevice sender = device("d");
        sender.publish("t/d/a/vitals", "both");
        sender.publish("t/d/a/status", "branch only");
        sender.publish("t/d/b/vitals", "vitals only");
        waitUntil().until(() -> branch.texts().containsAll(List.of("both", "branch only"))
                && vitals.texts().containsAll(List.of("both", "vitals only")));
        assertThat(branch.topics()).doesNotContain("t/d/b/vitals");
        assertThat(vitals.topics()).doesNotContain("t/d/a/status");
        assertThat(connection.stats().acksSent()).as("'both' waits for its second settlement").isEqualTo(2);

        connection.reconnect("test: one settlement missing");
        waitUntil().until(() -> vitals.received.stream().anyMatch(r -> r.text().equals("both") && r.duplicate()));
        waitUntil().until(() -> connection.stats().acksSent() >= 3);
        int branchBefore = branch.received.size();
        int vitalsBefore = vitals.received.size();
        reconnected(connection, "test: all settled");
        sender.publish("t/d/a/vitals", "marker");
        waitUntil().until(() -> branch.texts().contains("marker") && vitals.texts().contains("marker"));
        assertThat(branch.texts().subList(branchBefore, branch.received.size())).containsOnly("marker");
        assertThat(vitals.texts().subList(vitalsBefore, vitals.received.size())).containsOnly("marker");
    }

    @Test
    void slowSettlement_oneDevice_doesNotHoldUpAnother(TestInfo info) throws Exception {
        MqttConnection connection = connection(info);
        ScheduledExecutorService journal = Executors.newSingleThreadScheduledExecutor();
        toClose.add(journal::shutdownNow);
        AtomicInteger slowSettled = new AtomicInteger();
        AtomicInteger queued = new AtomicInteger();
        Recorder slow = open(connection, "t/e/slow", Recorder.settling(r -> journal.schedule(() -> {
            r.accept();
            slowSettled.incrementAndGet();
        }, 60L * queued.incrementAndGet(), TimeUnit.MILLISECONDS)));
        AtomicInteger slowSettledWhenFastArrived = new AtomicInteger(-1);
        Recorder fast = open(connection, "t/e/fast", Recorder.settling(r -> {
            slowSettledWhenFastArrived.set(slowSettled.get());
            r.accept();
        }));
        TestDevice sender = device("e");
        for (int i = 0; i < 10; i++) {
            sender.publish("t/e/slow", "slow " + i);
        }
        sender.publish("t/e/fast", "fast");
        waitUntil().until(() -> fast.received.size() == 1);
        assertThat(slowSettledWhenFastArrived.get()).as("slow messages settled when the fast one arrived")
                .isLessThan(10);
        waitUntil().until(() -> slowSettled.get() == 10);
        assertThat(slow.received).hasSize(10);
        waitUntil().until(() -> connection.stats().acksSent() == 11);
    }

    @Test
    void close_unsettledMessages_comeAgainToTheNextSubscriptionOfTheFilter(TestInfo info) throws Exception {
        MqttConnection connection = connection(info);
        waitUntil().until(() -> connection.state() == MqttConnection.State.CONNECTED);
        MqttSubscription first = new MqttSubscription(connection, "t/g/#", 1);
        Recorder stopped = Recorder.holding();
        first.open(stopped);
        device("g").publish("t/g/vitals", "m1");
        waitUntil().until(() -> stopped.received.size() == 1);

        first.close();
        waitUntil().until(() -> connection.stats().redeliveryReconnects() == 1);
        Recorder next = open(connection, "t/g/#", Recorder.accepting());

        waitUntil().until(() -> next.texts().equals(List.of("m1")));
        assertThat(next.received.get(0).duplicate()).isTrue();
        assertThat(stopped.closed).as("closing is not a connection loss").isEmpty();
    }

    @Test
    void staleSessionSubscription_messageMatchingNoDevice_leftUnacknowledgedAndCounted(TestInfo info)
            throws Exception {
        MqttConnection previousRun = connection(info);
        open(previousRun, "t/f/old/#", Recorder.accepting());
        previousRun.close();
        MqttConnection connection = connection(info);
        Recorder current = open(connection, "t/f/new/#", Recorder.accepting());
        TestDevice sender = device("f");
        sender.publish("t/f/old/vitals", "for a removed device");
        sender.publish("t/f/new/vitals", "marker");
        waitUntil().until(() -> current.texts().contains("marker"));
        assertThat(connection.stats().unrouted()).isEqualTo(1);
        assertThat(connection.stats().acksSent()).isEqualTo(1);
    }

    @Test
    void wrongPassword_mosquittoPasswordFile_stateReasonSaysSo(TestInfo info, @TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(MqttBroker.mosquittoInstalled(), MqttBroker.mosquittoMissing());
        try (MqttBroker secured = MqttBroker.builder().kind(MqttBroker.Kind.MOSQUITTO)
                .user("gateway", "right-secret").start()) {
            MqttConnection wrong = connection(secured.url(), info, "-wrong",
                    s -> s.withCredentials("gateway", MqttBrokerSettings.Password.of("wrong-secret".toCharArray())));
            waitUntil().until(() -> wrong.state() == MqttConnection.State.BACKOFF);
            assertThat(wrong.stateReason())
                    .startsWith("broker " + secured.url() + " refused the connection: ")
                    .contains("bad user name or password").doesNotContain("secret");

            Path file = Files.writeString(dir.resolve("broker-password"), "right-secret\n", StandardCharsets.UTF_8);
            MqttConnection right = connection(secured.url(), info, "-right",
                    s -> s.withCredentials("gateway", MqttBrokerSettings.Password.fromFile(file)));
            waitUntil().until(() -> right.state() == MqttConnection.State.CONNECTED);
            right.close();
            wrong.close();
        }
    }

    private MqttConnection connection(TestInfo info) {
        return connection(broker.url(), info, "", s -> s);
    }

    private MqttConnection connection(String url, TestInfo info,
            String suffix, java.util.function.UnaryOperator<MqttBrokerSettings> settings) {
        name = info.getTestMethod().orElseThrow().getName();
        MqttConnection c = new MqttConnection(settings.apply(MqttBrokerSettings.of(url, "gw-" + name + suffix)
                .withBackoff(Duration.ofMillis(100), Duration.ofMillis(400))));
        toClose.add(c);
        c.start();
        return c;
    }

    private Recorder open(MqttConnection connection, String filter, Recorder recorder) throws Exception {
        return open(connection, filter, recorder, toClose);
    }

    /** Once {@code connection} is up, a QoS 1 subscription to {@code filter} into {@code recorder}, closed later. */
    static Recorder open(MqttConnection connection, String filter, Recorder recorder, List<AutoCloseable> toClose)
            throws Exception {
        waitUntil().until(() -> connection.state() == MqttConnection.State.CONNECTED);
        MqttSubscription sub = new MqttSubscription(connection, filter, 1);
        toClose.add(sub);
        sub.open(recorder);
        return recorder;
    }

    private TestDevice device(String suffix) throws Exception {
        TestDevice d = new TestDevice(broker.url(), "device-" + name + "-" + suffix);
        toClose.add(d);
        return d;
    }

    /**
     * Reconnects and waits until the new connection is up: a message published before that can still reach the
     * old connection, unsettled there, and then comes again on the new one, as MQTT wants.
     */
    static void reconnected(MqttConnection connection, String why) {
        long before = connection.stats().connects();
        connection.reconnect(why);
        waitUntil().until(() -> connection.stats().connects() > before
                && connection.state() == MqttConnection.State.CONNECTED);
    }

    static ConditionFactory waitUntil() {
        return await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(10));
    }
}
