package org.smartclinic.drivers.link;

import java.util.List;

import org.smartclinic.drivers.spi.Outcome;

/** Where a link puts accepted readings, with the raw bytes they came from. */
@FunctionalInterface
public interface ReadingSink {

    /**
     * Stores the readings of {@code accepted} durably (and its raw bytes in the raw-capture store, referenced from
     * each reading) and returns only when they survive a crash; the device is acknowledged after this returns.
     * Storing a reading whose {@code (deviceId, key)} is already stored is a success that changes nothing (the
     * device sent it again after a lost acknowledgement, the broker redelivered it, the file was read again).
     *
     * @throws Exception if the readings are not durably stored; the link then sends the negative answer
     */
    void store(Outcome.Accepted accepted) throws Exception;

    /**
     * Stores several accepted outcomes of one device that arrived together (frames of one read, messages waiting
     * in the link's inbox), in their order, and returns only when all of them survive a crash: a sink that can
     * should commit them in one transaction, so a device that sends fast costs one disk flush per batch rather
     * than per frame. The link acknowledges none of them before this returns, and sends the negative answer for
     * all of them when it throws (storing again what was stored is harmless, see {@link #store}).
     *
     * <p>The default stores them one by one.
     *
     * @throws Exception if any of them is not durably stored
     */
    default void storeAll(List<Outcome.Accepted> batch) throws Exception {
        for (Outcome.Accepted accepted : batch) {
            store(accepted);
        }
    }
}
