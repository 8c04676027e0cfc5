package org.smartclinic.gateway.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.smartclinic.drivers.Code;
import org.smartclinic.drivers.Measurement;
import org.smartclinic.drivers.Reading;
import org.smartclinic.drivers.Value;
import org.smartclinic.fhir.PatientIdentifier;
import org.smartclinic.gateway.binding.BindingPolicy;
import org.smartclinic.gateway.binding.BindingState;
import org.smartclinic.gateway.binding.MutableClock;

/** The journal on a real SQLite file in a temporary folder. */
class JournalTest {

    private static final PatientIdentifier PATIENT = new PatientIdentifier("urn:oid:1.2.643.100.3", "123-456-789 00");

    @TempDir
    Path dir;

    /** Exams open at 10:00 and readings are measured from 10:15 on. */
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-23T10:00:00Z"));
    private JournalDatabase db;
    private Journal journal;
    private ExamRecords exams;

    @BeforeEach
    void open() {
        db = JournalDatabase.open(dir.resolve("data/journal.db"));
        journal = new Journal(db, clock, BindingPolicy.defaults());
        exams = new ExamRecords(db, clock);
    }

    private Exam openExam(String station, PatientIdentifier patient) {
        return exams.open(station, null, patient, null, Duration.ofHours(4)).join();
    }

    @AfterEach
    void close() {
        db.close();
    }

    static Reading reading(String device, int seq) {
        Measurement sys = Measurement.of(Code.deviceCode("bpm200", "SYS", "Systolic"),
                List.of(new Code(Code.LOINC, "8480-6", "Systolic blood pressure")),
                new Value.Quantity(new BigDecimal("12" + seq % 10), "mmHg"));
        Measurement dia = Measurement.of(Code.deviceCode("bpm200", "DIA", "Diastolic"),
                List.of(new Code(Code.LOINC, "8462-4", "Diastolic blood pressure")),
                new Value.Quantity(new BigDecimal("80"), "mmHg"));
        Measurement panel = Measurement.panel(Code.deviceCode("bpm200", "BP", "Blood pressure"),
                List.of(new Code(Code.LOINC, "85354-9", "Blood pressure panel")), List.of(sys, dia));
        Measurement pulse = Measurement.of(Code.deviceCode("bpm200", "PR", "Pulse"),
                List.of(new Code(Code.LOINC, "8867-4", "Heart rate")), new Value.Quantity(new BigDecimal("71.0"), "bpm"));
        Instant t = Instant.parse("2026-11-23T10:15:00Z").plusSeconds(seq);
        return new Reading(device, "k#" + seq, t, t.plusMillis(40), List.of(panel, pulse), null, null, null);
    }

    @Test
    void append_withoutOpenExam_storesUnassignedAndQueuesNothing() {
        Journal.AppendResult r = journal.append("room-1", List.of(reading("bp-1", 1))).join();

        assertThat(r).usingRecursiveComparison().ignoringFields("fresh")
                .isEqualTo(new Journal.AppendResult(1, 0, 0, 0, 1, null, List.of()));
        assertThat(r.fresh()).singleElement().extracting(s -> s.reading().key()).isEqualTo("k#1");
        List<StoredReading> stored = journal.readings(new Journal.ReadingQuery(10, null, null, null));
        assertThat(stored).singleElement().satisfies(s -> {
            assertThat(s.bound()).isFalse();
            assertThat(s.upload()).isNull();
        });
        assertThat(journal.dueOutbox(Instant.now(), 10)).isEmpty();
    }

    @Test
    void append_sameKeyTwice_storesOnceAndCountsDuplicate() {
        journal.append("room-1", List.of(reading("bp-1", 1))).join();

        Journal.AppendResult again = journal.append("room-1", List.of(reading("bp-1", 1), reading("bp-1", 2))).join();

        assertThat(again).usingRecursiveComparison().ignoringFields("fresh")
                .isEqualTo(new Journal.AppendResult(1, 1, 0, 0, 1, null, List.of()));
        assertThat(again.fresh()).as("not the duplicate").extracting(s -> s.reading().key()).containsExactly("k#2");
        assertThat(journal.readings(new Journal.ReadingQuery(10, "bp-1", null, null))).hasSize(2);
    }

    /**
     * The live feed shows a just-stored reading from what the append returns instead of reading it back: it must be
     * exactly what reading it back gives, bound (with its exam, patient and pending upload) or not.
     */
    @Test
    void append_freshReadings_showAsReadingThemBackDoes_andTheListenerGetsThemInCommitOrder() {
        openExam("room-1", PATIENT);
        List<List<StoredReading>> told = new java.util.concurrent.CopyOnWriteArrayList<>();
        journal.onStored(told::add);

        Journal.AppendResult bound = journal.append("room-1", List.of(reading("bp-1", 1), reading("bp-1", 2))).join();
        Journal.AppendResult unassigned = journal.append("room-2", List.of(reading("bp-9", 1))).join();
        journal.append("room-1", List.of(reading("bp-1", 1))).join();

        assertThat(bound.fresh()).hasSize(2).allSatisfy(s -> assertThat(s.upload()).isNotNull());
        assertThat(unassigned.fresh()).singleElement().satisfies(s -> assertThat(s.exam()).isNull());
        for (StoredReading fresh : java.util.stream.Stream.concat(bound.fresh().stream(), unassigned.fresh().stream())
                .toList()) {
            StoredReading readBack = journal.reading(fresh.id()).orElseThrow();
            assertThat(org.smartclinic.gateway.reading.ReadingView.of(fresh)).as("reading %d", fresh.id())
                    .isEqualTo(org.smartclinic.gateway.reading.ReadingView.of(readBack));
            assertThat(fresh.upload()).usingRecursiveComparison().isEqualTo(readBack.upload());
        }
        assertThat(told).as("one call per append that stored something, in commit order")
                .containsExactly(bound.fresh(), unassigned.fresh());
    }

    /** The binding's facts are kept from one append to the next only while nothing else was written. */
    @Test
    void append_examOpenedThenClosedBetweenAppends_eachAppendSeesTheExamsAsTheyAreNow() {
        journal.append("room-1", List.of(reading("bp-1", 1))).join();
        Exam exam = openExam("room-1", PATIENT);
        journal.append("room-1", List.of(reading("bp-1", 2))).join();
        journal.append("room-1", List.of(reading("bp-1", 3))).join();
        clock.set(Instant.parse("2026-11-23T10:20:00Z"));
        exams.close(exam.id(), null).join();
        journal.append("room-1", List.of(reading("bp-1", 1000))).join();

        assertThat(journal.readings(new Journal.ReadingQuery(10, "bp-1", null, null)))
                .extracting(r -> r.reading().key() + " " + r.binding().state())
                .containsExactly("k#1000 UNASSIGNED", "k#3 BOUND", "k#2 BOUND", "k#1 UNASSIGNED");
    }

    @Test
    void append_duringOpenExam_bindsAndQueuesForUpload() {
        Exam exam = openExam("room-1", PATIENT);

        journal.append("room-1", List.of(reading("bp-1", 1))).join();
        journal.append("room-2", List.of(reading("bp-9", 1))).join();

        StoredReading bound = journal.readings(new Journal.ReadingQuery(10, "bp-1", null, null)).getFirst();
        assertThat(bound.exam().id()).isEqualTo(exam.id());
        assertThat(bound.exam().patient()).isEqualTo(PATIENT);
        assertThat(bound.upload().state()).isEqualTo(Outbox.State.PENDING);
        assertThat(journal.readings(new Journal.ReadingQuery(10, "bp-9", null, null)).getFirst().bound()).isFalse();
        assertThat(journal.dueOutbox(Instant.now(), 10)).singleElement()
                .satisfies(i -> assertThat(i.readingId()).isEqualTo(bound.id()));
    }

    @Test
    void append_afterExamClosed_leavesUnassignedAndQueuesEncounterEnd() {
        Exam exam = openExam("room-1", PATIENT);
        clock.set(Instant.parse("2026-11-23T10:10:00Z"));
        exams.close(exam.id(), null).join();

        journal.append("room-1", List.of(reading("bp-1", 1))).join();

        assertThat(journal.readings(new Journal.ReadingQuery(10, null, null, Set.of(BindingState.UNASSIGNED))))
                .hasSize(1);
        assertThat(journal.dueOutbox(Instant.now(), 10)).extracting(Outbox.Item::kind)
                .containsExactly(Outbox.Kind.EXAM_CLOSE, Outbox.Kind.REPORT);
        assertThat(exams.exam(exam.id()).orElseThrow().isOpen()).isFalse();
    }

    @Test
    void openExam_whileOneIsOpenAtStation_failsWithConflictNamingIt() {
        Exam first = openExam("room-1", PATIENT);

        assertThatThrownBy(() -> exams.open("room-1", null, new PatientIdentifier("s", "other"), null,
                Duration.ofHours(4)).join())
                .isInstanceOf(CompletionException.class).cause().isInstanceOf(ExamConflictException.class)
                .hasMessageContaining(first.id());
        assertThat(openExam("room-2", PATIENT).station()).isEqualTo("room-2");
    }

    @Test
    void closeExam_twice_secondReturnsEmpty() {
        Exam exam = openExam("room-1", PATIENT);

        assertThat(exams.close(exam.id(), "healthy").join()).isPresent();
        assertThat(exams.close(exam.id(), null).join()).isEmpty();
        assertThat(journal.dueOutbox(Instant.now(), 10)).hasSize(2);
        assertThat(exams.exam(exam.id()).orElseThrow().conclusion()).isEqualTo("healthy");
    }

    @Test
    void closeOverdue_examPastItsMaximumDuration_closesAtItsEndAndSaysSo() {
        Exam forgotten = exams.open("room-1", null, PATIENT, null, Duration.ofMinutes(30)).join();
        Exam recent = exams.open("room-2", null, PATIENT, null, Duration.ofHours(4)).join();
        clock.set(Instant.parse("2026-11-23T11:00:00Z"));

        assertThat(exams.closeOverdue().join()).extracting(Exam::id).containsExactly(forgotten.id());

        Exam closed = exams.exam(forgotten.id()).orElseThrow();
        assertThat(closed.closedAt()).isEqualTo(Instant.parse("2026-11-23T10:30:00Z"));
        assertThat(closed.closeNote()).contains("closed automatically").contains("PT30M");
        assertThat(exams.exam(recent.id()).orElseThrow().isOpen()).isTrue();
        journal.append("room-1", List.of(reading("bp-1", 1), reading("bp-1", 1900))).join();
        assertThat(journal.readings(new Journal.ReadingQuery(2, "bp-1", null, null)))
                .extracting(r -> r.binding().state())
                // measured at 10:46:40, after the exam's end; and at 10:15:01, inside it
                .containsExactly(BindingState.UNASSIGNED, BindingState.BOUND);
    }

    @Test
    void outbox_retryDeadReplaySent_movesThroughStates() {
        openExam("room-1", PATIENT);
        journal.append("room-1", List.of(reading("bp-1", 1))).join();
        long id = journal.dueOutbox(Instant.now(), 1).getFirst().id();

        journal.markRetry(id, Instant.now().plusSeconds(60), "EHR unreachable").join();
        assertThat(journal.dueOutbox(Instant.now(), 10)).isEmpty();
        assertThat(journal.dueOutbox(Instant.now().plusSeconds(61), 10)).singleElement()
                .satisfies(i -> assertThat(i.attempts()).isEqualTo(1));

        journal.markDead(id, "HTTP 422: bad unit").join();
        assertThat(new OutboxLedger(journal).latest(Outbox.State.DEAD, 10)).singleElement()
                .satisfies(i -> assertThat(i.lastError()).isEqualTo("HTTP 422: bad unit"));
        assertThat(journal.replay(id).join()).isEqualTo(1);
        assertThat(journal.replay(id).join()).isZero();

        journal.markSent(id, List.of("Observation/7", "Observation/8")).join();
        assertThat(journal.outboxCounts()).containsEntry(Outbox.State.SENT, 1L).containsEntry(Outbox.State.PENDING, 0L);
        assertThat(journal.reading(journal.readings(new Journal.ReadingQuery(1, null, null, null)).getFirst().id())
                .orElseThrow().upload().serverIds()).containsExactly("Observation/7", "Observation/8");
    }

    @Test
    void append_fromManyThreadsAtOnce_storesEveryReadingOnce() {
        openExam("room-1", PATIENT);
        List<CompletableFuture<Journal.AppendResult>> futures = new ArrayList<>();
        IntStream.range(0, 400).parallel().forEach(i -> {
            CompletableFuture<Journal.AppendResult> f = journal.append("room-1", List.of(reading("bp-" + i % 4, i / 4)));
            synchronized (futures) {
                futures.add(f);
            }
        });

        int stored = futures.stream().mapToInt(f -> f.join().stored()).sum();

        assertThat(stored).isEqualTo(400);
        assertThat(journal.outboxCounts()).containsEntry(Outbox.State.PENDING, 400L);
    }

    @Test
    void reopen_afterClose_keepsReadingsExamsAndOutbox() {
        Exam exam = openExam("room-1", PATIENT);
        Reading r = reading("bp-1", 3);
        journal.append("room-1", List.of(r)).join();
        db.close();

        db = JournalDatabase.open(dir.resolve("data/journal.db"));
        journal = new Journal(db, clock, BindingPolicy.defaults());
        exams = new ExamRecords(db, clock);

        StoredReading s = journal.readings(new Journal.ReadingQuery(10, null, null, null)).getFirst();
        assertThat(s.reading()).usingRecursiveComparison().isEqualTo(r);
        assertThat(s.exam().id()).isEqualTo(exam.id());
        assertThat(exams.openAt("room-1")).isPresent();
        assertThat(journal.dueOutbox(Instant.now(), 10)).hasSize(1);
    }

    @Test
    void append_payloadBoundAsUtf8_isStoredAsTextReadableBySql() throws Exception {
        // the payload is bound as UTF-8 bytes and cast to text: it must be stored as text (a blob would read back
        // differently in SQL), character for character, non-ASCII included
        Measurement temp = Measurement.of(Code.deviceCode("therm", "T", "Körpertemperatur °"),
                List.of(new Code(Code.LOINC, "8310-5", "Температура тела")),
                new Value.Quantity(new BigDecimal("36.6"), "Cel"));
        Instant t = Instant.parse("2026-11-23T10:15:00Z");
        Reading r = new Reading("therm-1", "k#1", t, t, List.of(temp), null, null, null);

        journal.append("room-1", List.of(r)).join();

        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("data/journal.db"));
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT typeof(payload), payload, length(payload) FROM reading")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("text");
            assertThat(rs.getString(2)).isEqualTo(ReadingCodec.toJson(r)).contains("Температура тела");
            assertThat(rs.getInt(3)).as("length in characters").isEqualTo(ReadingCodec.toJson(r).length());
        }
        assertThat(journal.readings(new Journal.ReadingQuery(10, null, null, null)).getFirst().reading())
                .usingRecursiveComparison().isEqualTo(r);
    }

    @Test
    void readingCodec_roundTrip_keepsPrecisionAndNulls() {
        Reading r = reading("bp-1", 5);

        Reading back = ReadingCodec.fromJson(ReadingCodec.toJson(r));

        assertThat(back).usingRecursiveComparison().isEqualTo(r);
        Value.Quantity pulse = (Value.Quantity) back.measurements().get(1).value();
        assertThat(pulse.value().toPlainString()).isEqualTo("71.0");
    }
}
