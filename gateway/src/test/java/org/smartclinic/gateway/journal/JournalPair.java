package org.smartclinic.gateway.journal;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.smartclinic.drivers.Code;
import org.smartclinic.drivers.Measurement;
import org.smartclinic.drivers.Reading;
import org.smartclinic.drivers.Value;
import org.smartclinic.gateway.binding.BindingPolicy;
import org.smartclinic.gateway.binding.MutableClock;

/**
 * Real journals side by side on one clock, for tests that store the same readings two ways and compare what each
 * stored ({@link BindingAheadTest}, {@link ReadingRunsTest}). Readings are device {@code bp-1}'s pulse.
 */
final class JournalPair implements AutoCloseable {

    static final Instant T0 = Instant.parse("2026-11-23T10:15:00Z");

    final MutableClock clock = new MutableClock(Instant.parse("2026-11-23T10:00:00Z"));
    private final Path dir;
    private final List<JournalDatabase> open = new ArrayList<>();

    JournalPair(Path dir) {
        this.dir = dir;
    }

    /** A journal in {@code dir/name}; with {@code writerOnly} a probe before each append ends what it knew. */
    Side side(String name, boolean writerOnly) {
        JournalDatabase db = JournalDatabase.open(dir.resolve(name).resolve("journal.db"));
        open.add(db);
        return new Side(db, new Journal(db, clock, BindingPolicy.defaults()), new ExamRecords(db, clock), writerOnly);
    }

    @Override
    public void close() {
        open.forEach(JournalDatabase::close);
    }

    /** One journal of the pair. */
    record Side(JournalDatabase db, Journal journal, ExamRecords exams, boolean writerOnly) {
        Journal.AppendResult append(List<Journal.Input> inputs) {
            if (writerOnly) {
                db.probe().join();
            }
            return journal.appendAll("room-1", inputs).join();
        }

        /** What the journal stored of the device's readings, oldest first, exam ids written as {@code E}. */
        List<String> stored(String examId) {
            return journal.readings(new Journal.ReadingQuery(1000, "bp-1", null, null)).reversed().stream()
                    .map(s -> String.join(" | ", s.reading().key(), s.binding().state().name(),
                            s.binding().rule().name(), s.binding().evidence().replace(examId, "E"),
                            String.valueOf(s.binding().effectiveTime()), String.valueOf(s.binding().timeNote()),
                            String.valueOf(s.binding().heldExam() == null ? null : "E"), s.station()))
                    .toList();
        }

        /** The device's clock as the journal keeps it. */
        Object deviceClock() {
            return new DeviceClocks(db, BindingPolicy.defaults().clock()).of("bp-1");
        }
    }

    static Reading reading(String key, Instant deviceTime, Instant receivedAt) {
        Measurement pulse = Measurement.of(Code.deviceCode("bpm200", "PR", "Pulse"),
                List.of(new Code(Code.LOINC, "8867-4", "Heart rate")), new Value.Quantity(new BigDecimal("71"), "bpm"));
        return new Reading("bp-1", key, deviceTime, receivedAt, List.of(pulse), null, null, null);
    }

    /** Readings measured {@code seconds} after 10:15 and received 40 ms later. */
    static Reading onTime(int seconds) {
        Instant t = T0.plusSeconds(seconds);
        return reading("k" + seconds, t, t.plusMillis(40));
    }

    static Journal.Input input(Reading... readings) {
        return new Journal.Input(List.of(readings), null);
    }

    static Journal.Input input(List<Reading> readings) {
        return new Journal.Input(readings, null);
    }
}
