package org.smartclinic.simulator.device.oximetry;

import java.io.IOException;
import java.time.Duration;
import java.util.Optional;

import org.smartclinic.drivers.codec.binary.SyncFrameDecoder;
import org.smartclinic.drivers.codec.binary.SyncFrameOutcome;
import org.smartclinic.drivers.instrument.oximetry.ox300.Ox300Protocol;
import org.smartclinic.simulator.twin.Faults;
import org.smartclinic.simulator.twin.TwinBehaviour;
import org.smartclinic.simulator.twin.TwinContext;
import org.smartclinic.simulator.twin.TwinCounters;
import org.smartclinic.simulator.twin.TwinPort;

/**
 * What an OX-300 does while connected: an IDENTITY frame first (and the error in force, if any), then DATA frames
 * on a {@link FramePacer} schedule; between frames a timed read of what the gateway sends, each IDENTIFY_REQUEST
 * answered at once with an IDENTITY frame, anything else ignored. The seq counts every frame of every type and
 * survives reconnects (the device stays powered); the schedule starts afresh on each connection.
 *
 * <p>Faults apply to DATA frames, numbered from 1 across connections; IDENTITY and DEVICE_ERROR frames always go
 * out whole. A flipped byte lands in the payload or the CRC, so the damaged frame stays one frame with a bad CRC. A
 * write that cannot complete within {@link #WRITE_WAIT} (nobody reads the line) loses what did not go out, as on a
 * wire; the schedule then falls behind and restarts (see {@link FramePacer}).
 */
final class Ox300Behaviour implements TwinBehaviour {

    /** What {@link Ox300Twin.Stats} reports. */
    enum Count {
        /** Frames of any type written whole (a corrupted one included; a dropped one not). */
        FRAMES_SENT,
        DATA_FRAMES,
        IDENTITY_FRAMES,
        ERROR_FRAMES,
        REQUESTS_ANSWERED,
        /** Frames the line did not take whole in time (nobody reading): none or only part of it went out. */
        FRAMES_LOST,
        /** Schedule restarts after falling more than a second behind. */
        FELL_BEHIND
    }

    /** Longest wait for room on the line per write. */
    static final Duration WRITE_WAIT = Duration.ofMillis(100);
    /** Longest read wait, so runtime controls and close are noticed quickly even at slow frame rates. */
    private static final long MAX_READ_WAIT_NANOS = 20_000_000L;
    /** Frames sent back to back at most before the line is read again (when catching up). */
    private static final int MAX_BURST = 64;
    /** Index of the first payload byte: sync (2) and header. */
    private static final int PAYLOAD_START = 2 + Ox300Protocol.HEADER_LENGTH;

    private final Ox300TwinSettings settings;
    private final Ox300Controls controls;
    private final Ox300Signal signal;
    private final Faults faults;
    private final TwinCounters<Count> counters = new TwinCounters<>(Count.class);
    private final FramePacer pacer;
    private final byte[] readBuffer = new byte[256];
    private int seq;
    private int number;

    Ox300Behaviour(Ox300TwinSettings settings, Ox300Controls controls, int firstSeq) {
        this.settings = settings;
        this.controls = controls;
        this.signal = new Ox300Signal(settings.seed());
        this.faults = new Faults(settings.faults());
        this.pacer = new FramePacer(settings.periodNanos(), () -> counters.increment(Count.FELL_BEHIND));
        this.seq = firstSeq;
    }

    TwinCounters<Count> counters() {
        return counters;
    }

    Faults faults() {
        return faults;
    }

    @Override
    public void run(TwinPort port, TwinContext context) throws IOException {
        SyncFrameDecoder requests = new SyncFrameDecoder(Ox300Protocol.FORMAT);
        controls.takeErrorChange();
        Optional<String> error = controls.error();
        if (!sendIdentity(port) || error.isPresent() && !sendError(port, error.get())) {
            return;
        }
        pacer.start(System.nanoTime());
        while (!context.isClosing()) {
            if (!listen(port, requests)) {
                return;
            }
            Optional<String> change = controls.takeErrorChange();
            if (change.isPresent() && !sendError(port, change.get())) {
                return;
            }
            for (int burst = 0; burst < MAX_BURST && pacer.take(System.nanoTime()); burst++) {
                if (!sendData(port, context)) {
                    return;
                }
            }
        }
    }

    /** Reads until the next frame is due, answering identify requests; false once the connection is gone. */
    private boolean listen(TwinPort port, SyncFrameDecoder requests) throws IOException {
        long wait = Math.min(pacer.nanosUntilDue(System.nanoTime()), MAX_READ_WAIT_NANOS);
        int n = port.read(readBuffer, Duration.ofNanos(wait));
        if (n < 0) {
            return false;
        }
        for (SyncFrameOutcome outcome : requests.decode(readBuffer, 0, n)) {
            if (outcome instanceof SyncFrameOutcome.Frame frame
                    && (frame.header()[0] & 0xFF) == Ox300Protocol.TYPE_IDENTIFY_REQUEST) {
                if (!sendIdentity(port)) {
                    return false;
                }
                counters.increment(Count.REQUESTS_ANSWERED);
            }
        }
        return true;
    }

    private boolean sendIdentity(TwinPort port) throws IOException {
        byte[] frame = Ox300Protocol.identityFrame(nextSeq(), Ox300TwinSettings.MODEL, settings.serial(),
                settings.firmware());
        return send(port, frame, Count.IDENTITY_FRAMES);
    }

    private boolean sendError(TwinPort port, String text) throws IOException {
        return send(port, Ox300Protocol.errorFrame(nextSeq(), text), Count.ERROR_FRAMES);
    }

    private boolean sendData(TwinPort port, TwinContext context) throws IOException {
        number++;
        boolean off = controls.sensorOff() || settings.sensorOffAt(signal.samples());
        Ox300Signal.Values v = signal.next(settings.samplesPerFrame(), controls.spo2(), controls.pulse(), off,
                controls.lowSignal());
        byte[] frame = Ox300Protocol.dataFrame(nextSeq(), v.flags(), v.spo2(), v.pulse(), v.pi(), v.samples());
        boolean dropped = faults.plan().drop().contains(number);
        byte[] wire = faults.firstTransmission(number, frame, PAYLOAD_START, frame.length);
        if (wire.length > 0 && !send(port, wire, dropped ? null : Count.DATA_FRAMES)) {
            return false;
        }
        faults.afterFrame(number, port, context);
        return true;
    }

    /**
     * Writes {@code bytes}; counts a whole frame as {@code kind} (null: no frame in it, only noise), a write the
     * line did not take whole as lost. False once the connection is gone.
     */
    private boolean send(TwinPort port, byte[] bytes, Count kind) throws IOException {
        int n = port.write(bytes, WRITE_WAIT);
        if (n < 0) {
            return false;
        }
        if (n < bytes.length) {
            counters.increment(Count.FRAMES_LOST);
        } else if (kind != null) {
            counters.increment(kind);
            counters.increment(Count.FRAMES_SENT);
        }
        return true;
    }

    private int nextSeq() {
        int s = seq;
        seq = Ox300Protocol.nextSeq(seq);
        return s;
    }
}
