package org.smartclinic.simulator.load;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.eclipse.paho.client.mqttv3.IMqttActionListener;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.smartclinic.drivers.instrument.iot.vitalsjson.VitalsJsonPayload;

/**
 * {@code devices} simulated MQTT vitals devices, each its own client publishing {@code messages} messages with QoS 1 to
 * {@code <prefix>/load-<n>/vitals}, keeping up to {@code inflight} unacknowledged publishes each: with
 * {@code perMessage} 1, single {@code smartclinic.vitals/1} messages (one pulse reading each); above 1, batches
 * ({@code smartclinic.vitals-batch/1}) of that many stored readings, as a device uploads its memory after being
 * offline. Every reading has its own msgId (its key), unique per device. It counts the
 * broker's acknowledgements: a publish is then safe at the broker, and the gateway takes it from there (its own
 * PUBACK to the broker follows its journal commit, which is what the benchmark measures on the gateway side).
 *
 * @param devices  simulated devices (one MQTT client each)
 * @param messages messages per device
 * @param inflight   unacknowledged publishes per device at most
 * @param perMessage readings per message, 1 to {@link VitalsJsonPayload#MAX_BATCH_READINGS}
 */
public record MqttLoad(String brokerUrl, String topicPrefix, int devices, int messages, int inflight,
        int perMessage) {

    public MqttLoad {
        if (perMessage < 1 || perMessage > VitalsJsonPayload.MAX_BATCH_READINGS) {
            throw new IllegalArgumentException("readings per message must be 1 to "
                    + VitalsJsonPayload.MAX_BATCH_READINGS + ": " + perMessage);
        }
    }

    /** Readings the run publishes in all. */
    public long readings() {
        return (long) devices * messages * perMessage;
    }

    /** What a run did: publishes the broker acknowledged, and how long that took. */
    public record Result(long acknowledged, long failed, Duration took) {
        public double perSecond() {
            return acknowledged * 1e9 / Math.max(1, took.toNanos());
        }
    }

    /** The device id of simulated device {@code n} (from 1), as the gateway must register it. */
    public static String deviceId(int n) {
        return "load-" + n;
    }

    /** The topic simulated device {@code n} publishes to. */
    public String topic(int n) {
        return topicPrefix + "/" + deviceId(n) + "/vitals";
    }

    /** Publishes everything and waits for the broker's acknowledgements (at most {@code timeout}). */
    public Result run(Duration timeout) throws MqttException, InterruptedException {
        List<MqttAsyncClient> clients = new ArrayList<>();
        AtomicLong acked = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        CountDownLatch done = new CountDownLatch(devices * messages);
        try {
            for (int d = 1; d <= devices; d++) {
                clients.add(connect(d));
            }
            long start = System.nanoTime();
            List<Thread> publishers = new ArrayList<>();
            for (int d = 1; d <= devices; d++) {
                int device = d;
                publishers.add(Thread.ofPlatform().name("load-" + d).start(() ->
                        publishAll(clients.get(device - 1), device, acked, failed, done)));
            }
            boolean finished = done.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            for (Thread t : publishers) {
                t.join(1000);
            }
            if (!finished) {
                failed.addAndGet(done.getCount());
            }
            return new Result(acked.get(), failed.get(), took);
        } finally {
            for (MqttAsyncClient c : clients) {
                closeQuietly(c);
            }
        }
    }

    private MqttAsyncClient connect(int device) throws MqttException {
        MqttAsyncClient client = new MqttAsyncClient(brokerUrl, "sim-" + deviceId(device), new MemoryPersistence());
        MqttConnectOptions options = new MqttConnectOptions();
        options.setCleanSession(true);
        options.setMaxInflight(Math.max(10, inflight));
        options.setAutomaticReconnect(false);
        client.connect(options).waitForCompletion(10_000);
        return client;
    }

    private void publishAll(MqttAsyncClient client, int device, AtomicLong acked, AtomicLong failed,
            CountDownLatch done) {
        Semaphore window = new Semaphore(inflight);
        IMqttActionListener listener = new IMqttActionListener() {
            @Override
            public void onSuccess(IMqttToken token) {
                acked.incrementAndGet();
                window.release();
                done.countDown();
            }

            @Override
            public void onFailure(IMqttToken token, Throwable cause) {
                failed.incrementAndGet();
                window.release();
                done.countDown();
            }
        };
        OffsetDateTime time = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS);
        for (int n = 1; n <= messages; n++) {
            try {
                window.acquire();
                MqttMessage m = new MqttMessage(payload(device, n, perMessage, time));
                m.setQos(1);
                client.publish(topic(device), m, null, listener);
            } catch (MqttException e) {
                listener.onFailure(null, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /**
     * Message {@code n} (from 1) of a device: {@code perMessage} pulse readings, msgIds
     * {@code load-<device>-<reading>} unique per device; a single message when {@code perMessage} is 1.
     */
    static byte[] payload(int device, int n, int perMessage, OffsetDateTime time) {
        List<VitalsJsonPayload.Builder> readings = new ArrayList<>(perMessage);
        for (int i = 0; i < perMessage; i++) {
            long reading = (long) (n - 1) * perMessage + i + 1;
            readings.add(VitalsJsonPayload.builder(deviceId(device) + "-" + reading, time)
                    .result("pulse", BigDecimal.valueOf(60 + reading % 40), "/min"));
        }
        return perMessage == 1 ? readings.getFirst().toBytes() : VitalsJsonPayload.batch(readings);
    }

    private static void closeQuietly(MqttAsyncClient c) {
        try {
            if (c.isConnected()) {
                c.disconnect().waitForCompletion(5000);
            }
            c.close();
        } catch (MqttException e) {
            // closing a benchmark client: nothing to recover
        }
    }
}
