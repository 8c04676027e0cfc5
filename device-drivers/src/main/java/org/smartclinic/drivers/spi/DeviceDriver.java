package org.smartclinic.drivers.spi;

import java.time.Instant;
import java.util.List;

/**
 * One instance per device: a stateful decoder of that device's input, in one of two shapes, a
 * {@link StreamDriver} (bytes in) or a {@link MessageDriver} (whole messages in). Either way it turns input into
 * {@link Outcome}s and never does I/O, never starts threads and never blocks: it talks back to the device and sets
 * timers only through the {@link DriverChannel} it gets in {@link #bind}. Every method is called on the device's
 * own link thread, one call at a time, so a driver needs no locks. Bad input is never an exception: it is a
 * {@link Outcome.Rejected}. A driver that throws anyway costs the input at hand (the link logs it and resets the
 * driver), never the port.
 */
public sealed interface DeviceDriver permits StreamDriver, MessageDriver {

    /** Called once, before any other call; {@code channel} stays valid for the driver's whole life. */
    default void bind(DriverChannel channel) {
    }

    /**
     * A timer set with {@link DriverChannel#schedule} fired.
     *
     * @return what the driver made of it (often nothing; possibly a rejection for an incomplete transmission)
     */
    default List<Outcome> onTimer(String name, Instant now) {
        return List.of();
    }

    /** The readings of {@code accepted} are durably stored and its acknowledgement went out. */
    default void stored(Outcome.Accepted accepted) {
    }

    /** The readings of {@code accepted} could not be stored; its negative answer went out. */
    default void storeFailed(Outcome.Accepted accepted, String reason) {
    }

    /** The connection ended: forget partial input; timers were cancelled. */
    void reset();
}
