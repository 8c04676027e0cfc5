package org.smartclinic.drivers.link;

import java.util.List;

import org.smartclinic.drivers.Reading;

/** Where a link puts accepted readings. */
@FunctionalInterface
public interface ReadingSink {

    /**
     * Stores {@code readings} durably and returns only when they survive a crash; the device is acknowledged
     * after this returns. Storing a reading whose {@code (deviceId, key)} is already stored is a success that
     * changes nothing (the device retransmitted after a lost acknowledgement).
     *
     * @throws Exception if the readings are not durably stored; the link then sends the protocol's negative answer
     */
    void store(List<Reading> readings) throws Exception;
}
