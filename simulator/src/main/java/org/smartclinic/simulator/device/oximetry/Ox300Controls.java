package org.smartclinic.simulator.device.oximetry;

import java.util.Optional;

import org.smartclinic.drivers.instrument.oximetry.ox300.Ox300Protocol;

/**
 * What can be changed while the twin runs, from any thread: the patient's targets, the probe, the device's error.
 * The twin's thread reads these before each frame.
 */
final class Ox300Controls {

    private volatile int spo2;
    private volatile int pulse;
    private volatile boolean sensorOff;
    private volatile boolean lowSignal;
    private String error;
    private boolean errorChanged;

    Ox300Controls(int spo2, int pulse) {
        spo2(spo2);
        pulse(pulse);
    }

    int spo2() {
        return spo2;
    }

    void spo2(int value) {
        spo2 = requireSpo2(value);
    }

    int pulse() {
        return pulse;
    }

    void pulse(int value) {
        pulse = requirePulse(value);
    }

    boolean sensorOff() {
        return sensorOff;
    }

    void sensorOff(boolean off) {
        sensorOff = off;
    }

    boolean lowSignal() {
        return lowSignal;
    }

    void lowSignal(boolean low) {
        lowSignal = low;
    }

    /** Sets ({@code text} not empty) or clears (empty) the device's error; the twin sends it with its next frame. */
    synchronized void error(String text) {
        String t = requireText(text, "error text");
        error = t.isEmpty() ? null : t;
        errorChanged = true;
    }

    /** The error in force, if any. */
    synchronized Optional<String> error() {
        return Optional.ofNullable(error);
    }

    /** The text to send if the error was set or cleared since the last call ("" = cleared); clears the mark. */
    synchronized Optional<String> takeErrorChange() {
        if (!errorChanged) {
            return Optional.empty();
        }
        errorChanged = false;
        return Optional.of(error == null ? "" : error);
    }

    static int requireSpo2(int value) {
        if (value < 1 || value > Ox300Protocol.SPO2_MAX) {
            throw new IllegalArgumentException("spo2 must be 1.." + Ox300Protocol.SPO2_MAX + " %: " + value);
        }
        return value;
    }

    static int requirePulse(int value) {
        if (value < 1 || value > Ox300Protocol.PULSE_MAX) {
            throw new IllegalArgumentException("pulse must be 1.." + Ox300Protocol.PULSE_MAX + " /min: " + value);
        }
        return value;
    }

    /**
     * Text as the protocol allows in a frame: printable ASCII (0x20..0x7E), at most {@value Ox300Protocol#MAX_PAYLOAD}
     * characters.
     */
    static String requireText(String text, String what) {
        if (text == null || text.length() > Ox300Protocol.MAX_PAYLOAD
                || !text.chars().allMatch(c -> c >= 0x20 && c <= 0x7E)) {
            throw new IllegalArgumentException(what + " must be printable ASCII, at most "
                    + Ox300Protocol.MAX_PAYLOAD + " characters: " + text);
        }
        return text;
    }
}
