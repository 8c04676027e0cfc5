package org.smartclinic.gateway.live;

import java.util.concurrent.atomic.AtomicReferenceArray;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Writes events as WebSocket frames, each event's frame serialised once for all its viewers (ten viewers of an
 * exam would otherwise serialise every reading ten times on the event loops). The cache is a fixed ring indexed
 * by sequence number, so it holds at most {@link #SLOTS} events whatever the rate; a miss only costs a second
 * serialisation.
 *
 * <p>Frames leave out null and empty fields (a result's {@code "lab":null}, {@code "components":[]}, a code's
 * empty display): every byte of a frame is written once per viewer (docs/live-bus.md). Array elements are kept
 * as they are: an invalid waveform sample stays {@code null}.
 */
final class LiveFrames {

    static final int SLOTS = 4096;

    private record Cached(long seq, String data, String frame) {
    }

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
    String frame(LiveOutbox.Queued q) {
        LiveEvent e = q.event();
        boolean thinned = LiveEvent.WAVEFORM.equals(e.kind()) && (q.downsampled() > 1 || q.skipped() > 0);
        if (!thinned) {
            return cached(e).frame();
        }
        StringBuilder sb = open(e, cached(e).data());
        if (q.downsampled() > 1) {
            sb.append(",\"downsampled\":").append(q.downsampled());
        }
        if (q.skipped() > 0) {
            sb.append(",\"skipped\":").append(q.skipped());
        }
        return sb.append('}').toString();
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
        Cached fresh = new Cached(e.seq(), data, open(e, data).append('}').toString());
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
