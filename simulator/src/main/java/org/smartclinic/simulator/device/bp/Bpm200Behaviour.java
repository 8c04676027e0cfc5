package org.smartclinic.simulator.device.bp;

import java.io.IOException;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import org.smartclinic.drivers.instrument.bp.bpm200.Bpm200Protocol;
import org.smartclinic.simulator.twin.Faults;
import org.smartclinic.simulator.twin.StopAndWait;
import org.smartclinic.simulator.twin.TwinBehaviour;
import org.smartclinic.simulator.twin.TwinContext;
import org.smartclinic.simulator.twin.TwinCounters;
import org.smartclinic.simulator.twin.TwinPort;

/**
 * What a BPM-200 does while connected: a measurement when one is due, a heartbeat when nothing was sent for the
 * heartbeat period, each frame in {@link StopAndWait}. All waiting is a timed read (for the answer, or until the
 * next frame is due). The frame awaiting its answer survives a hang-up and is sent again on the next connection.
 *
 * <p>Counts concern measurements, except {@link Count#FRAMES_WRITTEN}, which counts every frame written.
 */
final class Bpm200Behaviour implements TwinBehaviour, StopAndWait.Observer {

    /** What {@link Bpm200Twin.Stats} reports. */
    enum Count { MEASUREMENTS_SENT, ACKED, NAKKED, TIMEOUTS, RETRANSMISSIONS, GIVEN_UP, FRAMES_WRITTEN }

    /** As the protocol says: three retransmissions, then the frame is given up. */
    static final int MAX_RETRIES = 3;
    private static final Duration IDLE_CHECK = Duration.ofSeconds(1);
    /** The frame's values start after {@code $M,seq,time,}: a flipped byte there leaves the frame one frame. */
    private static final int HEADER_FIELDS = 3;

    private final Bpm200TwinSettings settings;
    private final Faults faults;
    private final StopAndWait stopAndWait;
    private final BpValueGenerator values;
    private final Consumer<Bpm200Twin.Settled> onSettled;
    private final TwinCounters<Count> counters = new TwinCounters<>(Count.class);
    private final List<Bpm200Twin.SentMeasurement> sent = new CopyOnWriteArrayList<>();
    private final List<Bpm200Twin.SentMeasurement> acked = new CopyOnWriteArrayList<>();
    private volatile boolean finishing;
    private final byte[] idle = new byte[64];
    private int seq;
    private int number;
    private Pending pending;
    private boolean started;
    private long nextMeasurementAt;
    private long lastWriteAt;

    /** A frame in stop-and-wait, and the measurement it carries (null for a heartbeat). */
    private record Pending(StopAndWait.Frame frame, Bpm200Twin.SentMeasurement measurement) {
    }

    Bpm200Behaviour(Bpm200TwinSettings settings, Consumer<Bpm200Twin.Settled> onSettled) {
        this.settings = settings;
        this.faults = new Faults(settings.faults());
        this.stopAndWait = new StopAndWait(new byte[] {Bpm200Protocol.ACK}, new byte[] {Bpm200Protocol.NAK},
                settings.ackTimeout(), settings.maxRetries(), this);
        this.values = new BpValueGenerator(settings.scenario(), settings.script(), new Random(settings.seed()));
        this.onSettled = onSettled;
    }

    @Override
    public void run(TwinPort port, TwinContext context) throws IOException {
        if (!started) {
            started = true;
            nextMeasurementAt = System.nanoTime();
            lastWriteAt = nextMeasurementAt;
        }
        while (!context.isClosing()) {
            if (pending == null) {
                pending = due(System.nanoTime());
            }
            if (pending == null) {
                if (port.read(idle, Duration.ofNanos(Math.max(0, idleDeadline() - System.nanoTime()))) < 0) {
                    return;
                }
                continue;
            }
            StopAndWait.Result result = stopAndWait.send(port, pending.frame());
            if (result == StopAndWait.Result.DISCONNECTED) {
                return;
            }
            settle(result == StopAndWait.Result.ACKED, port, context);
        }
    }

    TwinCounters<Count> counters() {
        return counters;
    }

    Faults faults() {
        return faults;
    }

    List<Bpm200Twin.SentMeasurement> sent() {
        return List.copyOf(sent);
    }

    List<Bpm200Twin.SentMeasurement> acked() {
        return List.copyOf(acked);
    }

    /** No new measurement from now on; synchronized with {@link #due} so none is half-made when this returns. */
    synchronized void finish() {
        finishing = true;
    }

    /**
     * Whether every measurement there will be is acknowledged or given up. Not synchronized: it runs under the
     * counters' lock, which {@link #due} takes inside this object's lock; after {@link #finish} returned, the count
     * of measurements sent is final.
     */
    boolean finished() {
        boolean last = finishing || settings.count() > 0;
        int target = finishing ? counters.count(Count.MEASUREMENTS_SENT) : settings.count();
        return last && counters.count(Count.ACKED) + counters.count(Count.GIVEN_UP) >= target;
    }

    @Override
    public void written(StopAndWait.Frame frame) {
        counters.increment(Count.FRAMES_WRITTEN);
        if (isMeasurement(frame) && frame.transmissions() > 1) {
            counters.increment(Count.RETRANSMISSIONS);
        }
        lastWriteAt = System.nanoTime();
    }

    @Override
    public void nakked(StopAndWait.Frame frame) {
        if (isMeasurement(frame)) {
            counters.increment(Count.NAKKED);
        }
    }

    @Override
    public void timedOut(StopAndWait.Frame frame) {
        if (isMeasurement(frame)) {
            counters.increment(Count.TIMEOUTS);
        }
    }

    private boolean isMeasurement(StopAndWait.Frame frame) {
        return pending != null && pending.frame() == frame && pending.measurement() != null;
    }

    private synchronized Pending due(long now) {
        if (moreMeasurements() && now - nextMeasurementAt >= 0) {
            return measurement();
        }
        Duration beat = settings.heartbeat();
        if (!beat.isZero() && now - lastWriteAt >= beat.toNanos()) {
            return new Pending(new StopAndWait.Frame(Bpm200Protocol.frame(Bpm200Wire.heartbeatBody(nextSeq(),
                    deviceNow()))), null);
        }
        return null;
    }

    private Pending measurement() {
        number++;
        Bpm200Twin.BpValues v = values.next();
        int frameSeq = nextSeq();
        LocalDateTime time = deviceNow();
        String body = Bpm200Wire.measurementBody(frameSeq, time, v, settings.unit());
        byte[] good = Bpm200Protocol.frame(body);
        byte[] first = faults.firstTransmission(number, good, valuesStart(body), 1 + body.length());
        Bpm200Twin.SentMeasurement m = new Bpm200Twin.SentMeasurement(number, frameSeq, time, v, settings.unit(),
                body);
        sent.add(m);
        counters.increment(Count.MEASUREMENTS_SENT);
        return new Pending(new StopAndWait.Frame(first, good), m);
    }

    private void settle(boolean acked, TwinPort port, TwinContext context) throws IOException {
        Pending done = pending;
        pending = null;
        if (done.measurement() == null) {
            return;
        }
        if (acked) {
            this.acked.add(done.measurement());
        }
        counters.increment(acked ? Count.ACKED : Count.GIVEN_UP);
        nextMeasurementAt = System.nanoTime() + settings.interval().toNanos();
        StopAndWait.Frame frame = done.frame();
        onSettled.accept(new Bpm200Twin.Settled(done.measurement(), acked, frame.naks(), frame.timeouts()));
        if (acked) {
            faults.afterFrame(done.measurement().number(), port, context);
        }
    }

    /** Index in the frame ({@code '$'} first) of the first value after the header fields. */
    private static int valuesStart(String body) {
        int at = -1;
        for (int i = 0; i < HEADER_FIELDS; i++) {
            at = body.indexOf(',', at + 1);
        }
        return 1 + at + 1;
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
        return !finishing && (settings.count() == 0 || number < settings.count());
    }

    private int nextSeq() {
        seq = (seq + 1) % 10_000;
        return seq;
    }

    private LocalDateTime deviceNow() {
        return LocalDateTime.now(settings.deviceZone()).truncatedTo(ChronoUnit.SECONDS);
    }
}
