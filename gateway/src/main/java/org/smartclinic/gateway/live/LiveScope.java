package org.smartclinic.gateway.live;

/**
 * What one WebSocket stream shows: which keys of the bus it follows, which of their events it takes, and which
 * event ends it. {@link ExamStream} and {@link DeviceStream} make them; the bus asks them under its lock, so they
 * answer from memory, never from the journal.
 */
interface LiveScope {

    boolean watches(String key);

    boolean wants(LiveEvent event);

    /** The {@code end} reason if the stream ends after {@code event} (e.g. the exam closed), else null. */
    default String endsAfter(LiveEvent event) {
        return null;
    }
}
