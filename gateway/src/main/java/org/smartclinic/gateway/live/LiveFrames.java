package org.smartclinic.gateway.live;

import java.util.concurrent.atomic.AtomicReferenceArray;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.smartclinic.gateway.reading.ReadingView;

/**
 * Writes events as WebSocket frames, each event's data serialised once for all its viewers (ten viewers of an
 * exam would otherwise serialise every reading ten times on the event loops). The cache is a fixed ring indexed
 * by sequence number, so it holds at most {@link #SLOTS} events whatever the rate; a miss only costs a second
 * serialisation.
 */
final class LiveFrames {

    static final int SLOTS = 4096;

    private record Cached(long seq, String json) {
    }

    private final ObjectMapper json;
    private final AtomicReferenceArray<Cached> ring = new AtomicReferenceArray<>(SLOTS);

    LiveFrames(ObjectMapper json) {
        this.json = json;
    }

    /**
     * {@code {"seq":N,"kind":K,"device":D,"at":"...","data":{...}}}, plus {@code "downsampled"} and
     * {@code "skipped"} for a waveform sent while its viewer is behind.
     */
    String frame(LiveOutbox.Queued q) {
        LiveEvent e = q.event();
        String device = e.fromDevice() ? e.device() : e.data() instanceof ReadingView r ? r.device() : null;
        StringBuilder sb = new StringBuilder(256).append("{\"seq\":").append(e.seq()).append(",\"kind\":")
                .append(write(e.kind()));
        if (device != null) {
            sb.append(",\"device\":").append(write(device));
        }
        sb.append(",\"at\":").append(write(e.at())).append(",\"data\":").append(data(e));
        if (LiveEvent.WAVEFORM.equals(e.kind()) && q.downsampled() > 1) {
            sb.append(",\"downsampled\":").append(q.downsampled());
        }
        if (LiveEvent.WAVEFORM.equals(e.kind()) && q.skipped() > 0) {
            sb.append(",\"skipped\":").append(q.skipped());
        }
        return sb.append('}').toString();
    }

    private String data(LiveEvent e) {
        int slot = (int) (e.seq() & (SLOTS - 1));
        Cached c = ring.get(slot);
        if (c != null && c.seq() == e.seq()) {
            return c.json();
        }
        String data = write(e.data());
        ring.set(slot, new Cached(e.seq(), data));
        return data;
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
