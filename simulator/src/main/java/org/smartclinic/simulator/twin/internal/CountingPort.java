package org.smartclinic.simulator.twin.internal;

import java.io.IOException;
import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.smartclinic.drivers.codec.Printable;
import org.smartclinic.simulator.twin.Twin;
import org.smartclinic.simulator.twin.TwinCounters;
import org.smartclinic.simulator.twin.TwinPort;

/**
 * A port that counts the bytes through it into the twin's counters, and logs them at DEBUG (printable, capped;
 * they may carry made-up patient data, so never above DEBUG).
 */
public record CountingPort(String name, TwinPort port, TwinCounters<Twin.Count> counters) implements TwinPort {

    private static final Logger LOG = LoggerFactory.getLogger(CountingPort.class);

    @Override
    public int read(byte[] buf, Duration timeout) throws IOException {
        int n = port.read(buf, timeout);
        if (n > 0) {
            counters.add(Twin.Count.BYTES_READ, n);
            if (LOG.isDebugEnabled()) {
                LOG.debug("twin {} <- {}", name, Printable.of(buf, 0, n, Printable.DEFAULT_CAP));
            }
        }
        return n;
    }

    @Override
    public int write(byte[] bytes, Duration timeout) throws IOException {
        int n = port.write(bytes, timeout);
        if (n >= 0) {
            counters.add(Twin.Count.BYTES_WRITTEN, n);
            counters.add(Twin.Count.BYTES_LOST, bytes.length - n);
            if (LOG.isDebugEnabled()) {
                LOG.debug("twin {} -> {}{}", name, Printable.of(bytes, 0, n, Printable.DEFAULT_CAP),
                        n < bytes.length ? " (" + (bytes.length - n) + " bytes lost)" : "");
            }
        }
        return n;
    }
}
