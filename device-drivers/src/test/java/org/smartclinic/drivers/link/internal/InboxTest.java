package org.smartclinic.drivers.link.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeout;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.smartclinic.drivers.spi.InboundMessage;
import org.smartclinic.drivers.transport.Delivery;

/** The link's inbox: bounded by bytes, with a bounded wait for room that the link's own thread never takes. */
class InboxTest {

    private static final Delivery NOTHING = new Delivery() {
        @Override
        public void accept(byte[] reply) {
        }

        @Override
        public void reject(String reason, byte[] reply) {
        }

        @Override
        public void retry(String reason, byte[] reply) {
        }
    };

    private static InboundMessage message(int bytes) {
        return new InboundMessage("t", new byte[bytes], Instant.parse("2026-12-04T10:00:00Z"), Map.of());
    }

    @Test
    void message_fullThenTheLinkTakesOne_theWaitingMessageGetsIn() throws Exception {
        Inbox inbox = new Inbox(1000);
        assertThat(inbox.message(1, message(600), NOTHING)).isTrue();
        assertThat(inbox.message(1, message(600), NOTHING)).as("no wait asked: refused at once").isFalse();
        CountDownLatch waiting = new CountDownLatch(1);
        CompletableFuture<Boolean> second = CompletableFuture.supplyAsync(() -> {
            waiting.countDown();
            return inbox.message(1, message(600), NOTHING, Duration.ofSeconds(30));
        });
        waiting.await();
        assertThat(second).as("waits while the inbox is full").isNotDone();

        assertThat(inbox.poll(Duration.ZERO)).isInstanceOf(Inbox.Message.class);

        assertThat(second.get(10, TimeUnit.SECONDS)).isTrue();
        assertThat(inbox.poll(Duration.ZERO)).as("the waiting message, queued").isInstanceOf(Inbox.Message.class);
        assertThat(inbox.poll(Duration.ZERO)).isNull();
    }

    @Test
    void message_nobodyTakes_refusedWhenTheWaitEnds() {
        Inbox inbox = new Inbox(1000);
        inbox.message(1, message(900), NOTHING);

        boolean queued = assertTimeoutPreemptively(Duration.ofSeconds(10),
                () -> inbox.message(1, message(200), NOTHING, Duration.ofMillis(100)));

        assertThat(queued).isFalse();
    }

    @Test
    void message_fromTheLinkThreadItself_neverWaits() throws Exception {
        Inbox inbox = new Inbox(1000);
        inbox.takenBy(Thread.currentThread());
        inbox.message(1, message(900), NOTHING);

        // on this thread (a preemptive timeout would run it on another)
        boolean queued = assertTimeout(Duration.ofSeconds(5),
                () -> inbox.message(1, message(200), NOTHING, Duration.ofSeconds(20)));

        assertThat(queued).as("only the link could make room: refused at once").isFalse();
        assertThat(inbox.poll(Duration.ZERO)).isInstanceOf(Inbox.Message.class);
        assertThat(inbox.message(1, message(200), NOTHING)).isTrue();
    }

    @Test
    void message_largerThanTheBoundAlone_isTakenWhenNothingElseWaits() {
        Inbox inbox = new Inbox(1000);

        assertThat(inbox.message(1, message(5000), NOTHING)).isTrue();
        assertThat(inbox.message(1, message(1), NOTHING)).isFalse();
    }
}
