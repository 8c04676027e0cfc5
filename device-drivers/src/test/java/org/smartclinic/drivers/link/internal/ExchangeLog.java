package org.smartclinic.drivers.link.internal;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.smartclinic.drivers.Code;
import org.smartclinic.drivers.Measurement;
import org.smartclinic.drivers.Reading;
import org.smartclinic.drivers.Value;
import org.smartclinic.drivers.link.ReadingSink;
import org.smartclinic.drivers.spi.Outcome;

/**
 * What an {@link Exchange} under test did, in order: {@code store[n]} per call of its sink, the bytes it wrote (as
 * text), and whatever a test's listener adds. The sink fails (like a full journal) while {@link #failing} is set.
 */
final class ExchangeLog {

    final List<String> events = new ArrayList<>();
    boolean failing;

    final ReadingSink sink = new ReadingSink() {
        @Override
        public void store(Outcome.Accepted accepted) throws Exception {
            storeAll(List.of(accepted));
        }

        @Override
        public void storeAll(List<Outcome.Accepted> batch) throws Exception {
            events.add("store[" + batch.size() + "]");
            if (failing) {
                throw new IOException("journal full (test)");
            }
        }
    };

    /** The exchange's writer: records the bytes. */
    void write(byte[] b) {
        events.add(new String(b, StandardCharsets.US_ASCII));
    }

    /** Frame {@code Fn} with one pulse reading of key {@code kn}, answered {@code An} or {@code Nn}. */
    static Outcome.Accepted frame(int n) {
        Instant t = Instant.parse("2026-12-03T10:00:00Z");
        Reading r = new Reading("dev-1", "k" + n, t, t, List.of(Measurement.of(Code.deviceCode("x", "PR", "Pulse"),
                List.of(), new Value.Quantity(BigDecimal.valueOf(n), "bpm"))), null, null, null);
        return new Outcome.Accepted(List.of(r), bytes("F" + n), bytes("A" + n), bytes("N" + n));
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
