package org.smartclinic.gateway.live;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import org.junit.jupiter.api.Test;
import org.smartclinic.gateway.binding.MutableClock;

/** What WebSocket viewers rely on: one sequence order for every key, and an honest answer about replay. */
class LiveBusReplayTest {

    private final LiveBus bus = new LiveBus(3, 10, 4, new SimpleMeterRegistry(), Clock.systemUTC());

    /** A sink that keeps everything of the keys it watches. */
    private static final class Recorder implements LiveSink {
        private final List<String> keys;
        final List<Long> seqs = new ArrayList<>();

        Recorder(String... keys) {
            this.keys = List.of(keys);
        }

        @Override
        public boolean watches(String key) {
            return keys.contains(key);
        }

        @Override
        public synchronized int offer(LiveEvent event) {
            seqs.add(event.seq());
            return 0;
        }
    }

    @Test
    void attach_sinceStillKept_replaysOnlyWantedKeysInOrder_andIsComplete() {
        bus.publish("ox-1", LiveEvent.WAVEFORM, 1);
        bus.publish(LiveEvent.examKey("e1"), LiveEvent.READING, 2);
        bus.publish("bp-9", LiveEvent.READING, 3);
        bus.publish("ox-1", LiveEvent.WAVEFORM, 4);
        Recorder r = new Recorder("ox-1", LiveEvent.examKey("e1"));

        LiveBus.Replay replay = bus.attach(r, 1);

        assertThat(replay).isEqualTo(new LiveBus.Replay(4, 2, true));
        assertThat(r.seqs).containsExactly(2L, 4L);
        bus.publish("ox-1", LiveEvent.STATUS, 5);
        assertThat(r.seqs).containsExactly(2L, 4L, 5L);
    }

    @Test
    void attach_sinceOlderThanTheBufferOfAWatchedKey_isIncomplete_unwatchedKeysDoNotMatter() {
        for (int i = 0; i < 5; i++) {
            bus.publish("ox-1", LiveEvent.WAVEFORM, i);
        }
        bus.publish("bp-1", LiveEvent.READING, "x");

        assertThat(bus.attach(new Recorder("ox-1"), 1).complete()).as("seq 2 is gone from ox-1's buffer")
                .isFalse();
        assertThat(bus.attach(new Recorder("bp-1"), 1).complete()).isTrue();
        assertThat(bus.attach(new Recorder("ox-1"), 2).complete()).as("only seq 1 and 2 were pushed out")
                .isTrue();
    }

    @Test
    void attach_sinceNewerThanAnythingPublished_isIncomplete() {
        bus.publish("ox-1", LiveEvent.WAVEFORM, 1);

        LiveBus.Replay replay = bus.attach(new Recorder("ox-1"), 500);

        assertThat(replay.complete()).as("a gateway restarted since: the client must reload").isFalse();
        assertThat(replay.replayed()).isZero();
    }

    @Test
    void publish_manyKeysFromManyThreads_everySinkSeesOneIncreasingOrder() throws Exception {
        LiveBus roomy = new LiveBus(100, 10, 4, new SimpleMeterRegistry(), Clock.systemUTC());
        Recorder all = new Recorder("ox-1", "bp-1", LiveEvent.examKey("e1"), LiveEvent.stationKey("room-1"));
        roomy.attach(all, 0);
        List<String> keys = List.of("ox-1", "bp-1", LiveEvent.examKey("e1"), LiveEvent.stationKey("room-1"));
        CountDownLatch go = new CountDownLatch(1);
        try (ExecutorService publishers = Executors.newFixedThreadPool(4)) {
            for (String key : keys) {
                publishers.submit(() -> {
                    go.await();
                    for (int i = 0; i < 2000; i++) {
                        roomy.publish(key, LiveEvent.WAVEFORM, i);
                    }
                    return null;
                });
            }
            go.countDown();
            publishers.shutdown();
            assertThat(publishers.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(all.seqs).hasSize(8000).isSorted().doesNotHaveDuplicates();
    }

    @Test
    void keys_beyondTheLimit_theStalestIsForgotten_andAReplayFromBeforeItsLastEventIsIncomplete() {
        bus.publish(LiveEvent.examKey("old"), LiveEvent.EXAM, 1);
        bus.publish(LiveEvent.examKey("old"), LiveEvent.EXAM, 2);
        for (int i = 0; i < LiveBus.MAX_KEYS; i++) {
            bus.publish(LiveEvent.examKey("e" + i), LiveEvent.EXAM, i);
        }

        assertThat(bus.attach(new Recorder(LiveEvent.examKey("e5")), 1).complete())
                .as("seq 2 of a forgotten key is gone: whoever asks from before it reloads").isFalse();
        Recorder e5 = new Recorder(LiveEvent.examKey("e5"));
        LiveBus.Replay replay = bus.attach(e5, 2);
        assertThat(replay.complete()).isTrue();
        assertThat(e5.seqs).as("a key still kept replays").containsExactly(8L);
    }

    @Test
    void watched_byAViewerOfTheKey_isTrue_andTakesNoSequenceNumber() {
        Recorder r = new Recorder(LiveEvent.examKey("e1"));
        bus.attach(r, 0);
        long before = bus.lastSequence();

        assertThat(bus.watched(LiveEvent.examKey("e1"))).isTrue();
        assertThat(bus.lastSequence()).isEqualTo(before);
    }

    @Test
    void watched_byNobody_isFalse_aViewerBackFromBeforeIsToldToReload_oneFromAfterIsNot() {
        String key = LiveEvent.examKey("e2");
        bus.publish(key, LiveEvent.READING, 1);
        long seen = bus.lastSequence();

        assertThat(bus.watched(key)).isFalse();

        assertThat(bus.attach(new Recorder(key), seen).complete()).as("an event of the key went unpublished").isFalse();
        assertThat(bus.attach(new Recorder(LiveEvent.examKey("e3")), seen).complete()).as("other keys").isTrue();
        assertThat(bus.attach(new Recorder(key), bus.lastSequence()).complete()).as("back from after it").isTrue();
    }

    /**
     * A device whose readings go unpublished (nobody watches) while its other events (waveforms) still fill its buffer:
     * the buffer pushing out an older event must not hide the later skip.
     */
    @Test
    void watched_byNobody_thenTheKeysFullBufferPushesOutOlderEvents_aViewerFromBeforeTheSkipIsStillToldToReload() {
        for (int i = 0; i < 3; i++) {
            bus.publish("ox-1", "waveform", i);
        }
        long seen = bus.lastSequence();
        assertThat(bus.watched("ox-1")).isFalse();
        bus.publish("ox-1", "waveform", 3);

        assertThat(bus.attach(new Recorder("ox-1"), seen).complete()).as("a reading went unpublished after seq %d",
                seen).isFalse();
    }

    @Test
    void watched_byNobody_forManyKeys_keepsItsNotesBounded_andNoViewerFromBeforeTheForgottenOnesIsToldItIsComplete() {
        LiveBus roomy = new LiveBus(3, 10, 100, new SimpleMeterRegistry(), Clock.systemUTC());
        long start = roomy.lastSequence();
        for (int i = 0; i < 3 * LiveBus.MAX_KEYS; i++) {
            assertThat(roomy.watched(LiveEvent.examKey("past-" + i))).isFalse();
        }

        assertThat(roomy.skipNotes()).isLessThanOrEqualTo(2 * LiveBus.MAX_KEYS);
        assertThat(roomy.attach(new Recorder(LiveEvent.examKey("past-0")), start + 1).complete())
                .as("its note was forgotten: reload").isFalse();
        assertThat(roomy.attach(new Recorder(LiveEvent.examKey("never-skipped")), start + 1).complete())
                .as("older than what was forgotten: reload").isFalse();
        assertThat(roomy.attach(new Recorder(LiveEvent.examKey("past-0")), roomy.lastSequence()).complete())
                .as("from now on").isTrue();
    }

    @Test
    void watched_byAViewerThatLeftWithinTheGrace_isTrue_soItsReconnectReplayIsComplete_afterItFalse() {
        MutableClock clock = new MutableClock(Instant.parse("2026-12-05T15:00:00Z"));
        LiveBus graced = new LiveBus(10, 10, 4, Duration.ofMinutes(5), new SimpleMeterRegistry(), clock);
        String key = LiveEvent.examKey("e4");
        Recorder gone = new Recorder(key);
        graced.attach(gone, 0);
        graced.publish(key, LiveEvent.READING, 1);
        long seen = graced.lastSequence();
        graced.detach(gone);

        clock.set(clock.instant().plus(Duration.ofMinutes(4)));
        assertThat(graced.watched(key)).as("its viewer may be reconnecting").isTrue();
        graced.publish(key, LiveEvent.READING, 2);
        Recorder back = new Recorder(key);
        assertThat(graced.attach(back, seen)).isEqualTo(new LiveBus.Replay(seen + 1, 1, true));

        graced.detach(back);
        clock.set(clock.instant().plus(Duration.ofMinutes(6)));
        assertThat(graced.watched(key)).as("left longer ago than the grace").isFalse();
        assertThat(graced.watched(LiveEvent.examKey("never-watched"))).isFalse();
    }
}
