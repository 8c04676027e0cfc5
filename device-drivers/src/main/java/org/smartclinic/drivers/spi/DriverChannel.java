package org.smartclinic.drivers.spi;

import java.time.Duration;
import java.time.Instant;

/**
 * A driver's way back to its device and to time, given once through {@link DeviceDriver#bind}. Its methods are
 * meant to be called from the driver's own calls (they run on the device's link thread); nothing here blocks.
 */
public interface DriverChannel {

    /**
     * Sends {@code bytes} to the device on the driver's own initiative (a poll, an ENQ, a host-query answer), in
     * order with the link's acknowledgements. Only on stream transports while connected: otherwise, and when the
     * write fails, it returns false and the link ends the connection after the driver's call returns.
     */
    boolean send(byte[] bytes);

    /**
     * Arms timer {@code name} to fire once after {@code delay} ({@link DeviceDriver#onTimer}); re-arming an armed
     * timer moves it. Timers are per connection: all are cancelled when the connection ends.
     */
    void schedule(String name, Duration delay);

    /** Disarms timer {@code name}; nothing if it is not armed. */
    void cancel(String name);

    /** The link's clock. */
    Instant now();
}
