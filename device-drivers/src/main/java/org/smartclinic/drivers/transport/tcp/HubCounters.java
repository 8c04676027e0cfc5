package org.smartclinic.drivers.transport.tcp;

import java.util.concurrent.atomic.AtomicLong;

/** The counters behind {@link TcpServerStats}, written from the hub's threads. */
final class HubCounters {

    private final AtomicLong accepted = new AtomicLong();
    private final AtomicLong byAddress = new AtomicLong();
    private final AtomicLong byHello = new AtomicLong();
    private final AtomicLong bySerialNumber = new AtomicLong();
    private final AtomicLong refusedUnknown = new AtomicLong();
    private final AtomicLong replaced = new AtomicLong();
    private final AtomicLong unclaimed = new AtomicLong();

    void accepted() {
        accepted.incrementAndGet();
    }

    void identified(Identification.Kind kind) {
        switch (kind) {
            case ADDRESS -> byAddress.incrementAndGet();
            case HELLO -> byHello.incrementAndGet();
            case SERIAL_NUMBER -> bySerialNumber.incrementAndGet();
        }
    }

    void refusedUnknown() {
        refusedUnknown.incrementAndGet();
    }

    void replaced() {
        replaced.incrementAndGet();
    }

    void unclaimed() {
        unclaimed.incrementAndGet();
    }

    TcpServerStats snapshot() {
        return new TcpServerStats(accepted.get(), byAddress.get(), byHello.get(), bySerialNumber.get(),
                refusedUnknown.get(), replaced.get(), unclaimed.get());
    }
}
