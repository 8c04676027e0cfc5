package org.smartclinic.drivers.link;

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
}
