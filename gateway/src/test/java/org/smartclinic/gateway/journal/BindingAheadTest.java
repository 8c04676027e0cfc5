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
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.smartclinic.fhir.PatientIdentifier;

/**
 * Readings judged on their device's thread ahead of the writer ({@link BindingAhead}) are stored exactly as the
 * writer alone would store them: each case runs on two real journals, one as the gateway runs it and one where a
 * probe write before every append makes the writer judge every reading itself, and compares what they stored.
 */
class BindingAheadTest {

    private static final PatientIdentifier PATIENT = new PatientIdentifier("urn:oid:1.2.643.100.3", "123-456-789 00");

    @TempDir
    Path dir;

    private JournalPair pair;

    @BeforeEach
    void pair() {
        pair = new JournalPair(dir);
    }

    @AfterEach
    void close() {
        pair.close();
    }

    /**
     * On time, late, measured before the exam opened, with a clock running ahead, a duplicate resent with another
     * time among new readings: the same bindings, times, notes and clock as the writer alone gives. The duplicate's
     * time would lower the clock's estimate had it been counted, which shifts every later reading's evidence: the
     * readings after it must be judged by the writer, not taken from their device's thread.
     */
    @Test
    void appends_ofEveryKindOfTiming_storeWhatTheWriterAloneStores() {
        JournalPair.Side ahead = pair.side("ahead", false);
        JournalPair.Side alone = pair.side("alone", true);
        List<List<Journal.Input>> batches = List.of(
                List.of(input(onTime(1), onTime(2), onTime(3), onTime(4), onTime(5))),
                List.of(input(onTime(6), onTime(7)), input(onTime(8), onTime(9), onTime(10),
                        reading("late", T0.plusSeconds(11), T0.plusSeconds(41)))),
                List.of(input(reading("before-exam", Instant.parse("2026-11-23T09:50:00Z"), T0.plusSeconds(50)),
                        reading("clock-ahead", T0.plusSeconds(400), T0.plusSeconds(52)), onTime(53), onTime(54))),
                List.of(input(reading("k3", T0.plusSeconds(660), T0.plusSeconds(60)), onTime(61), onTime(62))),
                List.of(input(onTime(70), onTime(71), onTime(72))));
        List<String> examIds = new ArrayList<>();
        for (JournalPair.Side s : List.of(ahead, alone)) {
            examIds.add(s.exams().open("room-1", null, PATIENT, null, Duration.ofHours(4)).join().id());
            batches.forEach(s::append);
        }

        assertThat(ahead.stored(examIds.get(0))).hasSize(20).isEqualTo(alone.stored(examIds.get(1)));
        assertThat(ahead.deviceClock()).isEqualTo(alone.deviceClock());
        // the first batch: nothing known of the device yet; the second, third and fifth: all (6, 4, 3); the fourth:
        // none (the duplicate left the clock as it was, so the readings after it were judged from another clock)
        assertThat(ahead.db().activity().judgedAhead()).isEqualTo(6 + 4 + 3);
        assertThat(alone.db().activity().judgedAhead()).isZero();
    }

    /**
     * Readings judged ahead from what the writer knew before an exam opened are judged again by the writer: they
     * bind to the exam. The next batch, judged from what it knew after, is taken as judged.
     */
    @Test
    void append_afterAnExamOpenedSinceTheDevicesLastReadings_bindsToTheExam() {
        JournalPair.Side ahead = pair.side("ahead", false);
        ahead.append(List.of(input(onTime(1), onTime(2))));
        Exam exam = ahead.exams().open("room-1", null, PATIENT, null, Duration.ofHours(4)).join();
        ahead.append(List.of(input(onTime(3), onTime(4))));
        long afterOpening = ahead.db().activity().judgedAhead();
        ahead.append(List.of(input(onTime(5), onTime(6))));

        assertThat(ahead.journal().readings(new Journal.ReadingQuery(10, "bp-1", null, null)).reversed()).extracting(
                r -> r.reading().key() + " " + r.binding().state() + " " + (r.exam() == null ? null : r.exam().id()))
                .containsExactly("k1 UNASSIGNED null", "k2 UNASSIGNED null", "k3 BOUND " + exam.id(),
                        "k4 BOUND " + exam.id(), "k5 BOUND " + exam.id(), "k6 BOUND " + exam.id());
        assertThat(afterOpening).isZero();
        assertThat(ahead.db().activity().judgedAhead()).isEqualTo(2);
    }
}
