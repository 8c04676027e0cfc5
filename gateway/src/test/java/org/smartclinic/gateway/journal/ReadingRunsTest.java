package org.smartclinic.gateway.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.smartclinic.gateway.journal.JournalPair.T0;
import static org.smartclinic.gateway.journal.JournalPair.input;
import static org.smartclinic.gateway.journal.JournalPair.onTime;
import static org.smartclinic.gateway.journal.JournalPair.reading;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.smartclinic.drivers.Reading;
import org.smartclinic.fhir.PatientIdentifier;

/**
 * Readings stored {@link ReadingAppend#ROWS_PER_INSERT} to a statement are stored exactly as one by one: the same
 * rows under the same ids, the same clock and the same uploads queued, also when a run holds a reading the device
 * sent before, or the same reading twice (the run is then stored one by one).
 */
class ReadingRunsTest {

    private static final PatientIdentifier PATIENT = new PatientIdentifier("urn:oid:1.2.643.100.3", "123-456-789 00");

    @TempDir
    Path dir;

    private JournalPair pair;

    @AfterEach
    void close() {
        pair.close();
    }

    @Test
    void runsWithAndWithoutDuplicates_storeWhatAppendsOfOneReadingStore() {
        pair = new JournalPair(dir);
        JournalPair.Side runs = pair.side("runs", false);
        JournalPair.Side single = pair.side("single", false);
        List<List<Reading>> batches = List.of(
                // two clean runs and a remainder of five
                range(1, 45),
                // a run with a reading sent before, again with another time (k3); one with the same reading twice
                withAt(withAt(range(46, 90), 4, reading("k3", T0.plusSeconds(660), T0.plusSeconds(60))),
                        27, onTime(70)),
                // a run of late readings, measured before the exam, ahead of the device's clock; bound: uploads queued
                timings(100, 40));
        List<String> examIds = new ArrayList<>();
        List<Integer> storedByRuns = new ArrayList<>();
        for (JournalPair.Side s : List.of(runs, single)) {
            for (int b = 0; b < batches.size(); b++) {
                if (b == 2) {
                    examIds.add(s.exams().open("room-1", null, PATIENT, null, Duration.ofHours(4)).join().id());
                }
                if (s == runs) {
                    storedByRuns.add(s.append(List.of(input(batches.get(b)))).stored());
                } else {
                    batches.get(b).forEach(r -> s.append(List.of(input(r))));
                }
            }
        }

        assertThat(storedByRuns).containsExactly(45, 43, 40);
        assertThat(rowsWithIds(runs, examIds.get(0))).hasSize(128).isEqualTo(rowsWithIds(single, examIds.get(1)));
        assertThat(runs.deviceClock()).isEqualTo(single.deviceClock());
        assertThat(queuedReadings(runs)).isEqualTo(queuedReadings(single)).hasSizeGreaterThanOrEqualTo(10);
    }

    /** Readings {@code from}..{@code to} seconds after 10:15, on time. */
    private static List<Reading> range(int from, int to) {
        List<Reading> out = new ArrayList<>();
        for (int s = from; s <= to; s++) {
            out.add(onTime(s));
        }
        return out;
    }

    private static List<Reading> withAt(List<Reading> readings, int index, Reading instead) {
        List<Reading> out = new ArrayList<>(readings);
        out.set(index, instead);
        return out;
    }

    /** {@code n} readings from {@code from} s: on time, 30 s late, measured an hour before, or 300 s ahead. */
    private static List<Reading> timings(int from, int n) {
        List<Reading> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Instant received = T0.plusSeconds(from + i);
            Instant measured = switch (i % 4) {
                case 0 -> received.minusMillis(40);
                case 1 -> received.minusSeconds(30);
                case 2 -> received.minusSeconds(3600);
                default -> received.plusSeconds(300);
            };
            out.add(reading("t" + (from + i), measured, received));
        }
        return out;
    }

    private static List<String> rowsWithIds(JournalPair.Side side, String examId) {
        List<Long> ids = side.journal().readings(new Journal.ReadingQuery(1000, "bp-1", null, null)).reversed()
                .stream().map(StoredReading::id).toList();
        List<String> rows = side.stored(examId);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            out.add(ids.get(i) + " | " + rows.get(i));
        }
        return out;
    }

    private static List<String> queuedReadings(JournalPair.Side side) {
        return side.db().read(c -> {
            List<String> out = new ArrayList<>();
            try (var ps = c.prepareStatement("SELECT reading_id, state FROM outbox WHERE kind = 'READING' ORDER BY id");
                    var rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getLong(1) + " " + rs.getString(2));
                }
            }
            return out;
        });
    }
}
