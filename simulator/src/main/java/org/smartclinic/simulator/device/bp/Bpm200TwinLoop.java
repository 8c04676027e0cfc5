package org.smartclinic.simulator.device.bp;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Random;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.smartclinic.drivers.instrument.bp.bpm200.Bpm200Protocol;
import org.smartclinic.simulator.pty.Pty;

/**
 * The BPM-200's behaviour, run by the twin's thread: measure on schedule, heartbeat when idle, stop-and-wait with
 * up to {@value #MAX_RETRIES} retransmissions (or as many as the twin's {@code maxRetries} setting allows). All waiting is a timed read on the pty (for the answer, the next
 * measurement or the next heartbeat, whichever is first) or a wait for a replug.
 */
final class Bpm200TwinLoop implements Runnable {

    static final int MAX_RETRIES = 3;
    private static final Logger LOG = LoggerFactory.getLogger(Bpm200TwinLoop.class);
    private static final Duration IDLE_CHECK = Duration.ofSeconds(1);

    private final Bpm200Twin twin;
    private final Bpm200TwinSettings settings;
    private final TwinCounters counters;
    private final List<Bpm200Twin.SentMeasurement> sent;
    private final Random random;
    private final BpValueGenerator values;
    private final byte[] answers = new byte[64];
    private int seq;
    private int number;
    private Frame pending;
    private long nextMeasurementAt;
    private long lastWriteAt;
    private boolean unplugDone;

    Bpm200TwinLoop(Bpm200Twin twin, Bpm200TwinSettings settings, TwinCounters counters,
            List<Bpm200Twin.SentMeasurement> sent) {
        this.twin = twin;
        this.settings = settings;
        this.counters = counters;
        this.sent = sent;
        this.random = new Random(settings.seed());
        this.values = new BpValueGenerator(settings.scenario(), settings.script(), random);
    }

    /** One frame in stop-and-wait: what to send first and on retries, and how its answers went. */
    private static final class Frame {
        final byte[] first;
        final byte[] again;
        final Bpm200Twin.SentMeasurement measurement;
        int transmissions;
        int retries;
        int naks;
        int timeouts;
        boolean awaiting;
        long sentAt;

        Frame(byte[] first, byte[] again, Bpm200Twin.SentMeasurement measurement) {
            this.first = first;
            this.again = again;
            this.measurement = measurement;
        }
    }

    @Override
    public void run() {
        nextMeasurementAt = System.nanoTime();
        lastWriteAt = nextMeasurementAt;
        try {
            while (!twin.isClosed()) {
                Pty pty = twin.awaitPty(IDLE_CHECK);
                if (pty != null) {
                    step(pty);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException | RuntimeException e) {
            LOG.error("BPM-200 twin {} stopped by an error", settings.link(), e);
        }
    }

    private void step(Pty pty) throws IOException, InterruptedException {
        if (pending == null) {
            pending = due(System.nanoTime());
        }
        if (pending != null && !pending.awaiting && !transmit(pty, pending)) {
            return;
        }
        long deadline = pending != null ? pending.sentAt + settings.ackTimeout().toNanos() : idleDeadline();
        int n = pty.read(answers, Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
        if (n < 0) {
            if (pending != null) {
                pending.awaiting = false;
            }
            return;
        }
        if (pending == null) {
            return;
        }
        for (int i = 0; i < n; i++) {
            if (answers[i] == Bpm200Protocol.ACK) {
                settle(true);
                return;
            }
            if (answers[i] == Bpm200Protocol.NAK) {
                count(c -> c.nakked++);
                pending.naks++;
                retryOrGiveUp();
                return;
            }
        }
        if (System.nanoTime() - deadline >= 0) {
            count(c -> c.timeouts++);
            pending.timeouts++;
            retryOrGiveUp();
        }
    }

    private Frame due(long now) {
        if (moreMeasurements() && now - nextMeasurementAt >= 0) {
            return measurement();
        }
        if (!settings.heartbeat().isZero() && now - lastWriteAt >= settings.heartbeat().toNanos()) {
            byte[] frame = Bpm200Protocol.frame(Bpm200Wire.heartbeatBody(nextSeq(), deviceNow()));
            return new Frame(frame, frame, null);
        }
        return null;
    }

    private Frame measurement() {
        number++;
        Bpm200Twin.BpValues v = values.next();
        int frameSeq = nextSeq();
        LocalDateTime time = deviceNow();
        String body = Bpm200Wire.measurementBody(frameSeq, time, v, settings.unit());
        byte[] good = Bpm200Protocol.frame(body);
        byte[] first = settings.badChecksumFor(number) ? Bpm200Wire.frameWithBadChecksum(body) : good;
        if (settings.garbageBefore(number)) {
            byte[] noise = Bpm200Wire.garbage(random);
            byte[] both = new byte[noise.length + first.length];
            System.arraycopy(noise, 0, both, 0, noise.length);
            System.arraycopy(first, 0, both, noise.length, first.length);
            first = both;
        }
        Bpm200Twin.SentMeasurement m = new Bpm200Twin.SentMeasurement(number, frameSeq, time, v, settings.unit(),
                body);
        sent.add(m);
        count(c -> c.measurementsSent++);
        return new Frame(first, good, m);
    }

    /** Writes the frame (what does not fit within the ack timeout is lost, as on a wire); false if unplugged. */
    private boolean transmit(Pty pty, Frame frame) {
        byte[] bytes = frame.transmissions == 0 ? frame.first : frame.again;
        try {
            pty.write(bytes, settings.ackTimeout());
        } catch (IOException e) {
            return false;
        }
        if (frame.measurement != null && frame.transmissions > 0) {
            count(c -> c.retransmissions++);
        }
        count(c -> c.framesWritten++);
        frame.transmissions++;
        frame.awaiting = true;
        frame.sentAt = System.nanoTime();
        lastWriteAt = frame.sentAt;
        if (LOG.isDebugEnabled()) {
            LOG.debug("twin {} -> {}", settings.link(), new String(bytes, StandardCharsets.ISO_8859_1).strip());
        }
        return true;
    }

    private void retryOrGiveUp() throws InterruptedException {
        if (settings.mayRetry(pending.retries)) {
            pending.retries++;
            pending.awaiting = false;
        } else {
            settle(false);
        }
    }

    private void settle(boolean acked) throws InterruptedException {
        Frame done = pending;
        pending = null;
        if (done.measurement == null) {
            return;
        }
        count(c -> {
            if (acked) {
                c.acked++;
            } else {
                c.givenUp++;
            }
        });
        nextMeasurementAt = System.nanoTime() + settings.interval().toNanos();
        twin.settled(new Bpm200Twin.Settled(done.measurement, acked, done.naks, done.timeouts));
        if (acked && !unplugDone && done.measurement.number() == settings.unplugAfter()) {
            unplugDone = true;
            twin.unplug();
            if (twin.pauseUnlessClosed(settings.replugAfter())) {
                try {
                    twin.replug();
                } catch (IOException | IllegalStateException e) {
                    LOG.error("BPM-200 twin {} cannot be plugged in again; stays unplugged", settings.link(), e);
                }
            }
        }
    }

    private long idleDeadline() {
        long deadline = System.nanoTime() + IDLE_CHECK.toNanos();
        if (moreMeasurements() && nextMeasurementAt - deadline < 0) {
            deadline = nextMeasurementAt;
        }
        long beat = lastWriteAt + settings.heartbeat().toNanos();
        if (!settings.heartbeat().isZero() && beat - deadline < 0) {
            deadline = beat;
        }
        return deadline;
    }

    private boolean moreMeasurements() {
        return settings.count() == 0 || number < settings.count();
    }

    private int nextSeq() {
        seq = (seq + 1) % 10_000;
        return seq;
    }

    private LocalDateTime deviceNow() {
        return LocalDateTime.now(settings.deviceZone()).truncatedTo(ChronoUnit.SECONDS);
    }

    private void count(java.util.function.Consumer<TwinCounters> change) {
        counters.update(change);
    }
}
