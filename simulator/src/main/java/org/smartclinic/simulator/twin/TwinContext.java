package org.smartclinic.simulator.twin;

import java.time.Duration;

/** What the engine offers a running {@link TwinBehaviour} besides its port. */
public interface TwinContext {

    /** The twin's name, as in its thread {@code twin-<name>}. */
    String name();

    /** True once the twin is being closed: {@code run} should return. */
    boolean isClosing();

    /**
     * Pulls the plug now (the connection's port returns -1 from then on) and plugs in again after {@code delay},
     * unless the twin is closed first. The listener hears both.
     */
    void unplugFor(Duration delay);
}
