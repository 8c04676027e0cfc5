package org.smartclinic.drivers.codec.astm.link;

import java.util.List;

import org.smartclinic.drivers.codec.astm.link.AstmReceiverEvent.IncompleteCause;
import org.smartclinic.drivers.codec.astm.link.AstmReceiverEvent.MessageReceived;
import org.smartclinic.drivers.codec.astm.link.AstmReceiverEvent.TransmissionIncomplete;

/**
 * What {@link AstmReceiver} has of the transmission under way: its raw bytes since the last message, the records,
 * the frame numbers, and the last message emitted until the driver says whether it was stored. Bounded by the
 * transmission limit; once past it the transmission is dropping: it holds nothing more until it ends.
 */
final class Transmission {

    /** What a sound frame did. */
    enum Effect {
        /** Taken; it completed no message. */
        ACCEPTED,
        /** Taken; it completed a message ({@link Result#records()}, {@link Result#raw()}). */
        MESSAGE,
        /** The previous frame again: acknowledged, its text not taken. */
        DUPLICATE,
        /** Neither the expected number nor the previous one. */
        WRONG_NUMBER,
        /** It breaks the one-record-per-frame rule. */
        MALFORMED
    }

    /** A frame's effect, with the message it completed or why it was not taken ({@code detail}). */
    record Result(Effect effect, String detail, List<String> records, byte[] raw) {

        static Result of(Effect effect, String detail) {
            return new Result(effect, detail, List.of(), new byte[0]);
        }
    }

    /** What is kept of an emitted message until the decision on it, to take it back if storing failed. */
    private record Pending(int number, int previousBefore, int framesAfter, RecordAssembly.Snapshot before,
            byte[] raw) {
    }

    private final RawCapture held;
    private final RecordAssembly records = new RecordAssembly();
    private int expected;
    private int previous;
    private int frames;
    private int messages;
    private boolean dropping;
    private boolean storeRefused;
    private Pending pending;

    Transmission(int maxBytes) {
        this.held = new RawCapture(maxBytes);
        clear();
    }

    /** Forgets everything. */
    void clear() {
        held.clear();
        records.clear();
        expected = 1;
        previous = -1;
        frames = 0;
        messages = 0;
        dropping = false;
        storeRefused = false;
        pending = null;
    }

    /** Starts afresh with the ENQ that opened the transmission. */
    void begin() {
        clear();
        held.append(AstmControl.ENQ);
    }

    /** Keeps a received byte; false if it passed the bound (then call {@link #drop()}). */
    boolean capture(byte b) {
        return dropping || held.append(b);
    }

    /** Drops what is held, from now until the end of the transmission; returns the start of what was dropped. */
    byte[] drop(int most) {
        byte[] head = held.head(most);
        held.clear();
        records.clear();
        pending = null;
        dropping = true;
        return head;
    }

    boolean dropping() {
        return dropping;
    }

    /** Nothing taken yet: no frame, no message, no record. */
    boolean fresh() {
        return frames == 0 && messages == 0 && records.isEmpty() && !dropping;
    }

    int frames() {
        return frames;
    }

    int messages() {
        return messages;
    }

    Result take(FrameRules.Verdict frame, boolean packed) {
        if (frame.number() == previous) {
            return Result.of(Effect.DUPLICATE, "");
        }
        if (frame.number() != expected) {
            return Result.of(Effect.WRONG_NUMBER, "frame number " + frame.number() + ", expected " + expected);
        }
        RecordAssembly.Plan plan = records.plan(frame.text(), frame.last(), packed);
        if (plan.problem() != null) {
            return Result.of(Effect.MALFORMED, plan.problem());
        }
        RecordAssembly.Snapshot before = plan.terminator() >= 0 ? records.snapshot() : null;
        records.commit(plan);
        int previousBefore = previous;
        previous = frame.number();
        expected = AstmFrame.next(frame.number());
        frames++;
        if (plan.terminator() < 0) {
            return Result.of(Effect.ACCEPTED, "");
        }
        List<String> message = records.takeThrough(records.size() - plan.added().size() + plan.terminator());
        byte[] raw = held.take();
        pending = new Pending(frame.number(), previousBefore, frames, before, raw);
        messages++;
        storeRefused = false;
        return new Result(Effect.MESSAGE, "", message, raw);
    }

    void stored() {
        pending = null;
    }

    /** Takes the last message back, so its frame is expected again; false if the transmission moved on. */
    boolean storeFailed() {
        Pending p = pending;
        pending = null;
        if (p == null || dropping || frames != p.framesAfter() || !held.prepend(p.raw())) {
            return false;
        }
        records.restore(p.before());
        expected = p.number();
        previous = p.previousBefore();
        frames--;
        messages--;
        storeRefused = true;
        return true;
    }

    /** What EOT leaves to report: an unterminated message, an incomplete transmission, or nothing (null). */
    AstmReceiverEvent atEot() {
        if (dropping || records.isEmpty()) {
            return null;
        }
        if (!records.partial().isEmpty()) {
            return incomplete(IncompleteCause.EOT_MID_RECORD);
        }
        if (storeRefused) {
            return incomplete(IncompleteCause.NOT_STORED);
        }
        messages++;
        return new MessageReceived(records.takeAll(), held.take(), false, new byte[0], new byte[0]);
    }

    TransmissionIncomplete incomplete(IncompleteCause cause) {
        String partial = records.partial();
        return new TransmissionIncomplete(cause, records.takeAll(), partial, held.take());
    }

    AstmReceiver.Buffered buffered(int frameBytes) {
        return new AstmReceiver.Buffered(frameBytes, held.length(), records.chars(),
                pending == null ? 0 : pending.raw().length);
    }
}
