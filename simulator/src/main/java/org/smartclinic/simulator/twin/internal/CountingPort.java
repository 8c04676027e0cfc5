package org.smartclinic.simulator.twin.internal;

import java.io.IOException;
import java.time.Duration;

import org.smartclinic.simulator.twin.Twin;
import org.smartclinic.simulator.twin.TwinCounters;
import org.smartclinic.simulator.twin.TwinPort;

/** A port that counts the bytes through it into the twin's counters. */
public record CountingPort(TwinPort port, TwinCounters<Twin.Count> counters) implements TwinPort {

    @Override
    public int read(byte[] buf, Duration timeout) throws IOException {
        int n = port.read(buf, timeout);
        if (n > 0) {
            counters.add(Twin.Count.BYTES_READ, n);
        }
        return n;
    }

    @Override
    public int write(byte[] bytes, Duration timeout) throws IOException {
        int n = port.write(bytes, timeout);
        if (n >= 0) {
            counters.add(Twin.Count.BYTES_WRITTEN, n);
            counters.add(Twin.Count.BYTES_LOST, bytes.length - n);
        }
        return n;
    }
}
