package org.smartclinic.gateway.binding;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.smartclinic.drivers.Code;
import org.smartclinic.drivers.Measurement;
import org.smartclinic.drivers.Reading;
import org.smartclinic.drivers.Value;

/** The binder's rules one by one, on facts given directly (the property test runs them on the real journal). */
class BinderTest {

    static final Instant T = Instant.parse("2026-03-02T10:00:00Z");
    final Binder binder = new Binder(Duration.ofSeconds(5));
    final Facts facts = new Facts();

    static final class Facts implements Binder.Facts {
        final List<Binder.ExamSpan> exams = new ArrayList<>();
        final Map<String, Binder.ExamSpan> samples = new HashMap<>();
        List<String> stations = List.of("room-1");
        Set<String> patientIds = Set.of(Binder.normalise("123-456-789 00"));
        boolean confirm;

        @Override
        public List<String> stationsOf(String deviceId, Instant from, Instant to) {
            return stations;
        }

        @Override
        public List<Binder.ExamSpan> examsAt(String station, Instant from, Instant to) {
            return exams.stream().filter(e -> e.station().equals(station)).toList();
        }

        @Override
        public Optional<Binder.ExamSpan> examOfSample(String sampleId) {
            return Optional.ofNullable(samples.get(sampleId));
        }

        @Override
        public Set<String> patientIdentifiers(String examId) {
            return patientIds;
        }

        @Override
        public boolean confirmFirst(String station) {
            return confirm;
        }
    }

    static Reading reading(String sample, String patientId) {
        return new Reading("bp-1", "k1", T, T, List.of(Measurement.of(Code.deviceCode("x", "PR", "Pulse"),
                List.of(new Code(Code.LOINC, "8867-4", "Heart rate")), new Value.Quantity(BigDecimal.TEN, "/min"))),
                null, sample, patientId);
    }

    static DeviceClock.Timing between(Instant from, Instant to) {
        return new DeviceClock.Timing(from, to, to, "device", null);
    }

    Binder.ExamSpan exam(String id, Instant open, Instant end) {
        Binder.ExamSpan e = new Binder.ExamSpan(id, "room-1", open, end);
        facts.exams.add(e);
        return e;
    }

    @Test
    void decide_intervalInsideOneExam_bindsByStationAndTime() {
        exam("e1", T.minusSeconds(600), T.plusSeconds(600));

        Binder.Decision d = binder.decide(reading(null, null), between(T.minusSeconds(5), T), facts);

        assertThat(d.state()).isEqualTo(BindingState.BOUND);
        assertThat(d.rule()).isEqualTo(BindingRule.STATION_TIME);
        assertThat(d.examId()).isEqualTo("e1");
        assertThat(d.evidence()).contains("e1").contains("room-1");
    }

    @Test
    void decide_intervalAcrossTheOpening_isHeldNotBound() {
        exam("e1", T.minusSeconds(2), T.plusSeconds(600));

        Binder.Decision d = binder.decide(reading(null, null), between(T.minusSeconds(5), T), facts);

        assertThat(d.state()).isEqualTo(BindingState.HELD);
        assertThat(d.evidence()).contains("partly outside exam e1");
    }

    @Test
    void decide_intervalReachingTwoExams_isHeld() {
        exam("e1", T.minusSeconds(600), T.minusSeconds(3));
        exam("e2", T.minusSeconds(1), T.plusSeconds(600));

        assertThat(binder.decide(reading(null, null), between(T.minusSeconds(5), T), facts).state())
                .isEqualTo(BindingState.HELD);
    }

    @Test
    void decide_noExam_isUnassigned() {
        exam("e1", T.minusSeconds(600), T.minusSeconds(60));

        Binder.Decision d = binder.decide(reading(null, null), between(T.minusSeconds(5), T), facts);

        assertThat(d.state()).isEqualTo(BindingState.UNASSIGNED);
        assertThat(d.rule()).isEqualTo(BindingRule.NONE);
    }

    @Test
    void decide_unknownStart_bindsNothingByTime() {
        exam("e1", T.minusSeconds(600), T.plusSeconds(600));

        assertThat(binder.decide(reading(null, null), new DeviceClock.Timing(null, T, T, "received", "jumped"), facts)
                .state()).isEqualTo(BindingState.HELD);
    }

    @Test
    void decide_deviceMovedAroundTheMeasurement_isHeld() {
        exam("e1", T.minusSeconds(600), T.plusSeconds(600));
        facts.stations = List.of("room-2", "room-1");

        Binder.Decision d = binder.decide(reading(null, null), between(T.minusSeconds(5), T), facts);

        assertThat(d.state()).isEqualTo(BindingState.HELD);
        assertThat(d.evidence()).contains("moved");
    }

    @Test
    void decide_sampleIssuedForClosedExam_bindsToIt() {
        facts.samples.put("1234567897", new Binder.ExamSpan("old", "room-3", T.minusSeconds(7200),
                T.minusSeconds(3600)));

        Binder.Decision d = binder.decide(reading("1234567897", null), between(T.minusSeconds(5), T), facts);

        assertThat(d.state()).isEqualTo(BindingState.BOUND);
        assertThat(d.rule()).isEqualTo(BindingRule.SAMPLE_ID);
        assertThat(d.examId()).isEqualTo("old");
    }

    @Test
    void decide_unknownSample_isUnassignedEvenWithAnExamOpen() {
        exam("e1", T.minusSeconds(600), T.plusSeconds(600));

        Binder.Decision d = binder.decide(reading("9999", null), between(T.minusSeconds(5), T), facts);

        assertThat(d.state()).isEqualTo(BindingState.UNASSIGNED);
        assertThat(d.evidence()).contains("not issued");
    }

    @Test
    void decide_devicePatientId_bindsOnlyWhenItMatches() {
        exam("e1", T.minusSeconds(600), T.plusSeconds(600));

        Binder.Decision match = binder.decide(reading(null, "12345678900"), between(T.minusSeconds(5), T), facts);
        Binder.Decision mismatch = binder.decide(reading(null, "99945678900"), between(T.minusSeconds(5), T), facts);

        assertThat(match.state()).isEqualTo(BindingState.BOUND);
        assertThat(mismatch.state()).isEqualTo(BindingState.HELD);
        assertThat(mismatch.evidence()).contains("matches none").doesNotContain("99945678900");
    }

    @Test
    void decide_stationConfirmsFirst_waitsForReview() {
        exam("e1", T.minusSeconds(600), T.plusSeconds(600));
        facts.confirm = true;

        assertThat(binder.decide(reading(null, null), between(T.minusSeconds(5), T), facts).state())
                .isEqualTo(BindingState.REVIEW);
    }
}
