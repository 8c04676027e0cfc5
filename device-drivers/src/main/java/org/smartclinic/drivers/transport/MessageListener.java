package org.smartclinic.drivers.transport;

import org.smartclinic.drivers.spi.InboundMessage;

/** Receives what a {@link MessageTransport} delivers. Implementations queue and return at once. */
public interface MessageListener {

    /** A whole message; {@code delivery} settles it, exactly once, after its readings are stored (or not). */
    void onMessage(InboundMessage message, Delivery delivery);

    /** The source ended by itself (broker connection lost, folder gone); called at most once. */
    void onClosed(String reason);
}
