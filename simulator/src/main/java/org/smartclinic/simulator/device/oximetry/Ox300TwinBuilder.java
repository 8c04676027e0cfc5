package org.smartclinic.simulator.device.oximetry;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import org.smartclinic.drivers.instrument.oximetry.ox300.Ox300Protocol;
import org.smartclinic.simulator.twin.Checks;
import org.smartclinic.simulator.twin.FaultKnobs;
import org.smartclinic.simulator.twin.FaultPlan;
import org.smartclinic.simulator.twin.Twin;
import org.smartclinic.simulator.twin.TwinPlug;

/**
 * Settings of an {@link Ox300Twin}, from {@link Ox300Twin#builder}; {@link #start()} plugs it in and starts it.
 * Defaults as documented per method.
 */
public final class Ox300TwinBuilder {

    /** Default serial number in the IDENTITY frame. */
    public static final String DEFAULT_SERIAL = "OX3-SIM-0001";
    /** Default firmware version in the IDENTITY frame. */
    public static final String DEFAULT_FIRMWARE = "1.4.2";
    /** Highest frame rate the load knob accepts. */
    public static final int MAX_FRAMES_PER_SECOND = 20_000;

    private final TwinPlug plug;
    private String serial = DEFAULT_SERIAL;
    private String firmware = DEFAULT_FIRMWARE;
    private int spo2 = 97;
    private int pulse = 72;
    private Long seed;
    private Integer framesPerSecond;
    private int samplesPerFrame = Ox300Protocol.SAMPLES_PER_FRAME;
    private int firstSeq;
    private final List<Ox300TwinSettings.SensorOff> sensorOff = new ArrayList<>();
    private final FaultKnobs faults = new FaultKnobs();
    private Twin.Listener listener = new Twin.Listener() { };

    Ox300TwinBuilder(TwinPlug plug) {
        this.plug = Objects.requireNonNull(plug, "plug");
    }

    /** Serial number in the IDENTITY frame; default {@value #DEFAULT_SERIAL}. Printable ASCII without ';'. */
    public Ox300TwinBuilder serial(String value) {
        serial = identityPart(value, "serial");
        return this;
    }

    /** Firmware version in the IDENTITY frame; default {@value #DEFAULT_FIRMWARE}. Printable ASCII without ';'. */
    public Ox300TwinBuilder firmware(String value) {
        firmware = identityPart(value, "firmware");
        return this;
    }

    /** SpO2 target, 1..100 %; default 97. */
    public Ox300TwinBuilder spo2(int percent) {
        spo2 = Ox300Controls.requireSpo2(percent);
        return this;
    }

    /** Pulse rate target, 1..300 /min; default 72. */
    public Ox300TwinBuilder pulse(int perMinute) {
        pulse = Ox300Controls.requirePulse(perMinute);
        return this;
    }

    /** Seed of the waveform noise and the drift; default random. */
    public Ox300TwinBuilder seed(long value) {
        seed = value;
        return this;
    }

    /**
     * Load knob: DATA frames per second, 1..{@value #MAX_FRAMES_PER_SECOND}. Default: real time, 125 Hz divided by
     * the samples per frame (25 with 5). Only the pacing changes; each frame still carries the next samples of the
     * 125 Hz signal.
     */
    public Ox300TwinBuilder framesPerSecond(int fps) {
        framesPerSecond = Checks.inRange(fps, 1, MAX_FRAMES_PER_SECOND, "framesPerSecond");
        return this;
    }

    /** Pleth samples per DATA frame, 1..32; default 5. */
    public Ox300TwinBuilder samplesPerFrame(int n) {
        samplesPerFrame = Checks.inRange(n, Ox300Protocol.MIN_SAMPLES, Ox300Protocol.MAX_SAMPLES, "samplesPerFrame");
        return this;
    }

    /** Seq of the first frame after power-up, 0..65535 (the protocol leaves it open); default 0. */
    public Ox300TwinBuilder firstSeq(int seq) {
        firstSeq = Checks.inRange(seq, 0, Ox300Protocol.SEQ_MODULUS - 1, "firstSeq");
        return this;
    }

    /**
     * The probe is off from {@code from} for {@code length}, in signal time (the samples sent, 8 ms each, counted
     * from the first DATA frame; equal to wall time at the default pacing). May be called more than once.
     */
    public Ox300TwinBuilder sensorOff(Duration from, Duration length) {
        sensorOff.add(new Ox300TwinSettings.SensorOff(Checks.notNegative(from, "sensorOff from"),
                Checks.notNegative(length, "sensorOff length")));
        return this;
    }

    /**
     * Faults beyond the knobs below (exact frame numbers, a flood, a fixed position or mask for the flipped byte),
     * numbered by DATA frame from 1; the knobs below override the parts they set. Default none.
     */
    public Ox300TwinBuilder faults(FaultPlan plan) {
        faults.plan(plan);
        return this;
    }

    /** Every n-th DATA frame has one payload or CRC byte flipped (a line error: bad CRC); 0 = off. */
    public Ox300TwinBuilder corruptEvery(int n) {
        faults.corruptEvery(Checks.atLeast(n, 0, "corruptEvery"));
        return this;
    }

    /** Line noise (never the sync byte 0xAA) just before every n-th DATA frame; 0 = off. */
    public Ox300TwinBuilder noiseEvery(int n) {
        faults.noiseEvery(Checks.atLeast(n, 0, "noiseEvery"));
        return this;
    }

    /** Every n-th DATA frame is never sent (its seq is used, so the gateway sees the gap); 0 = off. */
    public Ox300TwinBuilder dropEvery(int n) {
        faults.dropEvery(Checks.atLeast(n, 0, "dropEvery"));
        return this;
    }

    /** After the n-th DATA frame: unplug, wait {@code replugDelay}, plug in again. Once. */
    public Ox300TwinBuilder unplugAfter(int n, Duration replugDelay) {
        faults.unplugAfter(Checks.atLeast(n, 1, "unplugAfter"), Checks.notNegative(replugDelay, "replugDelay"));
        return this;
    }

    /** Plug and connection events (the engine's); default none. */
    public Ox300TwinBuilder listener(Twin.Listener value) {
        listener = Objects.requireNonNull(value, "listener");
        return this;
    }

    /**
     * Plugs the twin in and starts streaming.
     *
     * @throws IOException              if the plug cannot go in (no pty, port taken, the link path a regular file)
     * @throws IllegalArgumentException if serial and firmware together do not fit an IDENTITY frame
     */
    public Ox300Twin start() throws IOException {
        int identityLength = Ox300TwinSettings.MODEL.length() + serial.length() + firmware.length() + 2;
        if (identityLength > Ox300Protocol.MAX_PAYLOAD) {
            throw new IllegalArgumentException("model;serial;firmware must fit " + Ox300Protocol.MAX_PAYLOAD
                    + " characters: " + identityLength);
        }
        long s = seed != null ? seed : System.nanoTime();
        long period = framesPerSecond != null ? Math.round(1e9 / framesPerSecond)
                : samplesPerFrame * Ox300Protocol.SAMPLE_PERIOD_MICROS * 1000;
        return Ox300Twin.start(new Ox300TwinSettings(plug, serial, firmware, spo2, pulse, s, period, samplesPerFrame,
                sensorOff, faults.fold(s, Ox300Protocol.SYNC_1), listener), firstSeq);
    }

    private static String identityPart(String value, String what) {
        Ox300Controls.requireText(value, what);
        if (value.isBlank() || value.indexOf(Ox300Protocol.IDENTITY_SEPARATOR) >= 0) {
            throw new IllegalArgumentException(what + " must not be blank or contain ';': " + value);
        }
        return value;
    }
}
