package org.smartclinic.simulator.device.lab.astm;

import java.time.Duration;
import java.util.Objects;

import org.smartclinic.simulator.twin.Checks;

/**
 * Line faults of an ASTM instrument twin, each off by default ({@link #NONE}). Frames are numbered in the order the
 * twin first sends them, over its whole life, 1 for the first frame of its first message; repeats of a frame keep its
 * number and are never damaged, so the standard's recovery (NAK, send again) can work. Each fault fires once.
 *
 * @param badChecksumOn    the first transmission of this frame has a wrong checksum (one digit changed): the
 *                         receiver answers NAK and the twin sends the frame again, correct; 0 = off
 * @param eotBefore        instead of this frame the twin sends EOT, ending the transmission mid-message (the line
 *                         dropped); the message is then sent again from its ENQ if attempts are left; 0 = off
 * @param garbageBefore    printable junk (no control bytes, no LF) just before this frame; 0 = off
 * @param garbageLength    bytes of junk
 * @param delayBefore      this frame goes out {@link #delay} late, e.g. past the receiver's receive timeout so it
 *                         gives the transmission up; 0 = off
 * @param delay            how late
 */
public record AstmLineFaults(int badChecksumOn, int eotBefore, int garbageBefore, int garbageLength,
        int delayBefore, Duration delay) {

    /** What a twin counts when it injects a fault. */
    public enum Injected { BAD_CHECKSUM, EOT_MID_MESSAGE, GARBAGE, DELAY }

    /** No faults. */
    public static final AstmLineFaults NONE = new AstmLineFaults(0, 0, 0, 8, 0, Duration.ZERO);

    public AstmLineFaults {
        Checks.atLeast(badChecksumOn, 0, "badChecksumOn");
        Checks.atLeast(eotBefore, 0, "eotBefore");
        Checks.atLeast(garbageBefore, 0, "garbageBefore");
        Checks.atLeast(garbageLength, 1, "garbageLength");
        Checks.atLeast(delayBefore, 0, "delayBefore");
        Checks.notNegative(Objects.requireNonNull(delay, "delay"), "delay");
    }

    public AstmLineFaults withBadChecksumOn(int frame) {
        return new AstmLineFaults(frame, eotBefore, garbageBefore, garbageLength, delayBefore, delay);
    }

    public AstmLineFaults withEotBefore(int frame) {
        return new AstmLineFaults(badChecksumOn, frame, garbageBefore, garbageLength, delayBefore, delay);
    }

    public AstmLineFaults withGarbageBefore(int frame, int length) {
        return new AstmLineFaults(badChecksumOn, eotBefore, frame, length, delayBefore, delay);
    }

    public AstmLineFaults withDelayBefore(int frame, Duration late) {
        return new AstmLineFaults(badChecksumOn, eotBefore, garbageBefore, garbageLength, frame, late);
    }
}
