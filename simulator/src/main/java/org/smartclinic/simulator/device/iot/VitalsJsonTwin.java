package org.smartclinic.simulator.device.iot;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.smartclinic.simulator.twin.Checks;
import org.smartclinic.simulator.twin.MonitorWait;
import org.smartclinic.simulator.twin.ProducerThread;

/**
 * Device-side twin of a connected IoT vitals monitor: publishes {@code smartclinic.vitals/1} messages (written by
 * the driver's own {@code VitalsJsonPayload}) with QoS 1 to one topic on a real broker, every
 * {@code interval}, {@code count} times (0: until closed), each with temperature, SpO2, pulse and a blood pressure
 * panel. Its msgIds are {@code <prefix>-<6-digit number>}; a message whose publish fails (broker away) is sent
 * again, unchanged, at the next tick, as a device that keeps unsent results does.
 *
 * <p>Fault knobs: every n-th message not JSON ({@code malformedEvery}: the JSON cut in half) or out of schema
 * ({@code outOfSchemaEvery}: a {@code deviceId} field, which the schema refuses because identity is the topic);
 * malformed wins when both hit the same message. One daemon thread, {@code vitals-twin-<client id>} (a
 * {@link ProducerThread}), unless the interval is zero (then only {@link #publishNow()} publishes).
 */
public final class VitalsJsonTwin implements AutoCloseable {

    /** What a message was made to be. */
    public enum Kind { VITALS, MALFORMED, OUT_OF_SCHEMA }

    /**
     * A message the twin published (the broker acknowledged it).
     *
     * @param number  1 for the twin's first message
     * @param msgId   its msgId (also in the malformed and out-of-schema ones, as far as they go)
     * @param values  code to value as sent: temp (Cel), spo2 (%), pulse (/min), sys, dia, map (mm[Hg])
     * @param payload the bytes published
     */
    public record Published(int number, String msgId, Kind kind, Map<String, String> values, byte[] payload) {
        public String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }
    }

    private static final Logger LOG = LoggerFactory.getLogger(VitalsJsonTwin.class);

    private final Builder settings;
    private final MqttClient client;
    private final VitalsTwinMessages messages;
    private final List<Published> published = new CopyOnWriteArrayList<>();
    private final Object lock = new Object();
    private final ProducerThread producer;
    private Published pending;
    private int numbered;
    private int failures;

    private VitalsJsonTwin(Builder b) throws MqttException {
        this.settings = b;
        Random random = b.seed == null ? new Random() : new Random(b.seed);
        this.messages = new VitalsTwinMessages(new VitalsValueGenerator(random), b.msgIdPrefix, b.zone,
                b.malformedEvery, b.outOfSchemaEvery, b.clientId);
        this.client = new MqttClient(b.brokerUrl, b.clientId, new MemoryPersistence());
        this.producer = new ProducerThread("vitals-twin-" + b.clientId, b.interval, this::publishOnThread);
    }

    public static Builder builder(String brokerUrl, String topic) {
        return new Builder(brokerUrl, topic);
    }

    /**
     * Generates the next message and publishes it now (or the one a failed publish left pending).
     *
     * @throws IOException if the broker did not take it; it is sent again on the next call or tick
     */
    public Published publishNow() throws IOException {
        synchronized (lock) {
            if (producer.isClosed()) {
                throw new IllegalStateException("twin closed");
            }
            Published next = pending != null ? pending : messages.next(++numbered);
            pending = next;
            try {
                client.publish(settings.topic, next.payload(), 1, false);
            } catch (MqttException e) {
                failures++;
                throw new IOException("publishing " + next.msgId() + " to " + settings.brokerUrl + " failed: "
                        + e.getMessage(), e);
            }
            pending = null;
            published.add(next);
            lock.notifyAll();
            settings.listener.accept(next);
            return next;
        }
    }

    /** The messages published so far, oldest first. */
    public List<Published> published() {
        return List.copyOf(published);
    }

    /** Publishes that failed (and were retried). */
    public int failures() {
        synchronized (lock) {
            return failures;
        }
    }

    /** Waits until {@code n} messages are published; true if they were within {@code timeout}. */
    public boolean awaitPublished(int n, Duration timeout) throws InterruptedException {
        synchronized (lock) {
            MonitorWait.until(lock, () -> published.size() >= n || producer.isClosed(), timeout);
            return published.size() >= n;
        }
    }

    /** Stops publishing and disconnects. Idempotent. */
    @Override
    public void close() {
        if (!producer.stop()) {
            return;
        }
        synchronized (lock) {
            lock.notifyAll();
        }
        try {
            if (client.isConnected()) {
                client.disconnect(1000);
            }
            client.close();
        } catch (MqttException e) {
            LOG.debug("closing the twin's MQTT client: {}", e.toString());
        }
    }

    private void start() throws IOException {
        MqttConnectOptions o = new MqttConnectOptions();
        o.setMaxInflight(100);
        o.setAutomaticReconnect(true);
        o.setConnectionTimeout(5);
        if (settings.username != null) {
            o.setUserName(settings.username);
            o.setPassword(settings.password);
        }
        try {
            client.connect(o);
        } catch (MqttException e) {
            close();
            throw new IOException("cannot connect to " + settings.brokerUrl + " as " + settings.clientId + ": "
                    + e.getMessage(), e);
        }
        if (!settings.interval.isZero()) {
            producer.start();
        }
    }

    /** One publish of the twin's thread; false once the count is published or the twin closed. */
    private boolean publishOnThread() {
        try {
            publishNow();
        } catch (IOException e) {
            LOG.info("vitals twin {}: {}; retrying at the next tick", settings.clientId, e.getMessage());
        } catch (IllegalStateException e) {
            return false;
        }
        return settings.count == 0 || published.size() < settings.count;
    }

    /** Settings; {@link #start()} connects and starts publishing. */
    public static final class Builder {
        private final String brokerUrl;
        private final String topic;
        private String clientId = "vitals-twin-" + Long.toString(System.nanoTime() & 0xFFFFFF, 36);
        private Duration interval = Duration.ofSeconds(5);
        private int count;
        private Long seed;
        private int malformedEvery;
        private int outOfSchemaEvery;
        private String msgIdPrefix = Long.toString(System.currentTimeMillis(), 36);
        private ZoneId zone = ZoneId.systemDefault();
        private String username;
        private char[] password;
        private Consumer<Published> listener = p -> { };

        private Builder(String brokerUrl, String topic) {
            this.brokerUrl = Objects.requireNonNull(brokerUrl, "brokerUrl");
            this.topic = Objects.requireNonNull(topic, "topic");
        }

        /** The device's MQTT client id (what the broker's ACL binds its topic to); default random. */
        public Builder clientId(String value) {
            clientId = Objects.requireNonNull(value, "clientId");
            return this;
        }

        /** Pause between messages; default 5 s; ZERO = publish only on {@link VitalsJsonTwin#publishNow()}. */
        public Builder interval(Duration value) {
            interval = Checks.notNegative(value, "interval");
            return this;
        }

        /** Messages to publish on the interval; 0 (default) = until closed. */
        public Builder count(int value) {
            count = Checks.atLeast(value, 0, "count");
            return this;
        }

        /** Seed of the generated values; default random. */
        public Builder seed(long value) {
            seed = value;
            return this;
        }

        /** Every n-th message is not JSON (cut in half); 0 (default) = never. */
        public Builder malformedEvery(int n) {
            malformedEvery = Checks.atLeast(n, 0, "malformedEvery");
            return this;
        }

        /** Every n-th message carries a {@code deviceId} field, out of schema; 0 (default) = never. */
        public Builder outOfSchemaEvery(int n) {
            outOfSchemaEvery = Checks.atLeast(n, 0, "outOfSchemaEvery");
            return this;
        }

        /** Prefix of the msgIds, {@code [A-Za-z0-9._:]}; default the start time in base 36 (new per run). */
        public Builder msgIdPrefix(String value) {
            if (!value.matches("[A-Za-z0-9._:]{1,50}")) {
                throw new IllegalArgumentException("msgIdPrefix must be 1..50 of [A-Za-z0-9._:]: " + value);
            }
            msgIdPrefix = value;
            return this;
        }

        /** Zone of the device clock, for the offset of its times; default the system zone. */
        public Builder zone(ZoneId value) {
            zone = Objects.requireNonNull(value, "zone");
            return this;
        }

        public Builder credentials(String user, char[] secret) {
            username = Objects.requireNonNull(user, "user");
            password = secret.clone();
            return this;
        }

        /** Told of every published message, on the publishing thread; must be quick. */
        public Builder listener(Consumer<Published> value) {
            listener = Objects.requireNonNull(value, "listener");
            return this;
        }

        /**
         * Connects and starts publishing.
         *
         * @throws IOException if the broker cannot be reached or refuses the client
         */
        public VitalsJsonTwin start() throws IOException {
            VitalsJsonTwin twin;
            try {
                twin = new VitalsJsonTwin(this);
            } catch (MqttException | IllegalArgumentException e) {
                throw new IOException("broker url " + brokerUrl + ": " + e.getMessage(), e);
            }
            twin.start();
            return twin;
        }
    }
}
