package org.smartclinic.gateway.live;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

import org.smartclinic.drivers.Code;
import org.smartclinic.drivers.DeviceStatus;
import org.smartclinic.drivers.LabResult;
import org.smartclinic.drivers.Measurement;
import org.smartclinic.drivers.Reading;
import org.smartclinic.drivers.StreamedWaveform;
import org.smartclinic.drivers.Value;
import org.smartclinic.gateway.journal.StoredReading;

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

    /**
     * One result: its main code (LOINC, else its first code, else the device's own) with its display, the value
     * as the device sent it (a coded answer as its display, else its code, in {@code text}), or components; for
     * a laboratory result also its reference range, flags, interpretation, status and note ({@code lab}).
     */
    public record ValueLive(String system, String code, String display, BigDecimal value, String unit, String text,
            List<ValueLive> components, LabResult lab) {

        static ValueLive of(Measurement m) {
            Code code = m.code(Code.LOINC).or(() -> m.codes().stream().findFirst()).orElse(m.deviceCode());
            BigDecimal number = m.value() instanceof Value.Quantity q ? q.value() : null;
            String unit = m.value() instanceof Value.Quantity q ? q.unit() : null;
            String text = switch (m.value()) {
                case Value.Text t -> t.text();
                case Value.Coded c -> c.code().display().isEmpty() ? c.code().code() : c.code().display();
                case null, default -> null;
            };
            return new ValueLive(code.system(), code.code(), code.display(), number, unit, text,
                    m.components().stream().map(ValueLive::of).toList(), m.lab());
        }
    }

    /**
     * A journaled reading as an exam's live viewers see it: what its tiles show, a third of the REST API's
     * reading view ({@code GET /api/readings/{id}} has all its codes, the binding's rule and evidence, the
     * patient and the capture). Ten viewers of a busy exam are sent every byte of it ten times.
     */
    public record ExamReading(long id, String device, String station, String key, Instant deviceTime,
            Instant receivedAt, List<ValueLive> values, BindingLive binding, UploadLive upload) {

        public static ExamReading of(StoredReading s) {
            Reading r = s.reading();
            StoredReading.Binding b = s.binding();
            BindingLive binding = new BindingLive(b.state().name(), s.exam() == null ? null : s.exam().id(),
                    b.heldExam(), s.effectiveTime(), b.timeNote(), r.sampleId());
            UploadLive upload = new UploadLive(s.uploadState(), s.upload() == null ? null : s.upload().lastError());
            return new ExamReading(s.id(), r.deviceId(), s.station(), r.key(), r.deviceTime(), r.receivedAt(),
                    r.measurements().stream().map(ValueLive::of).toList(), binding, upload);
        }
    }

    /** How a live reading stands with a patient: as in the REST view, without the rule, evidence and patient. */
    public record BindingLive(String state, String examId, String heldExam, Instant effectiveTime, String timeNote,
            String sampleId) {
    }

    /** How far a live reading's delivery got, and the EHR's refusal (PHI-scrubbed) if it refused it. */
    public record UploadLive(String state, String lastError) {
    }

    /** What the device says about itself. */
    public record StatusLive(String state, String text) {

        public static StatusLive of(DeviceStatus s) {
            return new StatusLive(s.state().name(), s.text());
        }
    }
}
