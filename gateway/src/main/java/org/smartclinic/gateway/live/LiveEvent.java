package org.smartclinic.gateway.live;

import java.time.Instant;

/**
 * One event on the live bus.
 *
 * @param seq    the bus's sequence number: increasing over all keys, so a viewer that reconnects asks for
 *               everything after the last one it saw, without duplicates
 * @param device the key it was published under: a device id, or {@link #examKey} / {@link #stationKey} for events
 *               about an exam or a station's queue
 * @param kind   {@code waveform}, {@code reading}, {@code status}, {@code queue} or {@code exam}
 * @param at     when the gateway published it
 * @param data   the payload, a record serialised to JSON as it is
 */
public record LiveEvent(long seq, String device, String kind, Instant at, Object data) {

    public static final String WAVEFORM = "waveform";
    public static final String READING = "reading";
    public static final String STATUS = "status";
    /** A station's queue of unassigned, held and to-review readings changed; data: the reading id. */
    public static final String QUEUE = "queue";
    /** An exam changed or closed; data: the exam's API view. */
    public static final String EXAM = "exam";

    private static final String EXAM_PREFIX = "exam:";
    private static final String STATION_PREFIX = "station:";

    /** The key of an exam's own events: its readings (as its tiles show them) and its changes. */
    public static String examKey(String examId) {
        return EXAM_PREFIX + examId;
    }

    /** The key of a station's queue events. */
    public static String stationKey(String station) {
        return STATION_PREFIX + station;
    }

    /** True if this event came from a device (not about an exam or a station). */
    public boolean fromDevice() {
        return !device.startsWith(EXAM_PREFIX) && !device.startsWith(STATION_PREFIX);
    }
}
