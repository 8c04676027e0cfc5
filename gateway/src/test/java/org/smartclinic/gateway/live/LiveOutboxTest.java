package org.smartclinic.gateway.live;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

/** A WebSocket viewer's send queue on its own: thins waveforms first, then drops the oldest, bounded, all counted. */
class LiveOutboxTest {

    private long seq;

    private LiveEvent wave(String device) {
        return new LiveEvent(++seq, device, LiveEvent.WAVEFORM, Instant.EPOCH, "chunk");
    }

    private LiveEvent reading(String device) {
        return new LiveEvent(++seq, device, LiveEvent.READING, Instant.EPOCH, "reading");
    }

    @Test
    void offer_underHalfFull_keepsEverythingAtFullDetail() {
        LiveOutbox box = new LiveOutbox(8);
        for (int i = 0; i < 3; i++) {
            assertThat(box.offer(wave("ox-1"), 0)).isZero();
        }
        List<LiveOutbox.Queued> sent = box.take(10);
        assertThat(sent).extracting(q -> q.event().seq()).containsExactly(1L, 2L, 3L);
        assertThat(sent).allSatisfy(q -> {
            assertThat(q.downsampled()).isEqualTo(1);
            assertThat(q.skipped()).isZero();
        });
        assertThat(box.takeNotice()).isNull();
    }

    @Test
    void offer_fromHalfFull_keepsEvery2ndChunk_fromThreeQuartersEvery4th_andSaysHowManyWereSkipped() {
        LiveOutbox box = new LiveOutbox(16);
        for (int i = 0; i < 8; i++) {
            box.offer(wave("ox-1"), 0);
        }
        // Half full: of the next 8 chunks every 2nd is kept, until three quarters (12) is reached.
        for (int i = 0; i < 8; i++) {
            box.offer(wave("ox-1"), 0);
        }
        List<LiveOutbox.Queued> queued = box.take(100);
        assertThat(queued).hasSize(12);
        assertThat(queued.subList(8, 12)).allSatisfy(q -> assertThat(q.downsampled()).isEqualTo(2));
        assertThat(queued.subList(8, 12)).extracting(q -> q.event().seq()).containsExactly(9L, 11L, 13L, 15L);
        assertThat(queued.subList(9, 12)).allSatisfy(q -> assertThat(q.skipped()).isEqualTo(1));
        LiveOutbox.Notice notice = box.takeNotice();
        assertThat(notice.downsampled()).isEqualTo(4);
        assertThat(notice.dropped()).isZero();
        assertThat(box.takeNotice()).as("told once").isNull();
    }

    @Test
    void offer_readingsAreNeverThinned_onlyDroppedOldestFirstWhenFull() {
        LiveOutbox box = new LiveOutbox(4);
        for (int i = 0; i < 6; i++) {
            box.offer(reading("bp-1"), 0);
        }
        assertThat(box.take(10)).extracting(q -> q.event().seq()).containsExactly(3L, 4L, 5L, 6L);
        assertThat(box.takeNotice()).isEqualTo(new LiveOutbox.Notice(2, 0));
        assertThat(box.droppedTotal()).isEqualTo(2);
    }

    @Test
    void offer_anyRate_neverHoldsMoreThanItsCapacity_andCountsEveryLoss() {
        LiveOutbox box = new LiveOutbox(64);
        int offered = 100_000;
        long lost = 0;
        for (int i = 0; i < offered; i++) {
            lost += box.offer(i % 10 == 0 ? reading("bp-1") : wave("ox-" + (i % 3)), i);
            assertThat(box.size()).isLessThanOrEqualTo(64);
        }
        assertThat(lost).isEqualTo(box.droppedTotal() + box.downsampledTotal());
        assertThat(offered - lost).isEqualTo(box.size());
    }

    @Test
    void skipped_isCountedPerStream_soEachWaveformSaysItsOwnGap() {
        LiveOutbox box = new LiveOutbox(8);
        for (int i = 0; i < 4; i++) {
            box.offer(reading("bp-1"), 0);
        }
        // Half full: chunks of ox-1 and ox-2 alternate; each stream keeps its own every-2nd count.
        for (int i = 0; i < 4; i++) {
            box.offer(wave("ox-1"), 0);
            box.offer(wave("ox-2"), 0);
        }
        List<LiveOutbox.Queued> waves = box.take(100).stream()
                .filter(q -> LiveEvent.WAVEFORM.equals(q.event().kind())).toList();
        assertThat(waves).extracting(q -> q.event().device()).containsExactly("ox-1", "ox-2");
        assertThat(waves).allSatisfy(q -> assertThat(q.skipped()).isZero());
        box.offer(wave("ox-1"), 0);
        assertThat(box.take(10).getFirst().skipped()).as("ox-1's chunks skipped since its last one").isEqualTo(3);
    }

    @Test
    void oldestWait_isHowLongTheHeadHasWaited() {
        LiveOutbox box = new LiveOutbox(8);
        assertThat(box.oldestWait(1_000)).isZero();
        box.offer(reading("bp-1"), 1_000);
        box.offer(reading("bp-1"), 5_000);
        assertThat(box.oldestWait(9_000)).isEqualTo(8_000);
        box.take(1);
        assertThat(box.oldestWait(9_000)).isEqualTo(4_000);
    }
}
