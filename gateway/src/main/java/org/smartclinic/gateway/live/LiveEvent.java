package org.smartclinic.gateway.live;

import java.time.Instant;

/**
 * One event on the live bus.
 *
 * @param seq    the bus's sequence number: increasing over all devices, so a viewer that reconnects asks for
 *               everything after the last one it saw, without duplicates
 * @param device the device it came from
 * @param kind   {@code waveform}, {@code reading} or {@code status}
 * @param at     when the gateway published it
 * @param data   the payload, a record serialised to JSON as it is
 */
public record LiveEvent(long seq, String device, String kind, Instant at, Object data) {

    public static final String WAVEFORM = "waveform";
    public static final String READING = "reading";
    public static final String STATUS = "status";
}
