package org.smartclinic.simulator.device.oximetry;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;

import org.smartclinic.drivers.instrument.oximetry.ox300.Ox300Protocol;
import org.smartclinic.simulator.device.oximetry.Ox300Behaviour.Count;
import org.smartclinic.simulator.twin.Faults;
import org.smartclinic.simulator.twin.Twin;
import org.smartclinic.simulator.twin.TwinCounters;
import org.smartclinic.simulator.twin.TwinHandle;
import org.smartclinic.simulator.twin.TwinPlug;

/**
 * Device-side twin of the OX-300 bedside pulse oximeter, for the gateway's demo, tests and live-bus benchmarks, and
 * for {@code simulator run oximeter}: an {@link Ox300Behaviour} on the twin engine ({@link Twin}). It speaks
 * {@link Ox300Protocol} exactly, building every frame with its encoders:
 * <pre>
 *   plug-in / connection:  IDENTITY "OX-300;serial;firmware"  [DEVICE_ERROR text, if an error is in force]
 *   then every 40 ms:      DATA  flags spo2 pulse pi  5 pleth samples (125 Hz)     seq +1 per frame, any type
 *   IDENTIFY_REQUEST in:   IDENTITY at once
 *   deviceError(text):     DEVICE_ERROR text; clearError(): DEVICE_ERROR with no text
 * </pre>
 *
 * <p>Values ({@link Ox300Signal}, reproducible from the seed): a pleth pulse shape at the pulse rate, SpO2 and
 * pulse drifting slightly around their targets, PI around 3.00 %. At run time the probe can come off
 * ({@link #sensorOff(boolean)}, or periods set in the builder), the signal can turn poor ({@link #lowSignal}), the
 * targets can change and the device can report an error. Frame pacing follows a steady clock from the start of
 * each connection; {@link Ox300TwinBuilder#framesPerSecond(int)} speeds it up for load tests while the data stays
 * 125 Hz-shaped. Generic faults (a flipped byte, line noise, dropped frames, unplug and replug) come through the
 * engine's {@link org.smartclinic.simulator.twin.FaultPlan}, numbered by DATA frame.
 *
 * <p>One daemon thread, {@code twin-ox300-<name>}; {@link #close()} leaves no thread or descriptor behind. Runtime
 * controls may be called from any thread and take effect with the next frame. Where it is plugged, unplug, replug
 * and close: {@link TwinHandle}.
 */
public final class Ox300Twin extends TwinHandle {

    /**
     * What the twin did so far.
     *
     * @param framesSent       frames of any type written whole (corrupted ones included, dropped ones not)
     * @param dataFrames       DATA frames among them
     * @param identityFrames   IDENTITY frames among them (one per connection, one per request answered)
     * @param errorFrames      DEVICE_ERROR frames among them (clearing ones included)
     * @param bytesSent        bytes on the line: frames, noise and floods
     * @param requestsAnswered IDENTIFY_REQUESTs received and answered
     * @param framesLost       frames the line did not take whole within 100 ms (nobody reading): not, or partly, sent
     * @param fellBehind       times the schedule restarted after falling more than a second behind
     * @param faultsInjected   corrupted frames, noise bursts, dropped frames and unplugs of the fault plan
     */
    public record Stats(long framesSent, long dataFrames, long identityFrames, long errorFrames, long bytesSent,
            long requestsAnswered, long framesLost, long fellBehind, long faultsInjected) {
    }

    private final Ox300TwinSettings settings;
    private final Ox300Controls controls;
    private final Ox300Behaviour behaviour;

    private Ox300Twin(Ox300TwinSettings settings, Ox300Controls controls, Ox300Behaviour behaviour) {
        super(settings.plug(), behaviour.faults());
        this.settings = settings;
        this.controls = controls;
        this.behaviour = behaviour;
    }

    /** Plugs a twin with these settings in and starts its thread; by the builder. */
    static Ox300Twin start(Ox300TwinSettings settings, int firstSeq) throws IOException {
        Ox300Controls controls = new Ox300Controls(settings.spo2(), settings.pulse());
        Ox300Twin twin = new Ox300Twin(settings, controls, new Ox300Behaviour(settings, controls, firstSeq));
        twin.plugIn("ox300", twin.behaviour, settings.listener());
        return twin;
    }

    /** A builder for a twin on a pseudo-terminal whose symlink (the path the gateway opens) is {@code link}. */
    public static Ox300TwinBuilder builder(Path link) {
        return new Ox300TwinBuilder(TwinPlug.pty(link));
    }

    /** A builder for a twin plugged as {@code plug} says (a pty, a TCP server, a TCP client). */
    public static Ox300TwinBuilder builder(TwinPlug plug) {
        return new Ox300TwinBuilder(plug);
    }

    /** The probe comes off the finger ({@code true}) or goes back on; off also while a scheduled period runs. */
    public void sensorOff(boolean off) {
        controls.sensorOff(off);
    }

    /** Poor perfusion or signal ({@code true}): LOW_SIGNAL flag, a weak noisy pleth, PI around 0.30 %. */
    public void lowSignal(boolean low) {
        controls.lowSignal(low);
    }

    /**
     * The device reports an error: a DEVICE_ERROR frame with {@code text} now, and again after each new connection
     * until {@link #clearError()}.
     *
     * @throws IllegalArgumentException if the text is empty, not printable ASCII or longer than 64 characters
     */
    public void deviceError(String text) {
        if (text == null || text.isEmpty()) {
            throw new IllegalArgumentException("an error needs a text; clearError() clears it");
        }
        controls.error(text);
    }

    /** The error is gone: a DEVICE_ERROR frame without text. */
    public void clearError() {
        controls.error("");
    }

    /** New SpO2 target, 1..100 %; the sent value drifts within +-2 of it. */
    public void spo2(int percent) {
        controls.spo2(percent);
    }

    /** New pulse target, 1..300 /min; the sent value drifts within +-3 of it and the pleth follows. */
    public void pulse(int perMinute) {
        controls.pulse(perMinute);
    }

    public Stats stats() {
        TwinCounters<Count> c = behaviour.counters();
        TwinCounters<Faults.Injected> f = behaviour.faults().counters();
        long faults = f.get(Faults.Injected.CORRUPTED) + f.get(Faults.Injected.NOISE_BURSTS)
                + f.get(Faults.Injected.DROPPED) + f.get(Faults.Injected.UNPLUGS);
        return new Stats(c.get(Count.FRAMES_SENT), c.get(Count.DATA_FRAMES), c.get(Count.IDENTITY_FRAMES),
                c.get(Count.ERROR_FRAMES), lineCounters().get(Twin.Count.BYTES_WRITTEN),
                c.get(Count.REQUESTS_ANSWERED), c.get(Count.FRAMES_LOST), c.get(Count.FELL_BEHIND), faults);
    }

    /** Waits until {@code n} frames (any type) have been written whole; true if within {@code timeout}. */
    public boolean awaitFramesSent(long n, Duration timeout) {
        return behaviour.counters().await(c -> c.get(Count.FRAMES_SENT) >= n, timeout);
    }

    /** Waits until {@code n} identify requests have been answered; true if within {@code timeout}. */
    public boolean awaitRequestsAnswered(long n, Duration timeout) {
        return behaviour.counters().await(c -> c.get(Count.REQUESTS_ANSWERED) >= n, timeout);
    }

    /** Time between two DATA frames. */
    public Duration framePeriod() {
        return Duration.ofNanos(settings.periodNanos());
    }

    @Override
    public String toString() {
        return "OX-300 twin at " + settings.plug().describe() + " " + stats();
    }
}
