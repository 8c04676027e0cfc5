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
import java.util.concurrent.locks.LockSupport;

import org.smartclinic.drivers.instrument.iot.vitalsjson.VitalsJsonPayload;

/**
 * {@code devices} simulated MQTT vitals devices, each its own MQTT session ({@link MqttWirePublisher}) publishing {@code messages} messages with QoS 1 to
 * {@code <prefix>/load-<n>/vitals}, keeping up to {@code inflight} unacknowledged publishes each: with
 * {@code perMessage} 1, single {@code smartclinic.vitals/1} messages (one pulse reading each); above 1, batches
 * ({@code smartclinic.vitals-batch/1}) of that many stored readings, as a device uploads its memory after being
 * offline. With {@code rate} above 0 the devices together offer that many messages per second, each device its
 * share at an even pace (what a clinic's instruments do: they send as they measure, not as fast as the broker takes
 * it), so a benchmark sees whether the gateway keeps up with a given load instead of how it shares the machine with
 * devices flooding the broker; a device whose window is full falls behind and catches up as acknowledgements come.
 * Every reading has its own msgId (its key), unique per device. It counts the
 * broker's acknowledgements: a publish is then safe at the broker, and the gateway takes it from there (its own
 * PUBACK to the broker follows its journal commit, which is what the benchmark measures on the gateway side).
 *
 * @param devices  simulated devices (one MQTT client each)
 * @param messages messages per device
 * @param inflight   unacknowledged publishes per device at most
 * @param perMessage readings per message, 1 to {@link VitalsJsonPayload#MAX_BATCH_READINGS}
 * @param rate       messages per second of all devices together; 0 for as fast as the windows allow
 */
public record MqttLoad(String brokerUrl, String topicPrefix, int devices, int messages, int inflight,
        int perMessage, double rate) {

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
        if (!(rate >= 0) || Double.isInfinite(rate)) {
            throw new IllegalArgumentException("messages per second must be 0 (as fast as possible) or more: " + rate);
        }
    }

    /** As fast as the windows allow. */
    public MqttLoad(String brokerUrl, String topicPrefix, int devices, int messages, int inflight, int perMessage) {
        this(brokerUrl, topicPrefix, devices, messages, inflight, perMessage, 0);
    }

    /** The same load, offered at {@code messagesPerSecond} (all devices together; 0: as fast as possible). */
    public MqttLoad withRate(double messagesPerSecond) {
        return new MqttLoad(brokerUrl, topicPrefix, devices, messages, inflight, perMessage, messagesPerSecond);
    }

    /** Readings the run publishes in all. */
    public long readings() {
        return (long) devices * messages * perMessage;
    }

    /**
     * What a run did: publishes the broker acknowledged, and how long that took from {@code startNanos} (the
     * {@link System#nanoTime()} at which the devices began, after their payloads were built).
     */
    public record Result(long acknowledged, long failed, Duration took, long startNanos) {
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
                // each device starts its pace a fraction of one message's time after the one before
                long offset = rate > 0 ? Math.round(1e9 / rate * (d - 1)) : 0;
                Pace pace = rate > 0 ? new Pace(start + offset, rate / devices) : Pace.NONE;
                threads.add(Thread.ofPlatform().name("load-" + d)
                        .start(() -> publishAll(session, topic, messages, window, pace)));
            }
            finished.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            return new Result(acked.get(), totalMessages() - acked.get(), took, start);
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

    /**
     * When a device's messages are due: message {@code n} (from 0) at {@code start + n / perSecond}; {@link #NONE}
     * has every message due at once.
     */
    record Pace(long start, double perSecond) {
        static final Pace NONE = new Pace(0, 0);
        /** A device waits at least this long between runs, so it sends a few messages per write at high rates. */
        static final long MIN_WAIT_NANOS = 1_000_000;

        /** Messages due by {@code now} (System.nanoTime), at most {@code total}. */
        int dueBy(long now, int total) {
            if (perSecond <= 0) {
                return total;
            }
            long due = now < start ? 0 : (long) ((now - start) * perSecond / 1e9) + 1;
            return (int) Math.min(total, due);
        }

        /** Nanoseconds from {@code now} until message {@code n} is due (0 if it is). */
        long waitFor(int n, long now) {
            if (perSecond <= 0) {
                return 0;
            }
            long at = start + (long) Math.ceil(n * 1e9 / perSecond);
            return Math.max(0, at - now);
        }
    }

    /**
     * Writes a device's messages as they fall due, as many at a time as are due and its window allows, each run
     * flushed in one go.
     */
    private static void publishAll(MqttWirePublisher session, byte[] topic, byte[][] messages, Semaphore window,
            Pace pace) {
        int n = 0;
        try {
            while (n < messages.length) {
                long wait = pace.waitFor(n, System.nanoTime());
                if (wait > 0) {
                    LockSupport.parkNanos(Math.max(wait, Pace.MIN_WAIT_NANOS));
                    if (Thread.currentThread().isInterrupted()) {
                        return; // the run is over (its timeout passed): parking would no longer wait
                    }
                    continue;
                }
                window.acquire();
                int due = Math.max(1, pace.dueBy(System.nanoTime(), messages.length) - n);
                int free = window.drainPermits();
                int more = Math.min(free, due - 1);
                window.release(free - more);
                int run = 1 + more;
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
