package org.smartclinic.simulator.twin;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * A streaming device for engine tests, written as a new instrument's twin would be: {@code TICK,<n><CR><LF>} every
 * period, no answers expected, faults from its plan on the frame number. A frame lost to a hang-up is not sent
 * again: the device streams on with the next number.
 */
final class TickerTwin implements TwinBehaviour {

    private final Duration period;
    private final int count;
    private final Faults faults;
    private final byte[] ignored = new byte[64];
    private int n;

    TickerTwin(Duration period, int count, FaultPlan plan) {
        this.period = period;
        this.count = count;
        this.faults = new Faults(plan);
    }

    static String frame(int n) {
        return "TICK," + n + "\r\n";
    }

    Faults faults() {
        return faults;
    }

    @Override
    public void run(TwinPort port, TwinContext context) throws IOException {
        while (!context.isClosing() && n < count) {
            n++;
            byte[] frame = frame(n).getBytes(StandardCharsets.US_ASCII);
            if (port.write(faults.firstTransmission(n, frame, 5, frame.length - 2), period) < 0) {
                return;
            }
            faults.afterFrame(n, port, context);
            if (port.read(ignored, period) < 0) {
                return;
            }
        }
    }
}
