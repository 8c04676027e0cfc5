package org.smartclinic.drivers.link.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.smartclinic.drivers.link.internal.ExchangeLog.bytes;
import static org.smartclinic.drivers.link.internal.ExchangeLog.frame;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.smartclinic.drivers.link.LinkListener;
import org.smartclinic.drivers.spi.Outcome;
import org.smartclinic.drivers.spi.StreamDriver;

/**
 * A bare-ACK stop-and-wait device repeats a frame when our ACK is late; the ACK already on its way serves the repeat,
 * and a second one would be taken for the device's next frame. The exchange answers such a repeat only when it came
 * later than the driver's window after the ACK (then the ACK was lost).
 */
class ExchangeCrossedRepeatTest {

    private final ExchangeLog log = new ExchangeLog();
    private final List<String> events = log.events;

    private final LinkListener listener = new LinkListener() {
        @Override
        public void answerWithheld(String deviceId, Outcome.Accepted accepted) {
            events.add("withheld " + new String(accepted.raw(), StandardCharsets.US_ASCII));
        }
    };

    @Test
    void repeatsThatArrivedWithTheFrame_oneAckOnly() throws IOException {
        Exchange exchange = exchange(Duration.ofMillis(500));

        exchange.onStream(List.of(frame(1), frame(1), frame(1)), Instant.now(), log::write);

        assertThat(events).containsExactly("store[3]", "A1", "withheld F1", "withheld F1");
    }

    @Test
    void repeatReceivedBeforeTheAckWasWritten_notStoredNorAnswered() throws IOException {
        Exchange exchange = exchange(Duration.ofMillis(500));
        Instant whileStoring = Instant.now();
        exchange.onStream(List.of(frame(1)), whileStoring, log::write);

        exchange.onStream(List.of(frame(1)), whileStoring, log::write);

        assertThat(events).containsExactly("store[1]", "A1", "withheld F1");
    }

    @Test
    void repeatWithinTheWindowAfterTheAck_crossedIt_notAnswered() throws IOException {
        Exchange exchange = exchange(Duration.ofSeconds(30));
        exchange.onStream(List.of(frame(1)), Instant.now(), log::write);

        exchange.onStream(List.of(frame(1)), Instant.now(), log::write);

        assertThat(events).containsExactly("store[1]", "A1", "withheld F1");
    }

    @Test
    void repeatLaterThanTheWindow_theAckWasLost_answeredAgain() throws IOException {
        Exchange exchange = exchange(Duration.ofMillis(500));
        exchange.onStream(List.of(frame(1)), Instant.now(), log::write);

        exchange.onStream(List.of(frame(1)), Instant.now().plusSeconds(1), log::write);

        assertThat(events).containsExactly("store[1]", "A1", "store[1]", "A1");
    }

    @Test
    void anotherFrameBetween_olderCopyIsAnswered() throws IOException {
        Exchange exchange = exchange(Duration.ofSeconds(30));

        exchange.onStream(List.of(frame(1), frame(2), frame(1)), Instant.now(), log::write);

        assertThat(events).containsExactly("store[3]", "A1", "A2", "A1");
    }

    @Test
    void aRejectedFrameAnsweredBetween_theCopyIsANewTry_answered() throws IOException {
        Exchange exchange = exchange(Duration.ofSeconds(30));
        Outcome.Rejected bad = new Outcome.Rejected(org.smartclinic.drivers.spi.RejectReason.BAD_CHECKSUM, "checksum",
                bytes("F1?"), bytes("N1"));

        exchange.onStream(List.of(frame(1), bad, frame(1)), Instant.now(), log::write);

        assertThat(events).containsExactly("store[1]", "A1", "N1", "store[1]", "A1");
    }

    @Test
    void afterANegativeAnswer_theRepeatIsStoredAndAnswered() throws IOException {
        Exchange exchange = exchange(Duration.ofSeconds(30));
        log.failing = true;
        exchange.onStream(List.of(frame(1)), Instant.now(), log::write);
        log.failing = false;

        exchange.onStream(List.of(frame(1)), Instant.now(), log::write);

        assertThat(events).containsExactly("store[1]", "N1", "store[1]", "A1");
    }

    @Test
    void newConnection_repeatIsAnswered() throws IOException {
        Exchange exchange = exchange(Duration.ofSeconds(30));
        exchange.onStream(List.of(frame(1)), Instant.now(), log::write);

        exchange.reset();
        exchange.onStream(List.of(frame(1)), Instant.now(), log::write);

        assertThat(events).containsExactly("store[1]", "A1", "store[1]", "A1");
    }

    @Test
    void driverWithoutAWindow_everyCopyAnswered() throws IOException {
        Exchange exchange = exchange(Duration.ZERO);

        exchange.onStream(List.of(frame(1), frame(1)), Instant.now(), log::write);

        assertThat(events).containsExactly("store[2]", "A1", "A1");
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
        return new Exchange("dev-1", driver, log.sink, listener);
    }
}
