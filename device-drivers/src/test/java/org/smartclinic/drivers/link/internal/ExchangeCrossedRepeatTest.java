package org.smartclinic.drivers.link.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.smartclinic.drivers.Code;
import org.smartclinic.drivers.Measurement;
import org.smartclinic.drivers.Reading;
import org.smartclinic.drivers.Value;
import org.smartclinic.drivers.link.LinkListener;
import org.smartclinic.drivers.link.ReadingSink;
import org.smartclinic.drivers.spi.Outcome;
import org.smartclinic.drivers.spi.StreamDriver;

/**
 * A bare-ACK stop-and-wait device repeats a frame when our ACK is late; the ACK already on its way serves the repeat,
 * and a second one would be taken for the device's next frame. The exchange answers such a repeat only when it came
 * later than the driver's window after the ACK (then the ACK was lost).
 */
class ExchangeCrossedRepeatTest {

    private final List<String> events = new ArrayList<>();
    private boolean failing;

    private final ReadingSink sink = new ReadingSink() {
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

    private final LinkListener listener = new LinkListener() {
        @Override
        public void answerWithheld(String deviceId, Outcome.Accepted accepted) {
            events.add("withheld " + new String(accepted.raw(), StandardCharsets.US_ASCII));
        }
    };

    @Test
    void repeatsThatArrivedWithTheFrame_oneAckOnly() throws IOException {
        Exchange exchange = exchange(Duration.ofMillis(500));

        exchange.onStream(List.of(frame(1), frame(1), frame(1)), Instant.now(), this::write);

        assertThat(events).containsExactly("store[3]", "write A1", "withheld F1", "withheld F1");
    }

    @Test
    void repeatReceivedBeforeTheAckWasWritten_notStoredNorAnswered() throws IOException {
        Exchange exchange = exchange(Duration.ofMillis(500));
        Instant whileStoring = Instant.now();
        exchange.onStream(List.of(frame(1)), whileStoring, this::write);

        exchange.onStream(List.of(frame(1)), whileStoring, this::write);

        assertThat(events).containsExactly("store[1]", "write A1", "withheld F1");
    }

    @Test
    void repeatWithinTheWindowAfterTheAck_crossedIt_notAnswered() throws IOException {
        Exchange exchange = exchange(Duration.ofSeconds(30));
        exchange.onStream(List.of(frame(1)), Instant.now(), this::write);

        exchange.onStream(List.of(frame(1)), Instant.now(), this::write);

        assertThat(events).containsExactly("store[1]", "write A1", "withheld F1");
    }

    @Test
    void repeatLaterThanTheWindow_theAckWasLost_answeredAgain() throws IOException {
        Exchange exchange = exchange(Duration.ofMillis(500));
        exchange.onStream(List.of(frame(1)), Instant.now(), this::write);

        exchange.onStream(List.of(frame(1)), Instant.now().plusSeconds(1), this::write);

        assertThat(events).containsExactly("store[1]", "write A1", "store[1]", "write A1");
    }

    @Test
    void anotherFrameBetween_olderCopyIsAnswered() throws IOException {
        Exchange exchange = exchange(Duration.ofSeconds(30));

        exchange.onStream(List.of(frame(1), frame(2), frame(1)), Instant.now(), this::write);

        assertThat(events).containsExactly("store[3]", "write A1", "write A2", "write A1");
    }

    @Test
    void aRejectedFrameAnsweredBetween_theCopyIsANewTry_answered() throws IOException {
        Exchange exchange = exchange(Duration.ofSeconds(30));
        Outcome.Rejected bad = new Outcome.Rejected(org.smartclinic.drivers.spi.RejectReason.BAD_CHECKSUM, "checksum",
                bytes("F1?"), bytes("N1"));

        exchange.onStream(List.of(frame(1), bad, frame(1)), Instant.now(), this::write);

        assertThat(events).containsExactly("store[1]", "write A1", "write N1", "store[1]", "write A1");
    }

    @Test
    void afterANegativeAnswer_theRepeatIsStoredAndAnswered() throws IOException {
        Exchange exchange = exchange(Duration.ofSeconds(30));
        failing = true;
        exchange.onStream(List.of(frame(1)), Instant.now(), this::write);
        failing = false;

        exchange.onStream(List.of(frame(1)), Instant.now(), this::write);

        assertThat(events).containsExactly("store[1]", "write N1", "store[1]", "write A1");
    }

    @Test
    void newConnection_repeatIsAnswered() throws IOException {
        Exchange exchange = exchange(Duration.ofSeconds(30));
        exchange.onStream(List.of(frame(1)), Instant.now(), this::write);

        exchange.reset();
        exchange.onStream(List.of(frame(1)), Instant.now(), this::write);

        assertThat(events).containsExactly("store[1]", "write A1", "store[1]", "write A1");
    }

    @Test
    void driverWithoutAWindow_everyCopyAnswered() throws IOException {
        Exchange exchange = exchange(Duration.ZERO);

        exchange.onStream(List.of(frame(1), frame(1)), Instant.now(), this::write);

        assertThat(events).containsExactly("store[2]", "write A1", "write A1");
    }

    private Exchange exchange(Duration window) {
        StreamDriver driver = new StreamDriver() {
            @Override
            public List<Outcome> decode(byte[] data, int offset, int length, Instant receivedAt) {
                return List.of();
            }

            @Override
            public void reset() {
                // nothing buffered
            }

            @Override
            public Duration crossedRetransmissionWindow() {
                return window;
            }
        };
        return new Exchange("dev-1", driver, sink, listener);
    }

    private static Outcome.Accepted frame(int n) {
        Instant t = Instant.parse("2026-12-04T10:00:00Z");
        Reading r = new Reading("dev-1", "k" + n, t, t, List.of(Measurement.of(Code.deviceCode("x", "PR", "Pulse"),
                List.of(), new Value.Quantity(BigDecimal.valueOf(n), "bpm"))), null, null, null);
        return new Outcome.Accepted(List.of(r), bytes("F" + n), bytes("A" + n), bytes("N" + n));
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private void write(byte[] b) {
        events.add("write " + new String(b, StandardCharsets.US_ASCII));
    }
}
