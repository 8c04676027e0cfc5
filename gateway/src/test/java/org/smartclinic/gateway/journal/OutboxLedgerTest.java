package org.smartclinic.gateway.journal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.smartclinic.fhir.PatientIdentifier;
import org.smartclinic.gateway.binding.BindingPolicy;
import org.smartclinic.gateway.binding.MutableClock;

/** The outbox's delivery records on a real SQLite file: schema 6 columns, pages, dead letters. */
class OutboxLedgerTest {

    private static final PatientIdentifier PATIENT = new PatientIdentifier("urn:oid:1.2.643.100.3", "123-456-789 00");

    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-23T10:00:00Z"));
    private JournalDatabase db;
    private Journal journal;
    private OutboxLedger ledger;

    @BeforeEach
    void open() {
        db = JournalDatabase.open(dir.resolve("data/journal.db"));
        journal = new Journal(db, clock, BindingPolicy.defaults());
        ledger = new OutboxLedger(journal);
        new ExamRecords(db, clock).open("room-1", null, PATIENT, null, Duration.ofHours(4)).join();
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void append_boundReadings_itemsCarryTheirDeviceInIdOrder() {
        journal.append("room-1", List.of(JournalTest.reading("bp-1", 1), JournalTest.reading("bp-1", 2))).join();
        journal.append("room-1", List.of(JournalTest.reading("bp-2", 3))).join();

        List<Outbox.Item> page = ledger.pending(0, 500);

        assertThat(page).extracting(Outbox.Item::deviceId).containsExactly("bp-1", "bp-1", "bp-2");
        assertThat(ledger.pending(page.get(1).id(), 500)).singleElement()
                .satisfies(i -> assertThat(i.deviceId()).isEqualTo("bp-2"));
        assertThat(ledger.oldestPending()).contains(clock.instant());
    }

    @Test
    void markRetryThenSent_timesKeptFirstAttemptStays() {
        journal.append("room-1", List.of(JournalTest.reading("bp-1", 1))).join();
        long id = ledger.pending(0, 10).getFirst().id();
        Instant first = clock.instant();
        ledger.markRetry(List.of(id), first, first.plusSeconds(5), "EHR unreachable").join();
        clock.set(first.plusSeconds(7));

        ledger.markSent(Map.of(id, List.of("Observation/1")), clock.instant()).join();

        Outbox.Item item = ledger.detail(id).orElseThrow().item();
        assertThat(item.state()).isEqualTo(Outbox.State.SENT);
        assertThat(item.attempts()).isEqualTo(2);
        assertThat(item.times().firstAttemptAt()).isEqualTo(first);
        assertThat(item.times().lastAttemptAt()).isEqualTo(first.plusSeconds(7));
        assertThat(ledger.oldestPending()).isEmpty();
    }

    @Test
    void markRetry_failureOfTheWholeEhr_neitherAttemptNorAgeLimitStarts_itemFailureDoes() {
        journal.append("room-1", List.of(JournalTest.reading("bp-1", 1))).join();
        long id = ledger.pending(0, 10).getFirst().id();
        Instant outage = clock.instant();
        for (int i = 0; i < 5; i++) {
            ledger.markRetry(List.of(id), outage.plusSeconds(i), outage.plusSeconds(i + 1), "EHR unreachable", false)
                    .join();
        }
        Outbox.Item waited = ledger.detail(id).orElseThrow().item();
        assertThat(waited.attempts()).as("an outage uses up no attempt").isZero();
        assertThat(waited.times().firstAttemptAt()).as("nor starts the age limit").isNull();
        assertThat(waited.times().lastAttemptAt()).isEqualTo(outage.plusSeconds(4));
        assertThat(waited.lastError()).isEqualTo("EHR unreachable");

        Instant refused = outage.plusSeconds(60);
        ledger.markRetry(List.of(id), refused, refused.plusSeconds(5), "HTTP 500", true).join();

        Outbox.Item failed = ledger.detail(id).orElseThrow().item();
        assertThat(failed.attempts()).isEqualTo(1);
        assertThat(failed.times().firstAttemptAt()).isEqualTo(refused);
    }

    @Test
    void markDead_withOutcome_detailShowsItAndListFilters() {
        journal.append("room-1", List.of(JournalTest.reading("bp-1", 1), JournalTest.reading("bp-2", 2))).join();
        List<Outbox.Item> items = ledger.pending(0, 10);
        for (Outbox.Item i : items) {
            ledger.markDead(i.id(), clock.instant(), "HTTP 422: refused", "{\"resourceType\":\"OperationOutcome\"}")
                    .join();
        }

        Outbox.Detail d = ledger.detail(items.getFirst().id()).orElseThrow();

        assertThat(d.outcome()).contains("OperationOutcome");
        assertThat(d.item().times().deadAt()).isEqualTo(clock.instant());
        assertThat(ledger.deadLetters(new Outbox.DeadFilter(null, "bp-2", null, 10))).singleElement()
                .satisfies(i -> assertThat(i.deviceId()).isEqualTo("bp-2"));
        assertThat(ledger.deadLetters(new Outbox.DeadFilter(Outbox.Kind.READING, null, items.get(1).id(), 10)))
                .extracting(Outbox.Item::id).containsExactly(items.getFirst().id());
        assertThat(ledger.deadLetters(new Outbox.DeadFilter(Outbox.Kind.REPORT, null, null, 10))).isEmpty();
    }

    @Test
    void replay_deadLetter_pendingAgainWithAttemptsFromZero() {
        journal.append("room-1", List.of(JournalTest.reading("bp-1", 1))).join();
        long id = ledger.pending(0, 10).getFirst().id();
        ledger.markDead(id, clock.instant(), "gave up", null).join();

        assertThat(journal.replay(id).join()).isEqualTo(1);

        Outbox.Item item = ledger.pending(0, 10).getFirst();
        assertThat(item.attempts()).isZero();
        assertThat(item.times().deadAt()).isNull();
    }

    @Test
    void open_journalOfSchemaFive_readingItemsGetTheirDevice() throws Exception {
        Path old = dir.resolve("v5.db");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + old)) {
            c.setAutoCommit(false);
            JournalSchema.migrate(c, 5);
            try (Statement s = c.createStatement()) {
                s.execute("INSERT INTO exam (id, station, patient_system, patient_value, opened_at)"
                        + " VALUES ('e1', 'room-1', 'urn:x', 'p1', '2026-11-01T10:00:00Z')");
                s.execute("INSERT INTO reading (device_id, reading_key, station, received_at, journaled_at, exam_id,"
                        + " payload) VALUES ('bp-7', 'k#1', 'room-1', '2026-11-01T10:01:00Z', '2026-11-01T10:01:00Z',"
                        + " 'e1', '{}')");
                s.execute("INSERT INTO outbox (kind, reading_id, exam_id, state, attempts, next_attempt_at,"
                        + " created_at, ref) VALUES ('READING', 1, 'e1', 'PENDING', 3, 0, '2026-11-01T10:01:00Z', '1')");
            }
            c.commit();
        }
        JournalDatabase upgraded = JournalDatabase.open(old);
        try {
            Outbox.Item item = new OutboxLedger(new Journal(upgraded, Clock.systemUTC(), BindingPolicy.defaults()))
                    .pending(0, 10).getFirst();
            assertThat(item.deviceId()).isEqualTo("bp-7");
            assertThat(item.attempts()).isEqualTo(3);
            assertThat(item.times().firstAttemptAt()).isNull();
        } finally {
            upgraded.close();
        }
    }
}
