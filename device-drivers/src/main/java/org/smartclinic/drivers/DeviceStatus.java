package org.smartclinic.drivers;

import java.util.Objects;

/**
 * What a device says about itself, as opposed to the state of the connection to it: idle and ready, busy
 * measuring, or in error with the device's own words. Published by drivers as
 * {@link org.smartclinic.drivers.spi.Outcome.StatusReport}; shown to the technician and in metrics, never stored
 * as a reading.
 *
 * @param state what the device is doing
 * @param text  the device's own words (an error text, "sensor off"), at most {@value #MAX_TEXT} characters; may
 *              be empty, never null
 */
public record DeviceStatus(State state, String text) {

    /** Longest device text kept. */
    public static final int MAX_TEXT = 200;

    /** The device's own state. */
    public enum State {
        /** Idle, ready to measure. */
        READY,
        /** A measurement is in progress (or, for a monitor, it is streaming). */
        MEASURING,
        /** The device reports a fault; {@link #text()} says which. */
        ERROR
    }

    public DeviceStatus {
        Objects.requireNonNull(state, "state");
        text = text == null ? "" : text.length() > MAX_TEXT ? text.substring(0, MAX_TEXT) : text;
    }

    public static DeviceStatus of(State state) {
        return new DeviceStatus(state, "");
    }
}
