package org.smartclinic.gateway.journal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.smartclinic.drivers.DeviceIdentity;

/** Raw captures, device identity and stream summaries on a real SQLite file; the upgrade from schema 1. */
class CapturesAndDevicesTest {

    private static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");

    @TempDir
    Path dir;

    private JournalDatabase db;
    private Journal journal;
    private Captures captures;
    private DeviceRecords records;

    @BeforeEach
    void open() {
        db = JournalDatabase.open(dir.resolve("journal.db"));
        Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
        journal = new Journal(db, clock, org.smartclinic.gateway.binding.BindingPolicy.defaults());
        captures = new Captures(db, clock);
        records = new DeviceRecords(db, clock);
    }

    @AfterEach
    void close() {
        db.close();
    }

    private static Journal.RawInput raw(String text) {
        return new Journal.RawInput("bp-1", NOW, text.getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    void append_withRawBytes_capturesThemOnceAndTheReadingRefersToIt() {
        Journal.AppendResult first = journal.append("room-1", List.of(JournalTest.reading("bp-1", 1)),
                raw("$M,0001,...*00\r\n")).join();
        Journal.AppendResult again = journal.append("room-1", List.of(JournalTest.reading("bp-1", 1)),
                raw("$M,0001,...*00\r\n")).join();

        assertThat(first.captureId()).isNotNull();
        assertThat(again.captureId()).as("a retransmission adds no capture").isNull();
        assertThat(captures.list("bp-1", 10)).singleElement().satisfies(c -> {
            assertThat(c.kind()).isEqualTo(Captures.KIND_READING);
            assertThat(c.size()).isEqualTo(16);
        });
        assertThat(captures.get(first.captureId()).orElseThrow().bytes())
                .isEqualTo("$M,0001,...*00\r\n".getBytes(StandardCharsets.US_ASCII));
        assertThat(journal.readings(new Journal.ReadingQuery(10, null, null, null)).getFirst().captureId())
                .isEqualTo(first.captureId());
    }

    @Test
    void prune_overSizeThenOverAge_removesOldestFirstAndReadingsStay() {
        for (int i = 0; i < 10; i++) {
            journal.append("room-1", List.of(JournalTest.reading("bp-1", i)), raw("x".repeat(100))).join();
        }
        captures.recordRejected("bp-1", NOW.minus(Duration.ofDays(40)), "noise: 3 bytes", new byte[] {1, 2, 3}).join();

        Captures.Pruned byAge = captures.prune(10_000, Duration.ofDays(30)).join();
        Captures.Pruned bySize = captures.prune(450, Duration.ofDays(30)).join();

        assertThat(byAge.captures()).isEqualTo(1);
        assertThat(bySize.bytes()).isGreaterThanOrEqualTo(550);
        assertThat(captures.totalBytes()).isLessThanOrEqualTo(450);
        assertThat(captures.list("bp-1", 20)).extracting(Captures.Capture::id).isSortedAccordingTo((a, b) -> b.compareTo(a))
                .allSatisfy(id -> assertThat(id).isGreaterThan(6));
        assertThat(journal.readings(new Journal.ReadingQuery(20, null, null, null))).hasSize(10);
    }

    @Test
    void reportIdentity_newThenSameThenChanged_queuesOneDeviceUpdatePerChange() {
        DeviceIdentity v1 = new DeviceIdentity("OX-300", "OX3-000123", "1.4.2");

        assertThat(records.reportIdentity("ox-1", v1).join()).isTrue();
        assertThat(records.reportIdentity("ox-1", v1).join()).isFalse();
        assertThat(records.reportIdentity("ox-1", new DeviceIdentity("OX-300", "OX3-000123", "1.5.0")).join()).isTrue();

        assertThat(records.identities()).containsEntry("ox-1", new DeviceIdentity("OX-300", "OX3-000123", "1.5.0"));
        assertThat(journal.dueOutbox(NOW.plusSeconds(3600), 10)).hasSize(2).allSatisfy(item -> {
            assertThat(item.kind()).isEqualTo(Outbox.Kind.DEVICE);
            assertThat(item.deviceId()).isEqualTo("ox-1");
            assertThat(item.examId()).isNull();
        });
    }

    @Test
    void saveSegment_insertThenUpdate_oneRowWithTheLatestCounts() {
        DeviceRecords.StreamSegment s = new DeviceRecords.StreamSegment(0, "ox-1", "pleth", NOW, NOW, 1, 5, 0, 0, 0);
        long id = records.saveSegment(s).join();
        records.saveSegment(new DeviceRecords.StreamSegment(id, "ox-1", "pleth", NOW, NOW.plusSeconds(4), 100, 500,
                25, 10, 3)).join();

        assertThat(records.segments("ox-1", 10)).singleElement().satisfies(seg -> {
            assertThat(seg.chunks()).isEqualTo(100);
            assertThat(seg.gapSamples()).isEqualTo(10);
            assertThat(seg.liveDropped()).isEqualTo(3);
        });
    }

    @Test
    void open_journalOfSchemaOne_upgradedWithReadingsAndOutboxKept() throws Exception {
        Path old = dir.resolve("old.db");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + old)) {
            c.setAutoCommit(false);
            JournalSchema.migrate(c, 1);
            try (Statement s = c.createStatement()) {
                s.execute("INSERT INTO exam (id, station, patient_system, patient_value, opened_at)"
                        + " VALUES ('e1', 'room-1', 'urn:x', 'p1', '2026-11-01T10:00:00Z')");
            }
            String json = ReadingCodec.toJson(JournalTest.reading("bp-1", 1));
            String versionOne = json.substring(0, json.length() - 1) + ",\"rawFrame\":\"$M,...\"}";
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO reading (device_id, reading_key, station,"
                    + " received_at, journaled_at, exam_id, payload) VALUES ('bp-1', 'k#1', 'room-1',"
                    + " '2026-11-01T10:01:00Z', '2026-11-01T10:01:00Z', 'e1', ?)")) {
                ps.setString(1, versionOne);
                ps.executeUpdate();
            }
            try (Statement s = c.createStatement()) {
                s.execute("INSERT INTO outbox (kind, reading_id, exam_id, state, attempts, next_attempt_at, created_at)"
                        + " VALUES ('READING', 1, 'e1', 'PENDING', 0, 0, '2026-11-01T10:01:00Z')");
            }
            c.commit();
        }

        JournalDatabase upgraded = JournalDatabase.open(old);
        try {
            Journal j = new Journal(upgraded, Clock.systemUTC(), org.smartclinic.gateway.binding.BindingPolicy.defaults());
            assertThat(j.readings(new Journal.ReadingQuery(10, null, null, null))).singleElement().satisfies(r -> {
                assertThat(r.reading().key()).isEqualTo("k#1");
                assertThat(r.captureId()).isNull();
                assertThat(r.upload().kind()).isEqualTo(Outbox.Kind.READING);
                assertThat(r.upload().ref()).isEqualTo("1");
                assertThat(r.binding().state()).isEqualTo(org.smartclinic.gateway.binding.BindingState.BOUND);
                assertThat(r.binding().rule()).isEqualTo(org.smartclinic.gateway.binding.BindingRule.LEGACY);
                assertThat(r.exam().openedAt()).isNotNull();
            });
            assertThat(j.dueOutbox(Instant.now(), 10)).hasSize(1);
        } finally {
            upgraded.close();
        }
    }
}
