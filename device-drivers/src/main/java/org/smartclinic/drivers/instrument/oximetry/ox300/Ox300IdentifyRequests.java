package org.smartclinic.drivers.instrument.oximetry.ox300;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.smartclinic.drivers.spi.DriverChannel;

/**
 * Asks the device who it is: an IDENTIFY_REQUEST on connect, repeated when timer
 * {@value Ox300Driver#IDENTIFY_TIMER} fires without an IDENTITY frame having arrived, at most
 * {@value Ox300Driver#IDENTIFY_ATTEMPTS} requests in all; then it goes on without (logged at INFO: a device that
 * does not answer is not an error, it still streams).
 */
final class Ox300IdentifyRequests {

    private static final Logger LOG = LoggerFactory.getLogger(Ox300IdentifyRequests.class);

    private int sent;

    /** The connection is open: first request. */
    void start(DriverChannel channel) {
        sent = 0;
        send(channel);
    }

    /** The identify timer fired: ask again, or give up after the last attempt. */
    void timerFired(DriverChannel channel, String deviceId) {
        if (sent == 0) {
            return;
        }
        if (sent < Ox300Driver.IDENTIFY_ATTEMPTS) {
            send(channel);
        } else {
            LOG.info("{}: no identity frame after {} identify requests; going on without", deviceId, sent);
            sent = 0;
        }
    }

    /** An IDENTITY frame arrived: stop asking. */
    void answered(DriverChannel channel) {
        if (sent > 0) {
            channel.cancel(Ox300Driver.IDENTIFY_TIMER);
            sent = 0;
        }
    }

    /** The connection ended (its timers with it). */
    void reset() {
        sent = 0;
    }

    private void send(DriverChannel channel) {
        sent++;
        channel.send(Ox300Protocol.identifyRequest());
        channel.schedule(Ox300Driver.IDENTIFY_TIMER, Ox300Driver.IDENTIFY_TIMEOUT);
    }
}
