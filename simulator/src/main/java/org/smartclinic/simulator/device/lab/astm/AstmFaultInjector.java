package org.smartclinic.simulator.device.lab.astm;

import java.time.Duration;
import java.util.Arrays;
import java.util.Random;

import org.smartclinic.drivers.codec.astm.link.AstmControl;
import org.smartclinic.simulator.device.lab.astm.AstmLineFaults.Injected;
import org.smartclinic.simulator.twin.TwinCounters;

/**
 * Applies {@link AstmLineFaults} to the frames the sender puts out: numbers first transmissions, tells repeats
 * apart (the same bytes again within a transmission), and says how the frame goes on the wire. Twin thread only.
 */
final class AstmFaultInjector {

    /**
     * How one frame goes out.
     *
     * @param garbage    junk to write first (empty: none)
     * @param delay      wait this long first (ZERO: none)
     * @param bytes      the frame as written (damaged or not)
     * @param eotInstead write EOT instead of the frame and abandon the transmission
     */
    record Plan(byte[] garbage, Duration delay, byte[] bytes, boolean eotInstead) {
    }

    private static final byte[] NONE = new byte[0];

    private final AstmLineFaults faults;
    private final Random random;
    private final TwinCounters<Injected> counters = new TwinCounters<>(Injected.class);
    private int frames;
    private byte[] last;

    AstmFaultInjector(AstmLineFaults faults, long seed) {
        this.faults = faults;
        this.random = new Random(seed);
    }

    TwinCounters<Injected> counters() {
        return counters;
    }

    /** An ENQ went out: frames from now on belong to a new transmission. */
    void newTransmission() {
        last = null;
    }

    /** How {@code frame} (as the sender encoded it) goes out. */
    Plan plan(byte[] frame) {
        boolean repeat = last != null && Arrays.equals(last, frame);
        last = frame;
        if (repeat) {
            return new Plan(NONE, Duration.ZERO, frame, false);
        }
        int n = ++frames;
        if (n == faults.eotBefore()) {
            counters.increment(Injected.EOT_MID_MESSAGE);
            return new Plan(NONE, Duration.ZERO, frame, true);
        }
        byte[] garbage = NONE;
        if (n == faults.garbageBefore()) {
            counters.increment(Injected.GARBAGE);
            garbage = garbage(faults.garbageLength());
        }
        Duration delay = Duration.ZERO;
        if (n == faults.delayBefore()) {
            counters.increment(Injected.DELAY);
            delay = faults.delay();
        }
        byte[] bytes = frame;
        if (n == faults.badChecksumOn()) {
            counters.increment(Injected.BAD_CHECKSUM);
            bytes = badChecksum(frame);
        }
        return new Plan(garbage, delay, bytes, false);
    }

    /** The frame with its first checksum digit changed to another digit: still well formed, no longer right. */
    static byte[] badChecksum(byte[] frame) {
        byte[] bad = frame.clone();
        int high = bad.length - 4;
        bad[high] = (byte) (bad[high] == '0' ? '1' : '0');
        return bad;
    }

    /** Printable junk: no control byte, so the receiver sees one run of noise and answers nothing. */
    private byte[] garbage(int length) {
        byte[] out = new byte[length];
        for (int i = 0; i < length; i++) {
            byte b;
            do {
                b = (byte) (0x21 + random.nextInt(0x7E - 0x21 + 1));
            } while (AstmControl.isRestricted(b));
            out[i] = b;
        }
        return out;
    }
}
