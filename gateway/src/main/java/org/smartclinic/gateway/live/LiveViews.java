package org.smartclinic.gateway.live;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

import org.smartclinic.drivers.Code;
import org.smartclinic.drivers.DeviceStatus;
import org.smartclinic.drivers.Measurement;
import org.smartclinic.drivers.Reading;
import org.smartclinic.drivers.StreamedWaveform;
import org.smartclinic.drivers.Value;

/** The JSON shapes of live events. */
public final class LiveViews {

    private LiveViews() {
    }

    /**
     * A waveform chunk: channels of samples; a sample the device marked invalid is null, and {@code gapBefore}
     * samples are missing before the chunk (draw a gap, never a line across it).
     */
    public record WaveformView(String stream, long chunk, Instant start, long periodMicros, int gapBefore,
            List<ChannelView> channels) {

        public static WaveformView of(StreamedWaveform w) {
            return new WaveformView(w.stream(), w.sequence(), w.start(), w.periodMicros(), w.gapBefore(),
                    w.channels().stream().map(ChannelView::of).toList());
        }
    }

    /** One channel of a chunk. */
    public record ChannelView(String code, String system, String unit, double factor, Integer[] samples) {

        static ChannelView of(StreamedWaveform.Channel c) {
            Integer[] samples = Arrays.stream(c.samples()).mapToObj(s -> s == StreamedWaveform.INVALID ? null : s)
                    .toArray(Integer[]::new);
            return new ChannelView(c.code().code(), c.code().system(), c.unit(), c.factor(), samples);
        }
    }

    /** A reading as it was journaled (before any binding or upload). */
    public record ReadingLive(String key, Instant deviceTime, Instant receivedAt, List<ValueLive> values) {

        public static ReadingLive of(Reading r) {
            return new ReadingLive(r.key(), r.deviceTime(), r.receivedAt(),
                    r.measurements().stream().map(ValueLive::of).toList());
        }
    }

    /** One result: LOINC code and display when known, the value as the device sent it, or components. */
    public record ValueLive(String code, String display, BigDecimal value, String unit, String text,
            List<ValueLive> components) {

        static ValueLive of(Measurement m) {
            Code code = m.code(Code.LOINC).orElse(m.deviceCode());
            BigDecimal number = m.value() instanceof Value.Quantity q ? q.value() : null;
            String unit = m.value() instanceof Value.Quantity q ? q.unit() : null;
            String text = switch (m.value()) {
                case Value.Text t -> t.text();
                case Value.Coded c -> c.code().display().isEmpty() ? c.code().code() : c.code().display();
                case null, default -> null;
            };
            return new ValueLive(code.code(), code.display(), number, unit, text,
                    m.components().stream().map(ValueLive::of).toList());
        }
    }

    /** What the device says about itself. */
    public record StatusLive(String state, String text) {

        public static StatusLive of(DeviceStatus s) {
            return new StatusLive(s.state().name(), s.text());
        }
    }
}
