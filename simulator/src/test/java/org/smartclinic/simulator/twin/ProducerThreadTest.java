package org.smartclinic.simulator.twin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

class ProducerThreadTest {

    @Test
    void start_stepSaysDoneAfterThree_producesThreeTimesThenTheThreadEnds() {
        AtomicInteger turns = new AtomicInteger();
        try (ProducerThread producer = new ProducerThread("producer-test", Duration.ofMillis(5),
                () -> turns.incrementAndGet() < 3)) {
            producer.start();

            await().atMost(Duration.ofSeconds(5)).until(() -> turns.get() == 3 && !threadAlive("producer-test"));
            assertThat(producer.isClosed()).isFalse();
        }
        assertThat(turns).hasValue(3);
    }

    @Test
    void close_duringALongInterval_cutsThePauseShortAndStopsTheThread() {
        AtomicInteger turns = new AtomicInteger();
        ProducerThread producer = new ProducerThread("producer-long", Duration.ofHours(1), () -> {
            turns.incrementAndGet();
            return true;
        });
        producer.start();
        await().atMost(Duration.ofSeconds(5)).until(() -> turns.get() == 1);

        long started = System.nanoTime();
        producer.close();

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(4));
        assertThat(threadAlive("producer-long")).isFalse();
        assertThat(producer.pause(Duration.ofHours(1))).as("a closed producer does not pause").isFalse();
        assertThat(turns).hasValue(1);
    }

    @Test
    void stop_secondCall_saysItWasClosedAlready() {
        ProducerThread producer = new ProducerThread("producer-idle", Duration.ZERO, () -> false);

        assertThat(producer.stop()).isTrue();
        assertThat(producer.stop()).isFalse();
        assertThatThrownBy(producer::start).isInstanceOf(IllegalStateException.class).hasMessageContaining("once");
    }

    @Test
    void start_twice_refused() {
        try (ProducerThread producer = new ProducerThread("producer-twice", Duration.ofHours(1), () -> true)) {
            producer.start();

            assertThatThrownBy(producer::start).isInstanceOf(IllegalStateException.class);
        }
    }

    private static boolean threadAlive(String name) {
        return Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.getName().equals(name) && t.isAlive());
    }
}
