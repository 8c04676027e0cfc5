package org.smartclinic.gateway.live;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import org.junit.jupiter.api.Test;
import org.smartclinic.drivers.Code;

/** The live frames' JSON: compact (no null or empty fields), written once per event, waveform gaps kept. */
class LiveFramesTest {

    private final ObjectMapper api = new ObjectMapper().findAndRegisterModules()
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    private final LiveFrames frames = new LiveFrames(api);

    private static LiveViews.ExamReading reading() {
        LiveViews.ValueLive pulse = new LiveViews.ValueLive(Code.LOINC, "8867-4", "Heart rate", new BigDecimal("72"),
                "/min", null, List.of(), null);
        LiveViews.BindingLive binding = new LiveViews.BindingLive("BOUND", "exam-1", null,
                Instant.parse("2026-12-04T10:00:00Z"), null, "");
        return new LiveViews.ExamReading(7, "bp-1", "room-1", "k-7", null, Instant.parse("2026-12-04T10:00:01Z"),
                List.of(pulse), binding, new LiveViews.UploadLive("PENDING", null));
    }

    private JsonNode frame(LiveEvent e) throws Exception {
        return api.readTree(frames.frame(new LiveOutbox.Queued(e, 0, 0, 1)));
    }

    private static LiveEvent reading(long seq) {
        return new LiveEvent(seq, LiveEvent.examKey("exam-1"), LiveEvent.READING, Instant.EPOCH, reading());
    }

    @Test
    void frame_reading_leavesOutNullAndEmptyFields_namesTheReadingsDevice() throws Exception {
        JsonNode f = frame(new LiveEvent(5, LiveEvent.examKey("exam-1"), LiveEvent.READING, Instant.EPOCH, reading()));

        assertThat(f.get("seq").asLong()).isEqualTo(5);
        assertThat(f.get("device").asText()).as("the reading's device, for an exam's event").isEqualTo("bp-1");
        JsonNode data = f.get("data");
        assertThat(data.fieldNames()).toIterable()
                .containsExactly("id", "device", "station", "key", "receivedAt", "values", "binding", "upload");
        JsonNode value = data.get("values").get(0);
        assertThat(value.get("value").decimalValue()).isEqualByComparingTo("72");
        assertThat(value.fieldNames()).toIterable().containsExactly("system", "code", "display", "value", "unit");
        assertThat(data.get("binding").fieldNames()).as("no held exam, time note or empty sample id").toIterable()
                .containsExactly("state", "examId", "effectiveTime");
        assertThat(data.at("/upload/state").asText()).isEqualTo("PENDING");
        assertThat(data.at("/upload").has("lastError")).isFalse();
    }

    @Test
    void frame_waveform_keepsAnInvalidSampleAsNull() throws Exception {
        LiveViews.WaveformView w = new LiveViews.WaveformView("pleth", 3, Instant.EPOCH, 8000, 0,
                List.of(new LiveViews.ChannelView("150452", "urn:iso:std:iso:11073:10101", "", 1.0,
                        new Integer[] {10, null, 12})));
        JsonNode f = frame(new LiveEvent(9, "ox-1", LiveEvent.WAVEFORM, Instant.EPOCH, w));

        assertThat(f.at("/data/channels/0/samples").toString()).isEqualTo("[10,null,12]");
        assertThat(f.at("/data/gapBefore").asInt(-1)).as("zero kept").isZero();
    }

    @Test
    void frame_sameEventTwice_isTheSameBytes() {
        LiveEvent e = reading(11);
        byte[] first = frames.frame(new LiveOutbox.Queued(e, 0, 0, 1));

        assertThat(frames.frame(new LiveOutbox.Queued(e, 0, 0, 1))).isSameAs(first);
    }

    @Test
    void message_severalEvents_isAJsonArrayOfTheirFrames_oneEventIsTheFrameAlone() throws Exception {
        List<LiveOutbox.Queued> three = List.of(queued(reading(1)), queued(reading(2)), queued(reading(3)));

        JsonNode array = api.readTree(frames.message(three).getBytes());
        assertThat(array.isArray()).isTrue();
        assertThat(array).extracting(n -> n.get("seq").asLong()).containsExactly(1L, 2L, 3L);
        assertThat(array.get(1)).isEqualTo(api.readTree(frames.frame(three.get(1))));
        assertThat(frames.message(List.of(queued(reading(4)))).getBytes())
                .isEqualTo(frames.frame(queued(reading(4))));
    }

    @Test
    void message_theSameEventsForAnotherViewer_areTheSameBytes_otherEventsAreNot() {
        var first = frames.message(List.of(queued(reading(1)), queued(reading(2)), queued(reading(5))));

        assertThat(frames.message(List.of(queued(reading(1)), queued(reading(2)), queued(reading(5)))))
                .as("built once for all viewers taking these events").isSameAs(first);
        var other = frames.message(List.of(queued(reading(1)), queued(reading(3)), queued(reading(5))));
        assertThat(other).as("same first, last and count, another event between").isNotSameAs(first);
        assertThat(other.toString()).contains("\"seq\":3").doesNotContain("\"seq\":2");
    }

    @Test
    void message_withAThinnedWaveform_isBuiltForItsViewer_withItsOwnCounts() throws Exception {
        LiveViews.WaveformView w = new LiveViews.WaveformView("pleth", 3, Instant.EPOCH, 8000, 0,
                List.of(new LiveViews.ChannelView("150452", "urn:iso:std:iso:11073:10101", "", 1.0,
                        new Integer[] {10, 11})));
        LiveEvent e = new LiveEvent(9, "ox-1", LiveEvent.WAVEFORM, Instant.EPOCH, w);
        var thinned = List.of(new LiveOutbox.Queued(e, 0, 3, 4));

        JsonNode f = api.readTree(frames.message(thinned).getBytes());
        assertThat(f.get("downsampled").asInt()).isEqualTo(4);
        assertThat(f.get("skipped").asInt()).isEqualTo(3);
        assertThat(frames.message(thinned)).as("a thinned waveform's counts are its viewer's own").isNotSameAs(
                frames.message(thinned));
        assertThat(api.readTree(frames.message(List.of(queued(e))).getBytes()).has("downsampled")).isFalse();
    }

    private static LiveOutbox.Queued queued(LiveEvent e) {
        return new LiveOutbox.Queued(e, 0, 0, 1);
    }
}
