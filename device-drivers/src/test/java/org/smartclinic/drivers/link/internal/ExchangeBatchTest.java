package org.smartclinic.drivers.link.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.smartclinic.drivers.link.internal.ExchangeLog.bytes;
import static org.smartclinic.drivers.link.internal.ExchangeLog.frame;

import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.smartclinic.drivers.DeviceStatus;
import org.smartclinic.drivers.link.LinkListener;
import org.smartclinic.drivers.spi.MessageDriver;
import org.smartclinic.drivers.spi.InboundMessage;
import org.smartclinic.drivers.spi.Outcome;
import org.smartclinic.drivers.transport.Delivery;

/**
 * Group commit within one device: the accepted outcomes that arrived together are stored in one call of the sink
 * and only then answered, in order; when that one store fails every one of them gets the negative answer.
 */
class ExchangeBatchTest {

    /** Everything that happened, in order: {@code store[n]}, the bytes written, settlements. */
    private final ExchangeLog log = new ExchangeLog();
    private final List<String> events = log.events;

    private final MessageDriver driver = new MessageDriver() {
        @Override
        public List<Outcome> onMessage(InboundMessage message) {
            return List.of();
        }

        @Override
        public void reset() {
            // nothing to forget
        }
    };
    private final Exchange exchange = new Exchange("dev-1", driver, log.sink, new LinkListener() {
        @Override
        public void status(String deviceId, DeviceStatus status) {
            events.add("status");
        }
    });

    @Test
    void onStream_threeFramesInOneRead_oneStoreThenAcksInOrder() throws IOException {
        exchange.onStream(List.of(frame(1), frame(2), frame(3)), Instant.now(), log::write);

        assertThat(events).containsExactly("store[3]", "A1", "A2", "A3");
    }

    @Test
    void onStream_storeFails_everyFrameNaked() throws IOException {
        log.failing = true;

        exchange.onStream(List.of(frame(1), frame(2)), Instant.now(), log::write);

        assertThat(events).containsExactly("store[2]", "N1", "N2");
    }

    @Test
    void onStream_frameWithoutReadingsAmongThem_ackedEvenIfTheStoreFails() throws IOException {
        log.failing = true;
        Outcome.Accepted empty = new Outcome.Accepted(List.of(), bytes("E"), bytes("AE"), bytes("NE"));

        exchange.onStream(List.of(frame(1), empty), Instant.now(), log::write);

        assertThat(events).containsExactly("store[1]", "N1", "AE");
    }

    private Delivery delivery(String name) {
        return new Delivery() {
            @Override
            public void accept(byte[] reply) {
                events.add("accept " + name);
            }

            @Override
            public void reject(String reason, byte[] reply) {
                events.add("reject " + name);
            }

            @Override
            public void retry(String reason, byte[] reply) {
                events.add("retry " + name);
            }
        };
    }

    @Test
    void onMessages_threeWaiting_oneStoreThenEachAcceptedInOrder() {
        exchange.onMessages(List.of(new Exchange.Received(List.of(frame(1)), delivery("m1")),
                new Exchange.Received(List.of(frame(2)), delivery("m2")),
                new Exchange.Received(List.of(frame(3)), delivery("m3"))));

        assertThat(events).containsExactly("store[3]", "accept m1", "accept m2", "accept m3");
    }

    @Test
    void onMessages_storeFails_eachRetriedNoneAccepted() {
        log.failing = true;

        exchange.onMessages(List.of(new Exchange.Received(List.of(frame(1)), delivery("m1")),
                new Exchange.Received(List.of(frame(2)), delivery("m2"))));

        assertThat(events).containsExactly("store[2]", "retry m1", "retry m2");
    }

    @Test
    void onMessages_statusOnlyMessageAmongThem_acceptedWhateverTheStore() {
        log.failing = true;
        Outcome status = new Outcome.StatusReport(DeviceStatus.of(DeviceStatus.State.READY));

        exchange.onMessages(List.of(new Exchange.Received(List.of(status), delivery("s")),
                new Exchange.Received(List.of(frame(1)), delivery("m1"))));

        assertThat(events).containsExactly("store[1]", "status", "accept s", "retry m1");
    }

    @Test
    void nextMessage_onlyMessagesOfTheConnectionAtTheHead_taken() {
        Inbox inbox = new Inbox(1 << 20);
        InboundMessage m = new InboundMessage("t", bytes("x"), Instant.now(), Map.of());
        inbox.message(1, m, delivery("a"));
        inbox.message(2, m, delivery("b"));
        inbox.message(1, m, delivery("c"));

        assertThat(inbox.nextMessage(1)).isNotNull();
        assertThat(inbox.nextMessage(1)).as("a message of another connection is first in line").isNull();
        assertThat(inbox.nextMessage(2)).isNotNull();
        assertThat(inbox.nextMessage(1)).isNotNull();
        assertThat(inbox.nextMessage(1)).isNull();
    }
}
