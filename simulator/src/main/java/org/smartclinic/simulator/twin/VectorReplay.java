package org.smartclinic.simulator.twin;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.smartclinic.drivers.testkit.DriverVector;

/**
 * A twin that replays a driver's stream vectors ({@link DriverVector}, the files the driver's own vector test runs)
 * to whatever is on the line, and checks the answers: for each vector it writes {@link DriverVector#input()}
 * (whole, or in chunks with pauses; quiet where the vector says {@code wait: 1s}), then reads until {@link DriverVector#expectedAnswers()}'s length has arrived
 * or the answer timeout passed, and lingers a little to catch extra answers. Answers are what the gateway sends
 * when every reading is stored: an ACK per accepted frame, the protocol's answer per rejected one.
 *
 * <p>As a {@link TwinBehaviour} it replays its vectors in order, one {@link ReplayResult} each, across
 * reconnects (a vector cut by a hang-up is reported lost and the next one starts on the next connection); then the
 * device falls silent. The static {@link #replay} serves any {@link TwinPort}; {@link #load} finds the files.
 */
public final class VectorReplay implements TwinBehaviour {

    /**
     * How to replay.
     *
     * @param chunkSize     bytes per write; 0 = the whole input at once
     * @param pause         between chunks (answers arriving meanwhile are kept)
     * @param answerTimeout how long to wait for the expected answers after the last write
     * @param linger        how long to keep reading once they have all arrived, for extra answers
     * @param gap           quiet time before each vector: vectors share frames, and a gateway takes the same frame
     *                      sent again soon after its ACK for a repeat that crossed the ACK, not answered twice
     *                      ({@code StreamDriver.crossedRetransmissionWindow()}, which is the gap to use)
     */
    public record Pacing(int chunkSize, Duration pause, Duration answerTimeout, Duration linger, Duration gap) {

        public Pacing {
            Checks.atLeast(chunkSize, 0, "chunkSize");
            Checks.notNegative(pause, "pause");
            Checks.notNegative(answerTimeout, "answerTimeout");
            Checks.notNegative(linger, "linger");
            Checks.notNegative(gap, "gap");
        }

        /** Whole input at once, 5 s for the answers, 100 ms of lingering, no gap. */
        public static Pacing whole() {
            return new Pacing(0, Duration.ZERO, Duration.ofSeconds(5), Duration.ofMillis(100), Duration.ZERO);
        }

        public Pacing inChunks(int size, Duration pauseBetween) {
            return new Pacing(size, pauseBetween, answerTimeout, linger, gap);
        }

        public Pacing withAnswerTimeout(Duration timeout) {
            return new Pacing(chunkSize, pause, timeout, linger, gap);
        }

        public Pacing withGap(Duration quiet) {
            return new Pacing(chunkSize, pause, answerTimeout, linger, quiet);
        }
    }

    private final List<DriverVector> vectors;
    private final Pacing pacing;
    private final Consumer<ReplayResult> onResult;
    private final List<ReplayResult> results = new CopyOnWriteArrayList<>();
    private final CountDownLatch done = new CountDownLatch(1);
    private int next;

    /**
     * @param onResult called on the twin's thread after each vector
     * @throws IllegalArgumentException if a vector is a message vector (those are replayed as messages, not bytes)
     */
    public VectorReplay(List<DriverVector> vectors, Pacing pacing, Consumer<ReplayResult> onResult) {
        vectors.forEach(VectorReplay::requireStream);
        this.vectors = List.copyOf(vectors);
        this.pacing = Objects.requireNonNull(pacing, "pacing");
        this.onResult = Objects.requireNonNull(onResult, "onResult");
        if (vectors.isEmpty()) {
            done.countDown();
        }
    }

    /** The stream and message vectors of driver {@code driverId} on this class path, sorted by file name. */
    public static List<DriverVector> load(String driverId) throws IOException {
        return load(driverId, VectorReplay.class.getClassLoader());
    }

    public static List<DriverVector> load(String driverId, ClassLoader loader) throws IOException {
        return VectorFiles.load(driverId, loader);
    }

    @Override
    public void run(TwinPort port, TwinContext context) throws IOException {
        while (next < vectors.size() && !context.isClosing()) {
            ReplayResult result = replay(port, vectors.get(next), pacing);
            results.add(result);
            next++;
            onResult.accept(result);
            if (next == vectors.size()) {
                done.countDown();
            }
            if (result.connectionLost()) {
                return;
            }
        }
    }

    /** The results so far, in replay order. */
    public List<ReplayResult> results() {
        return List.copyOf(results);
    }

    /** Waits until every vector was replayed; true if within {@code timeout}. */
    public boolean awaitDone(Duration timeout) throws InterruptedException {
        return done.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** Replays one stream vector through {@code port} (see the class comment). */
    public static ReplayResult replay(TwinPort port, DriverVector vector, Pacing pacing) throws IOException {
        requireStream(vector);
        byte[] input = vector.input();
        byte[] expected = vector.expectedAnswers();
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        Reader reader = new Reader(port, received);
        // Late answers to an earlier vector are not this one's.
        boolean up = pacing.gap().isZero() || reader.collect(pacing.gap(), Integer.MAX_VALUE);
        up = up && reader.discardPending();
        int chunk = pacing.chunkSize() == 0 ? Math.max(1, input.length) : pacing.chunkSize();
        // Where the vector has the device stay quiet ('wait: 1s'): its answer timeout after a lost answer.
        List<DriverVector.Timer> pauses = vector.timers().stream().filter(t -> !t.pause().isZero()).toList();
        int nextPause = 0;
        int written = 0;
        while (up && written < input.length) {
            int cut = nextPause < pauses.size() ? pauses.get(nextPause).at() : input.length;
            if (written == cut) {
                up = reader.collect(pauses.get(nextPause++).pause(), Integer.MAX_VALUE);
                continue;
            }
            byte[] part = Arrays.copyOfRange(input, written, Math.min(cut, written + chunk));
            int n = port.write(part, pacing.answerTimeout());
            up = n >= 0;
            written += Math.max(n, 0);
            if (n < part.length) {
                break;
            }
            if (written < input.length && written != cut) {
                up = reader.collect(pacing.pause(), Integer.MAX_VALUE);
            }
        }
        up = up && reader.collect(pacing.answerTimeout(), expected.length);
        up = up && (received.size() < expected.length || reader.collect(pacing.linger(), Integer.MAX_VALUE));
        return new ReplayResult(vector.name(), input, written, expected, received.toByteArray(), !up);
    }

    private static void requireStream(DriverVector vector) {
        if (vector.isMessages()) {
            throw new IllegalArgumentException(vector.name() + " is a message vector; only stream vectors replay"
                    + " as bytes on a line");
        }
    }

    /** Reads answers into a buffer with deadlines. */
    private record Reader(TwinPort port, ByteArrayOutputStream into, byte[] buffer) {

        Reader(TwinPort port, ByteArrayOutputStream into) {
            this(port, into, new byte[512]);
        }

        /** Reads until {@code enough} bytes are in or {@code wait} passed; false if the connection ended. */
        boolean collect(Duration wait, int enough) throws IOException {
            long deadline = System.nanoTime() + wait.toNanos();
            while (into.size() < enough) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return true;
                }
                int n = port.read(buffer, Duration.ofNanos(left));
                if (n < 0) {
                    return false;
                }
                into.write(buffer, 0, n);
            }
            return true;
        }

        boolean discardPending() throws IOException {
            int n;
            do {
                n = port.read(buffer, Duration.ZERO);
            } while (n > 0);
            return n == 0;
        }
    }
}
