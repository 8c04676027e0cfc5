package org.smartclinic.drivers.codec.astm.link;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

import org.smartclinic.drivers.codec.astm.link.AstmReceiverEvent.EnquiryAnswered;
import org.smartclinic.drivers.codec.astm.link.AstmReceiverEvent.FrameAcknowledged;
import org.smartclinic.drivers.codec.astm.link.AstmReceiverEvent.IncompleteCause;
import org.smartclinic.drivers.codec.astm.link.AstmReceiverEvent.MessageReceived;
import org.smartclinic.drivers.codec.astm.link.AstmReceiverEvent.Rejected;
import org.smartclinic.drivers.codec.astm.link.AstmReceiverEvent.TransmissionEnded;
import org.smartclinic.drivers.codec.astm.link.AstmReceiverEvent.TransmissionIncomplete;

/**
 * The receiving end of ASTM E1381-02 / CLSI LIS1-A, the low-level protocol of clinical lab analyzers: bytes from
 * the sender in, {@link AstmReceiverEvent}s out (answers to send, messages to store, rejections to count, timer
 * requests). One instance per connection, fed on one thread; no I/O, no clock, no thread of its own. Outcomes
 * depend only on the bytes (and the timer firings and store decisions between them), never on how the bytes were
 * split into calls. No input makes it throw.
 * <pre>
 *   sender                    receiver (this)
 *   ENQ  ----------------&gt;    idle -&gt; receiving, arms the receive timer       (Establishment Phase)
 *        &lt;----------------  ACK   (NAK while busy: the sender retries in 10 s)
 *   &lt;STX&gt;1H|\^&amp;...&lt;CR&gt;&lt;ETX&gt;C1C2&lt;CR&gt;&lt;LF&gt;   (Transfer Phase)
 *        &lt;----------------  ACK   FrameAcknowledged
 *   &lt;STX&gt;2R|1|...&lt;ETB&gt;C1C2&lt;CR&gt;&lt;LF&gt;    (a record longer than 240: intermediate frame)
 *        &lt;----------------  ACK   FrameAcknowledged
 *   &lt;STX&gt;3...&lt;CR&gt;&lt;ETX&gt;C1C2&lt;CR&gt;&lt;LF&gt;    (its end frame)
 *        &lt;----------------  ACK   FrameAcknowledged
 *   &lt;STX&gt;4L|1|N&lt;CR&gt;&lt;ETX&gt;C1C2&lt;CR&gt;&lt;LF&gt;  (the terminator record)
 *        &lt;- - - - - - - - -  MessageReceived: ACK held back until stored (NAK if storing failed)
 *   EOT  ----------------&gt;    TransmissionEnded, receiving -&gt; idle           (Termination Phase)
 * </pre>
 *
 * <h2>States</h2>
 * <ul>
 *   <li><b>idle</b>: only ENQ counts. It is answered ACK (the transmission begins, the receive timer is armed), or
 *       NAK while {@link #setBusy busy}. Any other byte is noise, reported once per run (a run ends at an LF, an
 *       ENQ, or when it fills the noise buffer).</li>
 *   <li><b>receiving</b>: frames are checked and answered, one answer per frame, in order; EOT ends the
 *       transmission; the receive timer (30 s) is re-armed at every answer, and its firing ends the transmission
 *       as {@link IncompleteCause#TIMEOUT}.</li>
 * </ul>
 *
 * <h2>Frames (E1381-02 "Frames", "Frame Number", "Checksum", "Acknowledgments", "Defective Frames")</h2>
 * A frame runs from STX to the first LF after its ETB or ETX (see {@link AstmFrame} for its layout). Checked as
 * described in {@link AstmLeniency} and {@link AstmRejectReason}; then, by its number:
 * <ul>
 *   <li>the expected one (1 first, then 2 .. 7, 0, 1 ..): ACK; its text joins the message;</li>
 *   <li>the previous one: the sender repeats a frame whose ACK it lost. ACK again, and its text is <b>not</b>
 *       taken again, so nothing is stored twice;</li>
 *   <li>any other: NAK ({@code wrong_frame_number}); the receiver keeps waiting for the expected frame.</li>
 * </ul>
 * A defective frame is answered NAK and reported; the receiver then waits for the sender to repeat it. A frame cut
 * short by the next STX is reported, not answered (the sender repeats it after its own timeout). Bytes between
 * frames are noise; a run of them ending in LF after an ETB or ETX is a frame whose STX was lost, answered NAK.
 *
 * <h2>Messages, and the deferred acknowledgement</h2>
 * Records end with CR; ETX ends a record even without its CR. A message ends with its terminator record: a record
 * {@code L} followed by the field delimiter of the message's header record ({@code |} if there is none), or
 * {@code L} alone. LIS1-A knows a message is over only at EOT, but the sender needs the last frame acknowledged
 * before it sends EOT; so {@link MessageReceived} is emitted when the frame completing the terminator record
 * arrives, and <b>that frame's ACK is held back</b> in the event: the driver stores the message, sends
 * {@code ack} (or {@code nak} if storing failed), then calls {@link #stored()} or {@link #storeFailed()}. After a
 * failure the sender repeats the frame, and the message is emitted again, complete. Several messages may follow
 * one another in one transmission, each emitted at its terminator.
 * <br>A transmission ending (EOT) after complete records without a terminator emits them as a
 * {@link MessageReceived} that is not {@code terminated}, with nothing to answer. Records cut off by a timeout, a
 * lost link, or EOT in the middle of a record come as {@link TransmissionIncomplete}: never stored as a message,
 * complete records kept for the driver to decide.
 *
 * <h2>Decisions where LIS1-A leaves room</h2>
 * <ul>
 *   <li>An ENQ while receiving is answered ACK again only before the first frame (the sender lost the ACK of its
 *       ENQ); later it is noise. ENQ and EOT inside a frame are text (so the frame is malformed and NAKed): a
 *       damaged byte must not end a transmission or start a new one, and never cause a second answer.</li>
 *   <li>One record per frame set, as LIS1-A sends: a CR anywhere but at the end of an end frame is malformed
 *       unless {@link AstmLeniency#packedRecords()}. Empty records are skipped.</li>
 *   <li>A message whose stored-or-not decision is still open when more bytes come is treated as stored; the
 *       link decides before it feeds the next bytes, so this only matters to callers that batch.</li>
 * </ul>
 *
 * <h2>In a driver</h2>
 * Turn the events of each call into outcomes in order, so answers keep their order on the wire:
 * {@link EnquiryAnswered} and {@link FrameAcknowledged} become an accepted outcome without readings whose
 * acknowledgement is the event's {@code answer}; {@link MessageReceived} becomes the accepted outcome carrying the
 * readings, its {@code raw}, {@code ack} and {@code nak} (the link journals, then sends one of them), and the
 * driver's stored / store-failed callbacks call {@link #stored()} / {@link #storeFailed()}; {@link Rejected}
 * becomes a rejected outcome answered with its {@code answer}; {@link TransmissionIncomplete} is reported (its
 * complete records may be kept, flagged). {@link AstmTimerRequest}s go to the channel's schedule and cancel, a
 * firing comes back through {@link #onTimer}; a closed connection calls {@link #linkLost()}.
 *
 * <h2>Bounds</h2>
 * A frame buffer and a noise buffer of about the longest frame each; the bytes of the message in progress up to
 * {@link AstmReceiverOptions#maxTransmissionBytes()} (1 MiB). A transmission that outgrows it is dropped
 * ({@code transmission_too_large}, reported once): what it held is forgotten and its frames are refused (NAK) until
 * EOT or the timeout, so the sender gives up after its retries. See {@link #buffered()}.
 */
public final class AstmReceiver {

    /** Name of the receive timer in {@link AstmTimerRequest}s and in {@link #onTimer}. */
    public static final String RECEIVE_TIMER = "astm.receiver.frame";

    /** Where the receiver is in a conversation. */
    public enum State {
        /** No transmission: waiting for an ENQ. */
        IDLE,
        /** Between the ACK of an ENQ and the EOT (or a timeout, or a lost link). */
        RECEIVING
    }

    /**
     * Amounts held (or their limits, from {@link #limits()}).
     *
     * @param frameBytes        a partial frame and a partial noise run
     * @param transmissionBytes the raw bytes of the message in progress
     * @param recordChars       the text of its records
     * @param pendingBytes      the raw bytes of the last message emitted, kept until it is stored (for a retry)
     */
    public record Buffered(int frameBytes, int transmissionBytes, int recordChars, int pendingBytes) {
    }

    private static final int REPORT_CAP = 256;

    private final AstmReceiverOptions options;
    private final AstmLeniency leniency;
    private final FrameScanner scanner;
    private final Transmission transmission;
    private State state = State.IDLE;
    private boolean busy;

    /** A strict receiver with the LIS1-A timers and a 1 MiB bound. */
    public AstmReceiver() {
        this(AstmReceiverOptions.DEFAULT);
    }

    /** An idle receiver with {@code options}. */
    public AstmReceiver(AstmReceiverOptions options) {
        this.options = Objects.requireNonNull(options, "options");
        this.leniency = options.leniency();
        this.scanner = new FrameScanner(leniency);
        this.transmission = new Transmission(options.maxTransmissionBytes());
    }

    /** The options this receiver was made with. */
    public AstmReceiverOptions options() {
        return options;
    }

    public State state() {
        return state;
    }

    /**
     * While busy, an ENQ in idle is answered NAK (E1381-02 "Establishment Phase": the receiver is not ready; the
     * sender tries again after 10 s), e.g. while the store is down. Not busy by default: every ENQ gets its ACK. A
     * transmission already under way goes on.
     */
    public void setBusy(boolean busy) {
        this.busy = busy;
    }

    /**
     * Feeds bytes just received.
     *
     * @return what they completed, in order; empty when more bytes are needed
     * @throws IndexOutOfBoundsException if offset and length do not fit {@code data} (a caller bug, not bad input)
     */
    public List<AstmReceiverEvent> receive(byte[] data, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, data.length);
        List<AstmReceiverEvent> out = new ArrayList<>(2);
        Sink sink = new Sink(out);
        for (int i = offset; i < offset + length; i++) {
            if (state == State.RECEIVING && !transmission.capture(data[i])) {
                out.add(new Rejected(AstmRejectReason.TRANSMISSION_TOO_LARGE, "transmission passed "
                        + options.maxTransmissionBytes() + " bytes: dropped, its frames refused until EOT",
                        transmission.drop(REPORT_CAP), new byte[0]));
            }
            scanner.accept(data[i], sink);
        }
        return out;
    }

    /**
     * A timer requested with an {@link AstmTimerRequest.Arm} fired. The receive timer ends a transmission in
     * progress as {@link IncompleteCause#TIMEOUT}; any other name, or a late firing in idle, does nothing.
     */
    public List<AstmReceiverEvent> onTimer(String name) {
        if (!RECEIVE_TIMER.equals(name) || state == State.IDLE) {
            return List.of();
        }
        List<AstmReceiverEvent> out = List.of(transmission.incomplete(IncompleteCause.TIMEOUT));
        toIdle();
        return out;
    }

    /** The connection was lost: a transmission in progress ends as {@link IncompleteCause#LINK_LOST}. */
    public List<AstmReceiverEvent> linkLost() {
        List<AstmReceiverEvent> out = new ArrayList<>(2);
        if (state == State.RECEIVING) {
            out.add(new AstmTimerRequest.Cancel(RECEIVE_TIMER));
            out.add(transmission.incomplete(IncompleteCause.LINK_LOST));
        }
        toIdle();
        return out;
    }

    /** Forgets everything but the busy flag, without reporting: back to idle (e.g. the driver was reset). */
    public void reset() {
        toIdle();
    }

    /** The last terminated {@link MessageReceived} is stored and its {@code ack} went out. */
    public void stored() {
        transmission.stored();
    }

    /**
     * The last terminated {@link MessageReceived} could not be stored and its {@code nak} went out: the message is
     * taken back, so the sender's repetition of the frame completes it again.
     *
     * @return false if it could not be taken back because the transmission moved on meanwhile (more frames, EOT)
     */
    public boolean storeFailed() {
        return state == State.RECEIVING && transmission.storeFailed();
    }

    /** What is held now; each amount stays within {@link #limits()}. */
    public Buffered buffered() {
        return transmission.buffered(scanner.held());
    }

    /** The most this receiver ever holds, per buffer. */
    public Buffered limits() {
        int max = options.maxTransmissionBytes();
        return new Buffered(scanner.capacity(), max, max + leniency.maxTextLength(), max);
    }

    private void toIdle() {
        state = State.IDLE;
        scanner.mode(false);
        transmission.clear();
    }

    private void enquiry(List<AstmReceiverEvent> out) {
        if (state == State.IDLE && busy) {
            out.add(new EnquiryAnswered(false, AstmControl.bytes(AstmControl.NAK)));
        } else if (state == State.IDLE || transmission.fresh()) {
            if (state == State.IDLE) {
                state = State.RECEIVING;
                scanner.mode(true);
                transmission.begin();
            }
            out.add(new EnquiryAnswered(true, AstmControl.bytes(AstmControl.ACK)));
            arm(out);
        } else {
            out.add(new Rejected(AstmRejectReason.NOISE, "<ENQ> during a transmission ignored",
                    AstmControl.bytes(AstmControl.ENQ), new byte[0]));
        }
    }

    private void endOfTransmission(List<AstmReceiverEvent> out) {
        out.add(new AstmTimerRequest.Cancel(RECEIVE_TIMER));
        AstmReceiverEvent last = transmission.atEot();
        if (last != null) {
            out.add(last);
        }
        out.add(new TransmissionEnded(transmission.messages(), transmission.frames()));
        toIdle();
    }

    private void frame(FrameScanner.Scan scan, List<AstmReceiverEvent> out) {
        byte[] raw = Arrays.copyOf(scan.buffer(), scan.length());
        if (transmission.dropping()) {
            refuse(AstmRejectReason.TRANSMISSION_TOO_LARGE, "frame refused: its transmission was dropped", raw, out);
            return;
        }
        FrameRules.Verdict verdict = FrameRules.check(scan, leniency);
        if (!verdict.sound()) {
            refuse(verdict.reason(), verdict.detail(), raw, out);
            return;
        }
        Transmission.Result result = transmission.take(verdict, leniency.packedRecords());
        byte[] ack = AstmControl.bytes(AstmControl.ACK);
        switch (result.effect()) {
            case ACCEPTED, DUPLICATE -> out.add(new FrameAcknowledged(verdict.number(), verdict.last(),
                    result.effect() == Transmission.Effect.DUPLICATE, raw, ack));
            case MESSAGE -> out.add(new MessageReceived(result.records(), result.raw(), true, ack,
                    AstmControl.bytes(AstmControl.NAK)));
            case WRONG_NUMBER -> {
                refuse(AstmRejectReason.WRONG_FRAME_NUMBER, result.detail(), raw, out);
                return;
            }
            case MALFORMED -> {
                refuse(AstmRejectReason.MALFORMED, result.detail(), raw, out);
                return;
            }
        }
        arm(out);
    }

    private void refuse(AstmRejectReason reason, String detail, byte[] raw, List<AstmReceiverEvent> out) {
        out.add(new Rejected(reason, detail, raw, AstmControl.bytes(AstmControl.NAK)));
        arm(out);
    }

    private void arm(List<AstmReceiverEvent> out) {
        out.add(new AstmTimerRequest.Arm(RECEIVE_TIMER, options.timers().receive()));
    }

    /** Turns what the scanner finds into events, for one call. */
    private final class Sink implements FrameScanner.Sink {

        private final List<AstmReceiverEvent> out;

        Sink(List<AstmReceiverEvent> out) {
            this.out = out;
        }

        @Override
        public void frame(FrameScanner.Scan scan) {
            AstmReceiver.this.frame(scan, out);
        }

        @Override
        public void cut(byte[] bytes, boolean textOverflow) {
            String detail = textOverflow ? "frame text longer than " + leniency.maxTextLength()
                    + " characters, cut by the next <STX>" : "frame cut after " + bytes.length
                    + " bytes by the next <STX>";
            out.add(new Rejected(textOverflow ? AstmRejectReason.OVERLONG : AstmRejectReason.TRUNCATED, detail,
                    bytes, new byte[0]));
        }

        @Override
        public void noise(byte[] bytes, boolean lostStx) {
            if (lostStx) {
                refuse(AstmRejectReason.MALFORMED, "frame without <STX> (" + bytes.length + " bytes)", bytes, out);
            } else {
                String where = state == State.IDLE ? " while idle" : " between frames";
                out.add(new Rejected(AstmRejectReason.NOISE, bytes.length + (bytes.length == 1 ? " byte" : " bytes")
                        + where, bytes, new byte[0]));
            }
        }

        @Override
        public void control(byte control) {
            if (control == AstmControl.ENQ) {
                enquiry(out);
            } else {
                endOfTransmission(out);
            }
        }
    }
}
