package org.smartclinic.drivers.testkit;

import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.time.Instant;

import org.smartclinic.drivers.spi.DriverChannel;

/**
 * The channel a driver gets under the {@link DriverVectorRunner}: sends are recorded (rendered as
 * {@code out: sent [...]} before the outcomes of the call that made them), the clock is the vector's fixed
 * receive time, and timers never fire (a vector is a byte sequence, not a time line).
 */
final class VectorChannel implements DriverChannel {

    private final ByteArrayOutputStream sent = new ByteArrayOutputStream();

    @Override
    public boolean send(byte[] bytes) {
        sent.writeBytes(bytes);
        return true;
    }

    @Override
    public void schedule(String name, Duration delay) {
    }

    @Override
    public void cancel(String name) {
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
