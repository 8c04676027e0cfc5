package org.smartclinic.gateway.device;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.smartclinic.drivers.StreamedWaveform;
import org.smartclinic.gateway.journal.DeviceRecords.StreamSegment;

/**
 * What the journal keeps of a device's streamed waveforms: one summary per stretch of streaming (a new stretch
 * after a pause longer than {@link #PAUSE}), counted in memory per chunk and written every few seconds, never once
 * per frame. Thread-safe.
 */
final class StreamSummaries {

    /** A pause this long ends a stretch; the next chunk starts a new one. */
    static final Duration PAUSE = Duration.ofSeconds(5);

    private final String deviceId;
    private final Map<String, StreamSegment> open = new HashMap<>();
    private final Map<String, Boolean> dirty = new HashMap<>();
    /** The device's live-bus drop count when each open segment began. */
    private final Map<String, Long> dropsAtStart = new HashMap<>();

    StreamSummaries(String deviceId) {
        this.deviceId = deviceId;
    }

    /**
     * Counts a chunk that arrived at {@code now}; {@code liveDropped} is the device's drop count on the live bus so
     * far, so each segment records the drops during it.
     */
    synchronized void chunk(StreamedWaveform w, Instant now, long liveDropped) {
        StreamSegment s = open.get(w.stream());
        int invalid = 0;
        for (StreamedWaveform.Channel c : w.channels()) {
            for (int v : c.samples()) {
                invalid += v == StreamedWaveform.INVALID ? 1 : 0;
            }
        }
        if (s == null || Duration.between(s.lastAt(), now).compareTo(PAUSE) > 0) {
            s = new StreamSegment(0, deviceId, w.stream(), now, now, 0, 0, 0, 0, 0);
            dropsAtStart.put(w.stream(), liveDropped);
        }
        open.put(w.stream(), new StreamSegment(s.id(), deviceId, w.stream(), s.startedAt(), now, s.chunks() + 1,
                s.samples() + w.length(), s.invalidSamples() + invalid, s.gapSamples() + w.gapBefore(),
                liveDropped - dropsAtStart.getOrDefault(w.stream(), liveDropped)));
        dirty.put(w.stream(), true);
    }

    /** The segments changed since the last call. */
    synchronized List<StreamSegment> changed() {
        List<StreamSegment> out = new ArrayList<>();
        open.forEach((stream, s) -> {
            if (dirty.getOrDefault(stream, false)) {
                out.add(s);
                dirty.put(stream, false);
            }
        });
        return out;
    }

    /** Remembers the id the journal gave a new segment, so later writes update it. */
    synchronized void saved(StreamSegment s, long id) {
        StreamSegment current = open.get(s.stream());
        if (current != null && current.startedAt().equals(s.startedAt()) && current.id() == 0) {
            open.put(s.stream(), new StreamSegment(id, current.deviceId(), current.stream(), current.startedAt(),
                    current.lastAt(), current.chunks(), current.samples(), current.invalidSamples(),
                    current.gapSamples(), current.liveDropped()));
        }
    }
}
