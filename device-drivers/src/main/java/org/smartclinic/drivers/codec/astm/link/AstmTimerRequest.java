package org.smartclinic.drivers.codec.astm.link;

import java.time.Duration;
import java.util.Objects;

/**
 * A timer the link codec needs, as a request its driver carries out (the codec has no clock and no thread): arm
 * {@code name} to fire once after {@code delay}, moving it if armed, or cancel it. When an armed timer fires, the
 * driver calls the codec's {@code onTimer(name)}. Names are distinct per role, so one driver can run a receiver
 * and a sender on the same timer service (e.g. {@code DriverChannel.schedule} and {@code cancel}).
 */
public sealed interface AstmTimerRequest extends AstmReceiverEvent, AstmSenderEvent {

    /** The timer concerned. */
    String name();

    /** Arm (or move) timer {@code name} to fire once after {@code delay}. */
    record Arm(String name, Duration delay) implements AstmTimerRequest {
        public Arm {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(delay, "delay");
        }
    }

    /** Disarm timer {@code name}; nothing if it is not armed. */
    record Cancel(String name) implements AstmTimerRequest {
        public Cancel {
            Objects.requireNonNull(name, "name");
        }
    }
}
