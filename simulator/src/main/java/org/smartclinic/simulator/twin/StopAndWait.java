package org.smartclinic.simulator.twin;

import java.io.IOException;
import java.time.Duration;
import java.util.Objects;

/**
 * The sender's side of a stop-and-wait protocol (BPM-200 frames, ASTM E1381 frames): one frame outstanding; after
 * writing it, wait up to the ack timeout for one of the acknowledgement or negative-acknowledgement bytes; on a
 * negative answer or none in time, send the same frame again, up to {@code maxRetries} times (negative: never give
 * up), then give it up. Other bytes that arrive meanwhile are ignored.
 *
 * <p>A frame keeps its progress in its {@link Frame} object: when the connection ends while it is outstanding,
 * {@link #send} says {@link Result#DISCONNECTED}; called again with the same frame on the next connection, it sends
 * it again (a retransmission that does not count as a retry).
 */
public final class StopAndWait {

    /** How {@link #send} ended. */
    public enum Result {
        ACKED,
        /** Every retry was answered negatively or not at all. */
        GIVEN_UP,
        /** The connection ended first; send the same frame again on the next one. */
        DISCONNECTED
    }

    /** What happened to a frame, as it happens; all calls from the sending thread. */
    public interface Observer {
        /** Written (first time when {@link Frame#transmissions()} is 1). */
        default void written(Frame frame) {
        }

        default void nakked(Frame frame) {
        }

        default void timedOut(Frame frame) {
        }
    }

    /** One frame in stop-and-wait: what to send first and on repeats, and how it went so far. */
    public static final class Frame {
        private final byte[] first;
        private final byte[] again;
        private int transmissions;
        private int retries;
        private int naks;
        private int timeouts;
        private boolean outstanding;
        private long sentAt;

        /** @param again the frame as it should be; {@code first} may be damaged (see {@link Faults}) */
        public Frame(byte[] first, byte[] again) {
            this.first = first.clone();
            this.again = again.clone();
        }

        public Frame(byte[] frame) {
            this(frame, frame);
        }

        public int transmissions() {
            return transmissions;
        }

        public int naks() {
            return naks;
        }

        public int timeouts() {
            return timeouts;
        }
    }

    private enum Answer { ACK, NAK, NONE, GONE }

    private final byte[] acks;
    private final byte[] naks;
    private final Duration ackTimeout;
    private final int maxRetries;
    private final Observer observer;
    private final byte[] buffer = new byte[256];

    /**
     * @param acks       bytes that acknowledge, e.g. {@code {ACK}}
     * @param naks       bytes that ask for the frame again, e.g. {@code {NAK}}
     * @param ackTimeout how long to wait for either after writing; also the write's own limit
     * @param maxRetries repeats before giving a frame up; negative = never give up
     */
    public StopAndWait(byte[] acks, byte[] naks, Duration ackTimeout, int maxRetries, Observer observer) {
        this.acks = acks.clone();
        this.naks = naks.clone();
        this.ackTimeout = Checks.positive(ackTimeout, "ackTimeout");
        this.maxRetries = maxRetries;
        this.observer = Objects.requireNonNull(observer, "observer");
    }

    /** Sends {@code frame} (or resumes it) until it is acknowledged, given up, or the connection ends. */
    public Result send(TwinPort port, Frame frame) throws IOException {
        while (true) {
            if (!frame.outstanding && !transmit(port, frame)) {
                return Result.DISCONNECTED;
            }
            switch (awaitAnswer(port, frame)) {
                case ACK -> {
                    frame.outstanding = false;
                    return Result.ACKED;
                }
                case GONE -> {
                    frame.outstanding = false;
                    return Result.DISCONNECTED;
                }
                case NAK -> {
                    frame.naks++;
                    observer.nakked(frame);
                }
                case NONE -> {
                    frame.timeouts++;
                    observer.timedOut(frame);
                }
            }
            frame.outstanding = false;
            if (maxRetries >= 0 && frame.retries >= maxRetries) {
                return Result.GIVEN_UP;
            }
            frame.retries++;
        }
    }

    private boolean transmit(TwinPort port, Frame frame) throws IOException {
        byte[] bytes = frame.transmissions == 0 ? frame.first : frame.again;
        if (port.write(bytes, ackTimeout) < 0) {
            return false;
        }
        frame.transmissions++;
        frame.outstanding = true;
        frame.sentAt = System.nanoTime();
        observer.written(frame);
        return true;
    }

    private Answer awaitAnswer(TwinPort port, Frame frame) throws IOException {
        long deadline = frame.sentAt + ackTimeout.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return Answer.NONE;
            }
            int n = port.read(buffer, Duration.ofNanos(left));
            if (n < 0) {
                return Answer.GONE;
            }
            for (int i = 0; i < n; i++) {
                if (contains(acks, buffer[i])) {
                    return Answer.ACK;
                }
                if (contains(naks, buffer[i])) {
                    return Answer.NAK;
                }
            }
        }
    }

    private static boolean contains(byte[] set, byte b) {
        for (byte s : set) {
            if (s == b) {
                return true;
            }
        }
        return false;
    }
}
