package org.smartclinic.drivers.codec.astm.link;

/**
 * Which end of the line a party is, which decides line contention (E1381-02 "Contention"): when both send ENQ at
 * once, the instrument wins. The gateway is the {@link #HOST}; simulator twins of analyzers are
 * {@link #INSTRUMENT}s.
 */
public enum AstmRole {
    /** The computer system (LIS, gateway): on contention it stops bidding, receives, and bids again 20 s later. */
    HOST,
    /** The laboratory instrument: on contention it waits 1 s and sends ENQ again. */
    INSTRUMENT
}
