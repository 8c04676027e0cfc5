package org.smartclinic.drivers.codec.astm.link;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

import org.smartclinic.drivers.codec.astm.link.AstmSenderEvent.Contention;
import org.smartclinic.drivers.codec.astm.link.AstmSenderEvent.Delivered;
import org.smartclinic.drivers.codec.astm.link.AstmSenderEvent.Failed;
import org.smartclinic.drivers.codec.astm.link.AstmSenderEvent.Failure;
import org.smartclinic.drivers.codec.astm.link.AstmSenderEvent.Ignored;
import org.smartclinic.drivers.codec.astm.link.AstmSenderEvent.PassOn;
import org.smartclinic.drivers.codec.astm.link.AstmSenderEvent.Send;

/**
 * The sending end of ASTM E1381-02 / CLSI LIS1-A: a message (its records) in, the conversation out as
 * {@link AstmSenderEvent}s (bytes to send, timer requests, and in the end {@link Delivered} or {@link Failed}).
 * Used by simulator twins of analyzers ({@link AstmRole#INSTRUMENT}) and by the gateway to answer host queries
 * ({@link AstmRole#HOST}). One instance per connection, fed on one thread; no I/O, no clock, never throws for any
 * received bytes.
 * <pre>
 *   sender (this)                                   receiver
 *   ENQ   ------------------------------------&gt;                        (Establishment Phase)
 *         &lt;------------------------------------  ACK
 *         NAK: bid again after 10 s    no answer in 15 s: EOT, bid again after 10 s    (6 bids at most)
 *         ENQ (contention): HOST yields, bids again after 20 s of quiet; INSTRUMENT repeats its ENQ after 1 s
 *   &lt;STX&gt;1 ... &lt;ETX&gt;C1C2&lt;CR&gt;&lt;LF&gt;  -----------&gt;                         (Transfer Phase)
 *         &lt;------------------------------------  ACK (or EOT: taken as ACK)
 *         NAK, or no answer in 15 s: the same frame again, 6 sends at most, then EOT and Failed
 *   &lt;STX&gt;2 ... 7, 0, 1 ...     -----------&gt;
 *   EOT   ------------------------------------&gt;  Delivered                (Termination Phase)
 * </pre>
 *
 * <h2>States</h2>
 * {@link State#IDLE} (nothing to send), {@link State#ESTABLISHING} (ENQ sent, awaiting the answer),
 * {@link State#TRANSFERRING} (a frame sent, awaiting the answer), {@link State#WAITING} (to bid again: after a NAK
 * or an unanswered ENQ, or a contention). The sender holds the line only while establishing or transferring; then
 * it consumes what it receives, otherwise it hands it on ({@link PassOn}).
 *
 * <h2>Decisions where LIS1-A leaves room</h2>
 * <ul>
 *   <li>No answer to a frame within 15 s counts as an attempt and the frame goes again (rather than ending the
 *       transmission at once): the receiver takes a repeated frame by its number only once, so a lost ACK costs a
 *       repetition, not the message.</li>
 *   <li>No answer to an ENQ within 15 s: EOT (the termination phase the standard asks for, which also frees a
 *       receiver that did answer), then a new ENQ after 10 s, like after a NAK; 6 refused or unanswered bids
 *       end in {@link Failure#NOT_ESTABLISHED}. Contentions are not counted.</li>
 *   <li>EOT in answer to a frame (a receiver interrupt, E1381-02 "Receiver Interrupts") is taken as ACK and the
 *       transmission goes on: the standard lets the sender ignore the request.</li>
 *   <li>Other bytes in answer are skipped ({@link Ignored}), not taken as NAK: a stray byte then the real ACK must
 *       not become two answers.</li>
 *   <li>While waiting to bid again, the sender watches the bytes it hands on: after an ENQ from the peer and until
 *       its EOT, a bid is put off as long as bytes keep coming, so a yielded host does not break into the
 *       instrument's transmission.</li>
 * </ul>
 *
 * <h2>Both roles on one line</h2>
 * Feed every received byte to the sender first and its {@link PassOn} bytes to the {@link AstmReceiver}; start a
 * {@link #send} only while the receiver is idle.
 */
public final class AstmSender {

    /** Name of the reply timer (15 s) in {@link AstmTimerRequest}s and in {@link #onTimer}. */
    public static final String REPLY_TIMER = "astm.sender.reply";
    /** Name of the timer before a new bid (10 s, or the contention backoff). */
    public static final String RETRY_TIMER = "astm.sender.retry";

    /** Where the sender is in a conversation. */
    public enum State {
        /** Nothing to send. */
        IDLE,
        /** ENQ sent; waiting for ACK. */
        ESTABLISHING,
        /** A frame sent; waiting for ACK. */
        TRANSFERRING,
        /** Waiting to send ENQ again. */
        WAITING
    }

    private static final int SAMPLE_CAP = 256;

    private final AstmSenderOptions options;
    private final AstmTimers timers;
    private State state = State.IDLE;
    private List<byte[]> frames = List.of();
    private int index;
    private int frameAttempts;
    private int refusedBids;
    private int retransmissions;
    private Duration waitDelay;
    private boolean peerActive;
    private boolean traffic;

    /** An idle sender with {@code options}. */
    public AstmSender(AstmSenderOptions options) {
        this.options = Objects.requireNonNull(options, "options");
        this.timers = options.timers();
    }

    public State state() {
        return state;
    }

    /** True while ENQ or a frame awaits its answer: received bytes are then the sender's. */
    public boolean holdsLine() {
        return state == State.ESTABLISHING || state == State.TRANSFERRING;
    }

    /**
     * Starts a transmission of {@code records} (see {@link AstmFrame#split(List, AstmFrame.Layout, int)}): sends
     * ENQ.
     *
     * @throws IllegalStateException    if a transmission is under way (not {@link State#IDLE})
     * @throws IllegalArgumentException if there are no records, or a record cannot be sent
     */
    public List<AstmSenderEvent> send(List<String> records) {
        if (state != State.IDLE) {
            throw new IllegalStateException("a transmission is under way: " + state);
        }
        if (records.isEmpty()) {
            throw new IllegalArgumentException("nothing to send");
        }
        frames = AstmFrame.split(records, options.layout(), options.maxTextLength()).stream()
                .map(f -> f.encode(options.lowerCaseChecksum())).toList();
        index = 0;
        refusedBids = 0;
        retransmissions = 0;
        List<AstmSenderEvent> out = new ArrayList<>(2);
        bid(out);
        return out;
    }

    /**
     * Feeds bytes received from the peer.
     *
     * @return what follows from them; a {@link PassOn} last with the bytes that were not for the sender
     * @throws IndexOutOfBoundsException if offset and length do not fit {@code data} (a caller bug, not bad input)
     */
    public List<AstmSenderEvent> receive(byte[] data, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, data.length);
        List<AstmSenderEvent> out = new ArrayList<>(3);
        int end = offset + length;
        int i = offset;
        byte[] sample = null;
        int ignored = 0;
        for (; i < end && holdsLine(); i++) {
            byte b = data[i];
            if (!isAnswer(b)) {
                sample = sample == null ? new byte[SAMPLE_CAP] : sample;
                if (ignored < SAMPLE_CAP) {
                    sample[ignored] = b;
                }
                ignored++;
            } else if (!answer(b, out)) {
                break;
            }
        }
        if (ignored > 0) {
            out.add(new Ignored(ignored, Arrays.copyOf(sample, Math.min(ignored, SAMPLE_CAP))));
        }
        if (i < end) {
            byte[] rest = Arrays.copyOfRange(data, i, end);
            if (state == State.WAITING) {
                watch(rest);
            }
            out.add(new PassOn(rest));
        }
        return out;
    }

    /** A timer requested with an {@link AstmTimerRequest.Arm} fired; late or unknown firings do nothing. */
    public List<AstmSenderEvent> onTimer(String name) {
        List<AstmSenderEvent> out = new ArrayList<>(3);
        if (REPLY_TIMER.equals(name) && state == State.ESTABLISHING) {
            out.add(new Send(AstmControl.bytes(AstmControl.EOT)));
            bidFailed("unanswered", out);
        } else if (REPLY_TIMER.equals(name) && state == State.TRANSFERRING) {
            again("unanswered", out);
        } else if (RETRY_TIMER.equals(name) && state == State.WAITING) {
            if (peerActive && traffic) {
                traffic = false;
                out.add(new AstmTimerRequest.Arm(RETRY_TIMER, waitDelay));
            } else {
                bid(out);
            }
        }
        return out;
    }

    /** The connection was lost: a transmission under way fails with {@link Failure#LINK_LOST}. */
    public List<AstmSenderEvent> linkLost() {
        if (state == State.IDLE) {
            return List.of();
        }
        List<AstmSenderEvent> out = new ArrayList<>(3);
        out.add(new AstmTimerRequest.Cancel(REPLY_TIMER));
        out.add(new AstmTimerRequest.Cancel(RETRY_TIMER));
        fail(Failure.LINK_LOST, "connection lost while " + state.name().toLowerCase(Locale.ROOT), out);
        return out;
    }

    /** Forgets the transmission under way without reporting (e.g. the driver was reset). */
    public void reset() {
        state = State.IDLE;
        frames = List.of();
    }

    /** Whether {@code b} is an answer in this state: ACK, NAK, and ENQ to an ENQ or EOT to a frame. */
    private boolean isAnswer(byte b) {
        return b == AstmControl.ACK || b == AstmControl.NAK
                || (state == State.ESTABLISHING ? b == AstmControl.ENQ : b == AstmControl.EOT);
    }

    /** Handles an answer while holding the line; false if the byte is to be handed on. */
    private boolean answer(byte b, List<AstmSenderEvent> out) {
        if (state == State.ESTABLISHING) {
            if (b == AstmControl.ACK) {
                state = State.TRANSFERRING;
                sendFrame(1, out);
            } else if (b == AstmControl.NAK) {
                out.add(new AstmTimerRequest.Cancel(REPLY_TIMER));
                bidFailed("refused", out);
            } else {
                return contention(out);
            }
        } else if (b == AstmControl.NAK) {
            again("refused", out);
        } else {
            acknowledged(out);
        }
        return true;
    }

    private boolean contention(List<AstmSenderEvent> out) {
        AstmRole role = options.role();
        Duration backoff = timers.backoff(role);
        out.add(new AstmTimerRequest.Cancel(REPLY_TIMER));
        out.add(new Contention(role, backoff));
        waitToBid(backoff, out);
        return role == AstmRole.INSTRUMENT;
    }

    private void acknowledged(List<AstmSenderEvent> out) {
        index++;
        if (index < frames.size()) {
            sendFrame(1, out);
            return;
        }
        out.add(new Send(AstmControl.bytes(AstmControl.EOT)));
        out.add(new AstmTimerRequest.Cancel(REPLY_TIMER));
        out.add(new Delivered(frames.size(), retransmissions));
        state = State.IDLE;
        frames = List.of();
    }

    /** The current frame was refused or unanswered: send it again, or give up. */
    private void again(String why, List<AstmSenderEvent> out) {
        if (frameAttempts >= options.maxAttempts()) {
            out.add(new Send(AstmControl.bytes(AstmControl.EOT)));
            out.add(new AstmTimerRequest.Cancel(REPLY_TIMER));
            fail(Failure.RETRIES_EXHAUSTED, "frame " + (index + 1) + " of " + frames.size() + " " + why + " after "
                    + frameAttempts + " attempts", out);
            return;
        }
        retransmissions++;
        sendFrame(frameAttempts + 1, out);
    }

    private void sendFrame(int attempt, List<AstmSenderEvent> out) {
        frameAttempts = attempt;
        out.add(new Send(frames.get(index).clone()));
        out.add(new AstmTimerRequest.Arm(REPLY_TIMER, timers.reply()));
    }

    private void bid(List<AstmSenderEvent> out) {
        state = State.ESTABLISHING;
        out.add(new Send(AstmControl.bytes(AstmControl.ENQ)));
        out.add(new AstmTimerRequest.Arm(REPLY_TIMER, timers.reply()));
    }

    private void bidFailed(String why, List<AstmSenderEvent> out) {
        refusedBids++;
        if (refusedBids >= options.maxAttempts()) {
            fail(Failure.NOT_ESTABLISHED, "ENQ " + why + " " + refusedBids + " times", out);
        } else {
            waitToBid(timers.enquiryRetry(), out);
        }
    }

    private void waitToBid(Duration delay, List<AstmSenderEvent> out) {
        state = State.WAITING;
        waitDelay = delay;
        peerActive = false;
        traffic = false;
        out.add(new AstmTimerRequest.Arm(RETRY_TIMER, delay));
    }

    /** Notes the peer's activity in bytes handed on while waiting to bid. */
    private void watch(byte[] bytes) {
        for (byte b : bytes) {
            traffic = true;
            if (b == AstmControl.ENQ) {
                peerActive = true;
            } else if (b == AstmControl.EOT) {
                peerActive = false;
            }
        }
    }

    private void fail(Failure reason, String detail, List<AstmSenderEvent> out) {
        out.add(new Failed(reason, detail, index));
        state = State.IDLE;
        frames = List.of();
    }
}
