package org.smartclinic.gateway.live;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicReferenceArray;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.netty.buffer.Unpooled;
import io.vertx.core.buffer.Buffer;

/**
 * Writes events as WebSocket frames, each event's frame serialised once for all its viewers (ten viewers of an
 * exam would otherwise serialise every reading ten times on the event loops). The cache is a fixed ring indexed
 * by sequence number, so it holds at most {@link #SLOTS} events whatever the rate; a miss only costs a second
 * serialisation.
 *
 * <p>A message (one frame, or a JSON array of the frames queued together) is UTF-8 bytes, built once for all the
 * viewers that take exactly the same events: viewers of a busy exam are sent on the same ticks
 * ({@link LiveConnection}), so at saturation one message is built for ten viewers instead of ten, and written to
 * each as it is (a binary WebSocket frame: a text frame would be encoded again per viewer). The last
 * {@link #MESSAGES} messages are kept, by their events' sequence numbers.
 *
 * <p>Frames leave out null and empty fields (a result's {@code "lab":null}, {@code "components":[]}, a code's
 * empty display): every byte of a frame is written once per viewer (docs/live-bus.md). Array elements are kept
 * as they are: an invalid waveform sample stays {@code null}.
 */
final class LiveFrames {

    static final int SLOTS = 4096;
    static final int MESSAGES = 16;

    private record Cached(long seq, String data, byte[] frame) {
    }

    /** A message and the sequence numbers of its events, in order. */
    private record Message(long[] seqs, Buffer bytes) {
    }

    private final AtomicReferenceArray<Message> messages = new AtomicReferenceArray<>(MESSAGES);

    private final ObjectMapper json;
    private final AtomicReferenceArray<Cached> ring = new AtomicReferenceArray<>(SLOTS);

    /** Frames written with a copy of {@code json} (its modules) that leaves out null and empty fields. */
    LiveFrames(ObjectMapper json) {
        this.json = json.copy().setDefaultPropertyInclusion(JsonInclude.Include.NON_EMPTY);
    }

    /**
     * {@code {"seq":N,"kind":K,"device":D,"at":"...","data":{...}}}, plus {@code "downsampled"} and
     * {@code "skipped"} for a waveform sent while its viewer is behind. The plain frame is written once per event
     * for all viewers; only a thinned waveform's is written per viewer.
     */
    byte[] frame(LiveOutbox.Queued q) {
        LiveEvent e = q.event();
        if (!thinned(q)) {
            return cached(e).frame();
        }
        StringBuilder sb = open(e, cached(e).data());
        if (q.downsampled() > 1) {
            sb.append(",\"downsampled\":").append(q.downsampled());
        }
        if (q.skipped() > 0) {
            sb.append(",\"skipped\":").append(q.skipped());
        }
        return sb.append('}').toString().getBytes(StandardCharsets.UTF_8);
    }

    private static boolean thinned(LiveOutbox.Queued q) {
        return LiveEvent.WAVEFORM.equals(q.event().kind()) && (q.downsampled() > 1 || q.skipped() > 0);
    }

    /**
     * The message for {@code events} (at least one, in order): the frame itself, or {@code [frame,frame,...]};
     * the same bytes for every viewer that takes the same full-detail events. Never modified once returned.
     */
    Buffer message(List<LiveOutbox.Queued> events) {
        boolean shared = events.stream().noneMatch(LiveFrames::thinned);
        long[] seqs = null;
        int slot = 0;
        if (shared) {
            seqs = events.stream().mapToLong(q -> q.event().seq()).toArray();
            slot = (int) ((seqs[0] * 31 + seqs[seqs.length - 1]) * 31 + seqs.length) & (MESSAGES - 1);
            Message m = messages.get(slot);
            if (m != null && Arrays.equals(m.seqs(), seqs)) {
                return m.bytes();
            }
        }
        byte[][] frames = new byte[events.size()][];
        int length = events.size() == 1 ? 0 : events.size() + 1;
        for (int i = 0; i < frames.length; i++) {
            frames[i] = frame(events.get(i));
            length += frames[i].length;
        }
        Buffer bytes = Buffer.buffer(Unpooled.wrappedBuffer(frames.length == 1 ? frames[0] : array(frames, length)));
        if (shared) {
            messages.set(slot, new Message(seqs, bytes));
        }
        return bytes;
    }

    /** {@code [a,b,...]} */
    private static byte[] array(byte[][] frames, int length) {
        byte[] out = new byte[length];
        int at = 0;
        for (int i = 0; i < frames.length; i++) {
            out[at++] = (byte) (i == 0 ? '[' : ',');
            System.arraycopy(frames[i], 0, out, at, frames[i].length);
            at += frames[i].length;
        }
        out[at] = ']';
        return out;
    }

    /** The frame up to its data, without the closing brace. */
    private StringBuilder open(LiveEvent e, String data) {
        String device = e.fromDevice() ? e.device() : e.data() instanceof LiveViews.ExamReading r ? r.device() : null;
        StringBuilder sb = new StringBuilder(64 + data.length()).append("{\"seq\":").append(e.seq())
                .append(",\"kind\":").append(write(e.kind()));
        if (device != null) {
            sb.append(",\"device\":").append(write(device));
        }
        return sb.append(",\"at\":").append(write(e.at())).append(",\"data\":").append(data);
    }

    private Cached cached(LiveEvent e) {
        int slot = (int) (e.seq() & (SLOTS - 1));
        Cached c = ring.get(slot);
        if (c != null && c.seq() == e.seq()) {
            return c;
        }
        String data = write(e.data());
        byte[] frame = open(e, data).append('}').toString().getBytes(StandardCharsets.UTF_8);
        Cached fresh = new Cached(e.seq(), data, frame);
        ring.set(slot, fresh);
        return fresh;
    }

    /** Any value as JSON. */
    String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException ex) {
            throw new IllegalStateException("live frame not writable as JSON: " + ex.getOriginalMessage(), ex);
        }
    }
}
