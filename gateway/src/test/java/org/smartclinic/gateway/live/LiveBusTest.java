package org.smartclinic.gateway.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import org.junit.jupiter.api.Test;

/** The live bus on its own: bounded everywhere, lossy only for slow viewers, every loss counted, replay by number. */
class LiveBusTest {

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final LiveBus bus = new LiveBus(5, 3, 2, meters, Clock.systemUTC());

    private static List<Long> drain(LiveSubscription s) throws InterruptedException {
        List<Long> seqs = new ArrayList<>();
        for (LiveEvent e = s.next(Duration.ofMillis(50)); e != null; e = s.next(Duration.ofMillis(50))) {
            seqs.add(e.seq());
        }
        return seqs;
    }

    @Test
    void publish_slowViewer_losesItsOldestEventsCountedPerDevice_publisherNeverWaits() throws Exception {
        try (LiveSubscription slow = bus.subscribe(Set.of("ox-1"), 0)) {
            long start = System.nanoTime();
            for (int i = 0; i < 10; i++) {
                bus.publish("ox-1", LiveEvent.WAVEFORM, i);
            }
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));

            assertThat(drain(slow)).containsExactly(8L, 9L, 10L);
            assertThat(slow.dropped()).isEqualTo(7);
            assertThat(bus.droppedFor("ox-1")).isEqualTo(7);
            assertThat(meters.get("smartclinic.live.dropped").tag("device", "ox-1").counter().count()).isEqualTo(7);
            assertThat(meters.get("smartclinic.live.events").tags("device", "ox-1", "kind", "waveform").counter()
                    .count()).isEqualTo(10);
        }
    }

    @Test
    void subscribe_withSince_replaysWhatWasMissedInOrderThenLiveWithoutDuplicates() throws Exception {
        LiveBus roomy = new LiveBus(3, 10, 4, meters, Clock.systemUTC());
        for (int i = 0; i < 7; i++) {
            roomy.publish(i % 2 == 0 ? "bp-1" : "ox-1", LiveEvent.READING, i);
        }
        try (LiveSubscription back = roomy.subscribe(Set.of(), 4)) {
            roomy.publish("ox-1", LiveEvent.STATUS, "x");

            assertThat(drain(back)).containsExactly(5L, 6L, 7L, 8L);
        }
        try (LiveSubscription filtered = roomy.subscribe(Set.of("bp-1"), 1)) {
            assertThat(drain(filtered)).as("kept: the last 3 of bp-1 (seq 3, 5, 7), after 1").containsExactly(3L, 5L, 7L);
        }
    }

    @Test
    void replayBuffer_keepsOnlyTheLastEventsOfEachDevice() {
        for (int i = 0; i < 12; i++) {
            bus.publish("ox-1", LiveEvent.WAVEFORM, i);
        }
        assertThat(bus.missed(Set.of("ox-1"), 0)).extracting(LiveEvent::seq).containsExactly(8L, 9L, 10L, 11L, 12L);
    }

    @Test
    void subscribe_beyondTheLimit_refusedUntilOneCloses() {
        LiveSubscription a = bus.subscribe(Set.of(), 0);
        LiveSubscription b = bus.subscribe(Set.of(), 0);

        assertThatThrownBy(() -> bus.subscribe(Set.of(), 0)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("too many live viewers");
        a.close();
        bus.subscribe(Set.of(), 0).close();
        b.close();
    }

    @Test
    void publish_manyDevicesAtOnce_eachDevicesEventsInOrder() throws Exception {
        LiveBus big = new LiveBus(100, 100_000, 4, meters, Clock.systemUTC());
        try (LiveSubscription all = big.subscribe(Set.of(), 0)) {
            CountDownLatch done = new CountDownLatch(4);
            for (int d = 0; d < 4; d++) {
                String device = "dev-" + d;
                Thread.ofPlatform().start(() -> {
                    for (int i = 0; i < 5_000; i++) {
                        big.publish(device, LiveEvent.WAVEFORM, i);
                    }
                    done.countDown();
                });
            }
            assertThat(done.await(30, TimeUnit.SECONDS)).isTrue();

            List<LiveEvent> events = new ArrayList<>();
            for (LiveEvent e = all.next(Duration.ofMillis(100)); e != null; e = all.next(Duration.ofMillis(100))) {
                events.add(e);
            }
            assertThat(events).hasSize(20_000);
            for (int d = 0; d < 4; d++) {
                String device = "dev-" + d;
                assertThat(events.stream().filter(e -> e.device().equals(device)).map(e -> (Integer) e.data()))
                        .isSorted().hasSize(5_000);
            }
        }
    }
}
