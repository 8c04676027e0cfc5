package org.smartclinic.gateway.device;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/** A device's last rejections for the technician, at most {@link #KEPT}, the oldest dropped first. Thread-safe. */
final class RecentRejects {

    static final int KEPT = 50;

    private final Deque<RejectRecord> records = new ArrayDeque<>();

    synchronized void add(RejectRecord record) {
        if (records.size() == KEPT) {
            records.removeFirst();
        }
        records.addLast(record);
    }

    /** Oldest first. */
    synchronized List<RejectRecord> list() {
        return List.copyOf(records);
    }
}
