package org.smartclinic.gateway.journal;

import java.time.Instant;

import org.smartclinic.drivers.Reading;

/**
 * A journaled reading with its binding and delivery state.
 *
 * @param exam      the exam it is bound to, or null while unassigned
 * @param upload    its outbox item, or null when there is none (unassigned readings are never uploaded)
 * @param captureId the raw capture it came from (see {@link Captures}); null for readings journaled before
 *                  captures existed. The capture itself may have expired since.
 */
public record StoredReading(long id, String station, Instant journaledAt, Reading reading, Exam exam,
        Outbox.Item upload, Long captureId) {

    public boolean bound() {
        return exam != null;
    }
}
