package org.smartclinic.simulator.device.lab.astm;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import org.smartclinic.drivers.codec.astm.link.AstmControl;
import org.smartclinic.drivers.codec.astm.link.AstmTimers;
import org.smartclinic.simulator.twin.StopAndWait;
import org.smartclinic.simulator.twin.TwinBehaviour;
import org.smartclinic.simulator.twin.TwinContext;
import org.smartclinic.simulator.twin.TwinPort;

/**
 * Replays an {@link AstmCapture} to a receiver as the instrument did, each frame's bytes exactly as captured (no
 * re-framing, no new checksum): per transmission ENQ (NAK: bid again after the ENQ retry time; no answer: EOT, then
 * bid again; the receiver's ENQ at the same time: the instrument keeps its claim and bids again after its backoff;
 * 6 bids at most), then each frame in {@link StopAndWait} (ACK, or EOT taken as ACK, moves on; NAK or no answer
 * within the reply time sends the same bytes again, 6 sends at most, then EOT and the transmission is given up), then
 * EOT. A transmission cut by a lost connection starts again from its ENQ on the next connection. One
 * {@link Result} per transmission goes to the callback; after the last, the behaviour returns (the line stays open).
 */
public final class AstmCaptureReplay implements TwinBehaviour {

    /**
     * How one transmission went.
     *
     * @param number          1 for the first transmission of the capture
     * @param delivered       every frame acknowledged and EOT sent
     * @param frames          frames in the transmission
     * @param retransmissions frames sent again
     * @param detail          {@code delivered}, or why not
     */
    public record Result(int number, boolean delivered, int frames, int retransmissions, String detail) {
    }

    private static final byte[] ENQ = {AstmControl.ENQ};
    private static final byte[] EOT = {AstmControl.EOT};

    private final AstmCapture capture;
    private final AstmTimers timers;
    private final int maxAttempts;
    private final Consumer<Result> onResult;
    private final List<Result> results = new CopyOnWriteArrayList<>();
    private final byte[] buffer = new byte[256];
    private int next;

    /** @param maxAttempts bids per transmission and sends per frame, 6 in the standard */
    public AstmCaptureReplay(AstmCapture capture, AstmTimers timers, int maxAttempts, Consumer<Result> onResult) {
        this.capture = Objects.requireNonNull(capture, "capture");
        this.timers = Objects.requireNonNull(timers, "timers");
        this.maxAttempts = maxAttempts;
        this.onResult = Objects.requireNonNull(onResult, "onResult");
    }

    /** The transmissions replayed so far. */
    public List<Result> results() {
        return List.copyOf(results);
    }

    @Override
    public void run(TwinPort port, TwinContext context) throws IOException {
        while (next < capture.transmissions().size() && !context.isClosing()) {
            Result result = transmission(port, next + 1, capture.transmissions().get(next));
            if (result == null) {
                return;
            }
            next++;
            results.add(result);
            onResult.accept(result);
        }
    }

    /** One transmission; null if the connection ended first (it is replayed again on the next one). */
    private Result transmission(TwinPort port, int number, List<byte[]> frames) throws IOException {
        int frameCount = frames.size();
        String bid = establish(port);
        if (bid == null) {
            return null;
        }
        if (!bid.isEmpty()) {
            return new Result(number, false, frameCount, 0, bid);
        }
        StopAndWait link = new StopAndWait(new byte[] {AstmControl.ACK, AstmControl.EOT},
                new byte[] {AstmControl.NAK}, timers.reply(), maxAttempts - 1, new StopAndWait.Observer() { });
        int retransmissions = 0;
        for (int i = 0; i < frameCount; i++) {
            StopAndWait.Frame frame = new StopAndWait.Frame(frames.get(i));
            StopAndWait.Result sent = link.send(port, frame);
            retransmissions += Math.max(0, frame.transmissions() - 1);
            if (sent == StopAndWait.Result.DISCONNECTED) {
                return null;
            }
            if (sent == StopAndWait.Result.GIVEN_UP) {
                port.write(EOT, timers.reply());
                return new Result(number, false, frameCount, retransmissions, "frame " + (i + 1) + " of "
                        + frameCount + " refused or unanswered " + maxAttempts + " times: EOT sent, given up");
            }
        }
        if (port.write(EOT, timers.reply()) < 0) {
            return null;
        }
        return new Result(number, true, frameCount, retransmissions, "delivered");
    }

    /** Bids for the line: "" when the receiver took it, a reason when it never did, null if the line is gone. */
    private String establish(TwinPort port) throws IOException {
        int refused = 0;
        while (refused < maxAttempts) {
            if (port.write(ENQ, timers.reply()) < 0) {
                return null;
            }
            byte answer = awaitAnswer(port);
            switch (answer) {
                case AstmControl.ACK -> {
                    return "";
                }
                case AstmControl.ENQ -> {
                    if (!quiet(port, timers.instrumentBackoff())) {
                        return null;
                    }
                    continue;
                }
                case 0 -> {
                    if (port.write(EOT, timers.reply()) < 0) {
                        return null;
                    }
                }
                case -1 -> {
                    return null;
                }
                default -> {
                    // NAK: the receiver is busy.
                }
            }
            refused++;
            if (refused < maxAttempts && !quiet(port, timers.enquiryRetry())) {
                return null;
            }
        }
        return "ENQ refused or unanswered " + maxAttempts + " times";
    }

    /** ACK, NAK or ENQ in answer to an ENQ; 0 if none came within the reply time, -1 if the line is gone. */
    private byte awaitAnswer(TwinPort port) throws IOException {
        long deadline = System.nanoTime() + timers.reply().toNanos();
        long left;
        while ((left = deadline - System.nanoTime()) > 0) {
            int n = port.read(buffer, Duration.ofNanos(left));
            if (n < 0) {
                return -1;
            }
            for (int i = 0; i < n; i++) {
                byte b = buffer[i];
                if (b == AstmControl.ACK || b == AstmControl.NAK || b == AstmControl.ENQ) {
                    return b;
                }
            }
        }
        return 0;
    }

    /** Waits {@code time} reading and dropping what comes; false if the line went. */
    private boolean quiet(TwinPort port, Duration time) throws IOException {
        long deadline = System.nanoTime() + time.toNanos();
        long left;
        while ((left = deadline - System.nanoTime()) > 0) {
            if (port.read(buffer, Duration.ofNanos(left)) < 0) {
                return false;
            }
        }
        return true;
    }
}
