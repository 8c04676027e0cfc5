package org.smartclinic.gateway.uplink;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.smartclinic.gateway.journal.Outbox;

/** The planner over pages of pending items (plain data: it reads nothing else). */
class DeliveryPlannerTest {

    private static final Instant NOW = Instant.parse("2026-12-03T21:00:00Z");

    private final List<Outbox.Item> pending = new ArrayList<>();
    private int pagesRead;
    private int rowsRead;

    private DeliveryPlanner planner(int maxScan) {
        return new DeliveryPlanner((after, limit) -> {
            pagesRead++;
            List<Outbox.Item> page = pending.stream().filter(i -> i.id() > after).limit(limit).toList();
            rowsRead += page.size();
            return page;
        }, maxScan);
    }

    @Test
    void plan_readingsOfManyDevices_oneBatchInIdOrder() {
        for (int i = 1; i <= 10; i++) {
            reading(i, "dev-" + (i % 3), "exam-1", 0, null);
        }
        assertThat(ids(planner(5000).plan(NOW, 100))).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L);
    }

    @Test
    void plan_deviceWaitingForRetry_itsLaterReadingsWaitOthersGo() {
        reading(1, "dev-a", "exam-1", 1, NOW.plusSeconds(30));
        reading(2, "dev-b", "exam-1", 0, null);
        reading(3, "dev-a", "exam-1", 0, null);
        reading(4, "dev-b", "exam-1", 0, null);
        assertThat(ids(planner(5000).plan(NOW, 100))).containsExactly(2L, 4L);
    }

    @Test
    void plan_reportAfterPendingReadingsOfItsExam_readingsFirstThenReportAlone() {
        reading(1, "dev-a", "exam-1", 0, null);
        other(2, Outbox.Kind.REPORT, null, "exam-1");
        reading(3, "dev-b", "exam-2", 0, null);
        assertThat(ids(planner(5000).plan(NOW, 100))).containsExactly(1L, 3L);
        pending.removeIf(i -> i.id() == 1 || i.id() == 3);
        assertThat(ids(planner(5000).plan(NOW, 100))).containsExactly(2L);
    }

    @Test
    void plan_pendingPatient_nothingAfterItGoesFirst() {
        other(1, Outbox.Kind.PATIENT, null, null);
        reading(2, "dev-a", "exam-1", 0, null);
        assertThat(ids(planner(5000).plan(NOW, 100))).containsExactly(1L);
    }

    @Test
    void plan_patientWaitingForRetry_laterItemsWait() {
        pending.add(item(1, Outbox.Kind.PATIENT, null, null, 1, NOW.plusSeconds(60)));
        reading(2, "dev-a", "exam-1", 0, null);
        assertThat(planner(5000).plan(NOW, 100)).isEmpty();
    }

    @Test
    void plan_retriedReadings_smallerBatchSoAPoisonEndsUpAlone() {
        for (int i = 1; i <= 100; i++) {
            reading(i, "dev-" + (i % 7), "exam-1", 3, null);
        }
        assertThat(planner(5000).plan(NOW, 100)).hasSize(12);
        pending.replaceAll(i -> item(i.id(), i.kind(), i.deviceId(), i.examId(), 9, null));
        assertThat(planner(5000).plan(NOW, 100)).hasSize(1);
    }

    @Test
    void plan_hugeBacklog_readsOnlyWhatOneBatchNeeds() {
        for (int i = 1; i <= 20_000; i++) {
            reading(i, "dev-" + (i % 50), "exam-1", 0, null);
        }
        assertThat(planner(5000).plan(NOW, 100)).hasSize(100);
        assertThat(pagesRead).isEqualTo(1);
        assertThat(rowsRead).isEqualTo(100);
    }

    @Test
    void plan_hugeBacklogWhileABatchIsOnItsWay_readsThatBatchAndTheNextOnly() {
        for (int i = 1; i <= 20_000; i++) {
            reading(i, "dev-" + (i % 50), "exam-1", 0, null);
        }
        List<Outbox.Item> first = planner(5000).plan(NOW, 100);
        rowsRead = 0;

        List<Outbox.Item> next = planner(5000).plan(NOW, 100, Set.copyOf(ids(first)));

        assertThat(ids(next)).first().isEqualTo(101L);
        assertThat(next).hasSize(100);
        assertThat(rowsRead).isEqualTo(200);
    }

    @Test
    void plan_firstPageAllWaiting_readsOnInFullPages() {
        reading(1, "dev-a", "exam-1", 1, NOW.plusSeconds(30));
        for (int i = 2; i <= 150; i++) {
            reading(i, "dev-a", "exam-1", 0, null);
        }
        for (int i = 151; i <= 400; i++) {
            reading(i, "dev-b", "exam-1", 0, null);
        }

        List<Outbox.Item> plan = planner(5000).plan(NOW, 100);

        assertThat(ids(plan)).first().isEqualTo(151L);
        assertThat(plan).hasSize(100);
        assertThat(pagesRead).isEqualTo(2);
    }

    @Test
    void plan_allBlockedBeyondTheScanLimit_stopsAtTheLimit() {
        reading(1, "dev-a", "exam-1", 1, NOW.plusSeconds(30));
        for (int i = 2; i <= 3000; i++) {
            reading(i, "dev-a", "exam-1", 0, null);
        }
        assertThat(planner(1000).plan(NOW, 100)).isEmpty();
        assertThat(rowsRead).isBetween(1000, 1000 + DeliveryPlanner.PAGE - 1);
    }

    @Test
    void plan_whileABatchIsOnItsWay_nextBatchLeavesItOutAndKeepsEachDeviceWaitingForItsRetry() {
        reading(1, "dev-c", "exam-1", 1, NOW.plusSeconds(30));
        for (int i = 2; i <= 9; i++) {
            reading(i, i % 2 == 0 ? "dev-a" : "dev-b", "exam-1", 0, null);
        }
        reading(10, "dev-c", "exam-1", 0, null);
        List<Outbox.Item> first = planner(5000).plan(NOW, 4);
        assertThat(ids(first)).containsExactly(2L, 3L, 4L, 5L);

        List<Outbox.Item> next = planner(5000).plan(NOW, 4, Set.copyOf(ids(first)));

        assertThat(ids(next)).as("the following readings of the same devices; dev-c still waits for item 1")
                .containsExactly(6L, 7L, 8L, 9L);
    }

    private void reading(long id, String device, String exam, int attempts, Instant next) {
        pending.add(item(id, Outbox.Kind.READING, device, exam, attempts, next));
    }

    private void other(long id, Outbox.Kind kind, String device, String exam) {
        pending.add(item(id, kind, device, exam, 0, null));
    }

    private static Outbox.Item item(long id, Outbox.Kind kind, String device, String exam, int attempts,
            Instant next) {
        return new Outbox.Item(id, kind, kind == Outbox.Kind.READING ? id : null, exam, device,
                Outbox.State.PENDING, attempts, NOW.minusSeconds(60), null, null, List.of(), "1",
                new Outbox.Times(null, null, next == null ? Instant.EPOCH : next, null));
    }

    private static List<Long> ids(List<Outbox.Item> items) {
        return items.stream().map(Outbox.Item::id).toList();
    }
}
