package org.smartclinic.simulator.twin;

import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;
import java.util.function.Supplier;

/**
 * A {@link FaultPlan} at work in one twin: the behaviour asks it per frame what goes on the wire, and tells it when
 * a frame is done. Counts what it injected. Used by the twin's thread only (the counters may be read anywhere).
 *
 * <pre>
 *   first transmission of frame n:  [noise burst]  frame | frame with one byte flipped | nothing (dropped)
 *   after frame n is done:          flood for a while, then unplug and replug later, each once
 * </pre>
 */
public final class Faults {

    /** What was injected. */
    public enum Injected {
        CORRUPTED,
        NOISE_BURSTS,
        NOISE_BYTES,
        DROPPED,
        FLOOD_BYTES,
        UNPLUGS
    }

    private static final int FLOOD_CHUNK = 512;
    private static final Duration FLOOD_WRITE_WAIT = Duration.ofMillis(100);

    private final FaultPlan plan;
    private final Random random;
    private final boolean[] allowed = new boolean[256];
    private final TwinCounters<Injected> counters = new TwinCounters<>(Injected.class);
    private boolean unplugDone;
    private boolean floodDone;

    public Faults(FaultPlan plan) {
        this.plan = plan;
        this.random = new Random(plan.seed());
        Arrays.fill(allowed, true);
        int left = allowed.length;
        for (byte b : plan.noiseForbidden()) {
            left -= allowed[b & 0xFF] ? 1 : 0;
            allowed[b & 0xFF] = false;
        }
        if (left == 0) {
            throw new IllegalArgumentException("every byte is forbidden in noise");
        }
    }

    public FaultPlan plan() {
        return plan;
    }

    public TwinCounters<Injected> counters() {
        return counters;
    }

    /** {@link #firstTransmission(int, byte[], int, int)} with the whole frame open to corruption. */
    public byte[] firstTransmission(int frame, byte[] bytes) {
        return firstTransmission(frame, bytes, 0, bytes.length);
    }

    /**
     * What to write the first time frame {@code frame} is sent.
     *
     * @param bytes the frame as it should be
     * @param from  first byte a random flip may hit (e.g. after the header, so the frame still parses as one)
     * @param to    end of that range, exclusive
     * @return noise (if planned) followed by the frame, the frame with one byte flipped, or nothing if dropped
     */
    public byte[] firstTransmission(int frame, byte[] bytes, int from, int to) {
        byte[] body = bytes;
        if (plan.drop().contains(frame)) {
            counters.increment(Injected.DROPPED);
            body = new byte[0];
        } else if (plan.corrupt().contains(frame)) {
            body = corrupt(bytes, from, to);
        }
        if (!plan.noise().contains(frame)) {
            return body;
        }
        byte[] noise = noise();
        byte[] both = new byte[noise.length + body.length];
        System.arraycopy(noise, 0, both, 0, noise.length);
        System.arraycopy(body, 0, both, noise.length, body.length);
        return both;
    }

    /** A copy of {@code bytes} with one byte XORed with the plan's mask, at the plan's position or in range. */
    public byte[] corrupt(byte[] bytes, int from, int to) {
        if (bytes.length == 0 || from < 0 || to > bytes.length || from >= to) {
            throw new IllegalArgumentException("no byte to corrupt in [" + from + ", " + to + ") of " + bytes.length);
        }
        int at = plan.corruptAt().isPresent() ? position(plan.corruptAt().getAsInt(), bytes.length)
                : from + random.nextInt(to - from);
        byte[] copy = bytes.clone();
        copy[at] ^= (byte) plan.corruptMask();
        counters.increment(Injected.CORRUPTED);
        return copy;
    }

    /** One burst of noise: the plan's length range, none of its forbidden bytes. */
    public byte[] noise() {
        byte[] burst = noiseBytes(plan.noiseMin() + random.nextInt(plan.noiseMax() - plan.noiseMin() + 1));
        counters.increment(Injected.NOISE_BURSTS);
        counters.add(Injected.NOISE_BYTES, burst.length);
        return burst;
    }

    /** {@link #afterFrame(int, TwinPort, TwinContext, Supplier)} flooding with line noise. */
    public void afterFrame(int frame, TwinPort port, TwinContext context) throws IOException {
        afterFrame(frame, port, context, () -> noiseBytes(FLOOD_CHUNK));
    }

    /**
     * Tells that frame {@code frame} is done. If the plan says so (once each): floods the line with
     * {@code floodChunks} for the plan's duration, then unplugs for the plan's replug delay; after the unplug the
     * port says -1 and the behaviour returns.
     */
    public void afterFrame(int frame, TwinPort port, TwinContext context, Supplier<byte[]> floodChunks)
            throws IOException {
        if (!floodDone && frame == plan.floodAfter()) {
            floodDone = true;
            flood(port, plan.floodFor(), floodChunks);
        }
        if (!unplugDone && frame == plan.unplugAfter()) {
            unplugDone = true;
            counters.increment(Injected.UNPLUGS);
            context.unplugFor(plan.replugAfter());
        }
    }

    /**
     * Writes chunks as fast as the port takes them for {@code duration}, or until the connection ends.
     *
     * @return bytes written
     */
    public long flood(TwinPort port, Duration duration, Supplier<byte[]> chunks) throws IOException {
        long deadline = System.nanoTime() + duration.toNanos();
        long written = 0;
        while (System.nanoTime() - deadline < 0) {
            int n = port.write(chunks.get(), FLOOD_WRITE_WAIT);
            if (n < 0) {
                break;
            }
            written += n;
            counters.add(Injected.FLOOD_BYTES, n);
        }
        return written;
    }

    private byte[] noiseBytes(int length) {
        byte[] out = new byte[length];
        for (int i = 0; i < length; i++) {
            int b;
            do {
                b = random.nextInt(256);
            } while (!allowed[b]);
            out[i] = (byte) b;
        }
        return out;
    }

    private static int position(int index, int length) {
        int at = index >= 0 ? index : length + index;
        return Math.clamp(at, 0, length - 1);
    }
}
