package org.smartclinic.simulator.load;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.smartclinic.drivers.instrument.iot.vitalsjson.VitalsJsonPayload;

/**
 * {@code devices} simulated MQTT vitals devices, each its own MQTT session ({@link MqttWirePublisher}) publishing {@code messages} messages with QoS 1 to
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

    /** Packet ids are 1 to 65535, so no more may be unacknowledged at once. */
    static final int MAX_INFLIGHT = 0xFFFF;
    private static final long MAX_PAYLOAD_BYTES = 1L << 30;
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

    public MqttLoad {
        if (inflight < 1 || inflight > MAX_INFLIGHT) {
            throw new IllegalArgumentException("messages in flight per device must be 1 to " + MAX_INFLIGHT + ": "
                    + inflight);
        }
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

    /**
     * Publishes everything and waits for the broker's acknowledgements (at most {@code timeout}). The payloads are
     * built before the clock starts, as a device has its readings before it sends them.
     *
     * @throws IOException if a device cannot connect to the broker
     */
    public Result run(Duration timeout) throws IOException, InterruptedException {
        byte[][][] payloads = payloads();
        List<MqttWirePublisher> sessions = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        AtomicLong acked = new AtomicLong();
        CountDownLatch finished = new CountDownLatch(devices);
        try {
            for (int d = 1; d <= devices; d++) {
                sessions.add(MqttWirePublisher.connect(brokerUrl, "sim-" + deviceId(d), CONNECT_TIMEOUT));
            }
            long start = System.nanoTime();
            for (int d = 1; d <= devices; d++) {
                MqttWirePublisher session = sessions.get(d - 1);
                Semaphore window = new Semaphore(inflight);
                byte[] topic = topic(d).getBytes(StandardCharsets.UTF_8);
                byte[][] messages = payloads[d - 1];
                threads.add(Thread.ofPlatform().name("load-" + d + "-acks")
                        .start(() -> collect(session, messages.length, window, acked, finished)));
                threads.add(Thread.ofPlatform().name("load-" + d)
                        .start(() -> publishAll(session, topic, messages, window)));
            }
            finished.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            return new Result(acked.get(), totalMessages() - acked.get(), took);
        } finally {
            sessions.forEach(MqttWirePublisher::close);
            for (Thread t : threads) {
                t.interrupt();
                t.join(1000);
            }
        }
    }

    private long totalMessages() {
        return (long) devices * messages;
    }

    /** Every device's messages, built up front; refused if they would not fit in memory comfortably. */
    private byte[][][] payloads() {
        OffsetDateTime time = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS);
        long estimate = (long) payload(1, messages, perMessage, time).length * totalMessages();
        if (estimate > MAX_PAYLOAD_BYTES) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, "the run's messages take about %d MiB,"
                    + " more than the %d MiB the generator builds ahead: use fewer devices or messages",
                    estimate >> 20, MAX_PAYLOAD_BYTES >> 20));
        }
        byte[][][] all = new byte[devices][messages][];
        for (int d = 1; d <= devices; d++) {
            for (int n = 1; n <= messages; n++) {
                all[d - 1][n - 1] = payload(d, n, perMessage, time);
            }
        }
        return all;
    }

    /** Writes a device's messages, as many at a time as its window allows, each run flushed in one go. */
    private static void publishAll(MqttWirePublisher session, byte[] topic, byte[][] messages, Semaphore window) {
        int n = 0;
        try {
            while (n < messages.length) {
                window.acquire();
                int run = Math.min(1 + window.drainPermits(), messages.length - n);
                for (int i = 0; i < run; i++, n++) {
                    session.publish(topic, messages[n], n % 0xFFFF + 1);
                }
                session.flush();
            }
        } catch (IOException e) {
            // the acknowledgements' reader sees the broken connection too and ends the device's run
            session.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Counts a device's PUBACKs, each freeing a place in its window, until all came or the connection broke. */
    private static void collect(MqttWirePublisher session, int count, Semaphore window, AtomicLong acked,
            CountDownLatch finished) {
        try {
            for (int i = 0; i < count; i++) {
                session.readAck();
                acked.incrementAndGet();
                window.release();
            }
        } catch (IOException e) {
            // what was not acknowledged is reported as failed
        } finally {
            finished.countDown();
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
}
