package org.smartclinic.gateway.live;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.smartclinic.gateway.exam.ExamView;
import org.smartclinic.gateway.journal.Exam;

/** What one exam's stream shows to the GP and to a specialist, and when it ends. */
class ExamStreamScopeTest {

    private static final Instant OPENED = Instant.parse("2026-12-03T10:00:00Z");
    private final Exam exam = new Exam("e1", "room-1", null, "p1", OPENED, null, OPENED.plus(Duration.ofHours(1)),
            null, null, null);
    /** ox-1 is at the exam's station, ox-2 at another. */
    private final Map<String, String> stations = Map.of("ox-1", "room-1", "ox-2", "room-2");

    private ExamStream.Scope scope(ExamStream.Audience audience) {
        return new ExamStream.Scope(exam, audience, stations::get);
    }

    private static LiveEvent event(String key, String kind, Object data) {
        return new LiveEvent(1, key, kind, OPENED, data);
    }

    @Test
    void gp_seesTheExam_theStationsQueue_andTheStationsDevicesWaveformsAndStatus() {
        ExamStream.Scope gp = scope(ExamStream.Audience.GP);

        assertThat(gp.watches(LiveEvent.examKey("e1"))).isTrue();
        assertThat(gp.watches(LiveEvent.stationKey("room-1"))).isTrue();
        assertThat(gp.watches("ox-1")).isTrue();
        assertThat(gp.watches("ox-2")).as("another station's device").isFalse();
        assertThat(gp.watches(LiveEvent.examKey("e2"))).isFalse();
        assertThat(gp.watches(LiveEvent.stationKey("room-2"))).isFalse();
        assertThat(gp.wants(event("ox-1", LiveEvent.WAVEFORM, null))).isTrue();
        assertThat(gp.wants(event("ox-1", LiveEvent.STATUS, null))).isTrue();
        assertThat(gp.wants(event("ox-1", LiveEvent.READING, null)))
                .as("a device's raw reading: the exam's own come under the exam's key, with the binding").isFalse();
    }

    @Test
    void specialist_seesNoQueue_nothingThatIsNotBoundToTheExam() {
        ExamStream.Scope specialist = scope(ExamStream.Audience.SPECIALIST);

        assertThat(specialist.watches(LiveEvent.stationKey("room-1"))).isFalse();
        assertThat(specialist.watches(LiveEvent.examKey("e1"))).isTrue();
        assertThat(specialist.watches("ox-1")).as("the station's waveforms while the exam is open").isTrue();
    }

    @Test
    void examClosed_endsTheStreamWithReasonClosed_andStopsTheDevices() {
        ExamStream.Scope gp = scope(ExamStream.Audience.GP);
        ExamView open = ExamView.of(exam);
        ExamView closed = ExamView.of(new Exam("e1", "room-1", null, "p1", OPENED, OPENED.plusSeconds(600),
                OPENED.plus(Duration.ofHours(1)), null, "ok", null));

        assertThat(gp.endsAfter(event(LiveEvent.examKey("e1"), LiveEvent.EXAM, open))).isNull();
        assertThat(gp.watches("ox-1")).isTrue();
        assertThat(gp.endsAfter(event(LiveEvent.examKey("e1"), LiveEvent.EXAM, closed))).isEqualTo("closed");
        assertThat(gp.watches("ox-1")).isFalse();
    }

    @Test
    void since_fromTheQuery_malformedOrNegativeMeansLiveOnly() {
        assertThat(Since.parse("since=42")).isEqualTo(42);
        assertThat(Since.parse("a=1&since=7&b=2")).isEqualTo(7);
        assertThat(Since.parse(null)).isZero();
        assertThat(Since.parse("since=-3")).isZero();
        assertThat(Since.parse("since=abc")).isZero();
    }
}
