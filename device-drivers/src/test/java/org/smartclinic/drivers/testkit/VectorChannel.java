package org.smartclinic.drivers.testkit;

import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Set;

import org.smartclinic.drivers.spi.DriverChannel;

/**
 * The channel a driver gets under the {@link DriverVectorRunner}: sends are recorded (rendered as
 * {@code out: sent [...]} before the outcomes of the call that made them), the clock is the vector's fixed
 * receive time, and timers fire only where a vector says so ({@code timer:} lines), if armed.
 */
final class VectorChannel implements DriverChannel {

    private final ByteArrayOutputStream sent = new ByteArrayOutputStream();
    private final Set<String> armed = new LinkedHashSet<>();

    @Override
    public boolean send(byte[] bytes) {
        sent.writeBytes(bytes);
        return true;
    }

    @Override
    public void schedule(String name, Duration delay) {
        armed.add(name);
    }

    @Override
    public void cancel(String name) {
        armed.remove(name);
    }

    /** Disarms {@code name} as it fires; false if it was not armed. */
    boolean fire(String name) {
        return armed.remove(name);
    }

    /** The connection ended: every timer is cancelled. */
    void cancelAll() {
        armed.clear();
    }

    @Override
    public Instant now() {
        return DriverVectorRunner.RECEIVED_AT;
    }

    /** What was sent since the last call, and forgets it. */
    byte[] takeSent() {
        byte[] out = sent.toByteArray();
        sent.reset();
        return out;
    }
}
