package org.smartclinic.gateway.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.smartclinic.drivers.Code;
import org.smartclinic.drivers.LabResult;
import org.smartclinic.drivers.Measurement;
import org.smartclinic.drivers.Reading;
import org.smartclinic.drivers.Value;
import org.smartclinic.drivers.Waveform;

class ReadingCodecTest {

    private static final Instant AT = Instant.parse("2026-12-03T10:15:30.123Z");

    @Test
    void labResultsAndPanelSurviveTheJournalExactly() {
        Code hi = new Code(LabResult.INTERPRETATION_SYSTEM, "H", "High");
        Measurement ldl = Measurement.lab(Code.deviceCode("lp100", "LDL", "LDL"),
                List.of(new Code(Code.LOINC, "18262-6", "LDL Cholesterol")),
                new Value.Quantity(new BigDecimal("4.10"), "mmol/L"),
                new LabResult(new LabResult.Range(null, new BigDecimal("3.00"), "mmol/L", "<3.00"), List.of("H"),
                        List.of(hi), LabResult.Status.CORRECTED, "corrected by the analyzer"));
        Measurement glu = Measurement.lab(Code.deviceCode("lp100", "GLU", ""), List.of(), new Value.Text("++"),
                new LabResult(null, List.of(), List.of(), LabResult.Status.PRELIMINARY, null));
        Reading reading = new Reading("lab-1", "S123/20261203101530", AT, AT, List.of(ldl, glu), null, "S123",
                null, List.of(new Code(Code.LOINC, "57698-3", "Lipid panel")));

        Reading back = ReadingCodec.fromJson(ReadingCodec.toJson(reading));

        assertThat(back).usingRecursiveComparison().isEqualTo(reading);
        assertThat(back.measurements().get(0).lab().range().high()).isEqualByComparingTo("3.00")
                .hasToString("3.00");
        assertThat(back.measurements().get(0).lab().range().low()).isNull();
    }

    /**
     * The stored form, byte for byte, of a reading with every kind of field: it is what journals on disk hold, so
     * a change to the writer must keep it (this text was written by the tree-based writer before 2026-12-04).
     */
    @Test
    void toJson_everyKindOfField_theStoredFormExactly() {
        Measurement bp = Measurement.panel(Code.deviceCode("bpm200", "BP", "Blood pressure"),
                List.of(new Code(Code.LOINC, "85354-9", "Blood pressure panel")), List.of(
                        Measurement.of(Code.deviceCode("bpm200", "SYS", ""), List.of(new Code(Code.LOINC, "8480-6",
                                "Systolic \"blood\" pressure")), new Value.Quantity(new BigDecimal("128.0"), "mm[Hg]")),
                        Measurement.of(Code.deviceCode("bpm200", "POS", ""), List.of(),
                                new Value.Coded(new Code("urn:x", "sitting", "Sitting / ÿ")))));
        Measurement crp = Measurement.lab(Code.deviceCode("lp100", "CRP", "CRP"), List.of(), new Value.Text("<5"),
                new LabResult(new LabResult.Range(new BigDecimal("0"), null, "mg/L", ""), List.of("N", "A"),
                        List.of(), LabResult.Status.FINAL, "line1\nline2"));
        Waveform pleth = new Waveform(new Code("urn:iso:std:iso:11073:10101", "150452", "Pleth"), "1", 12.5, 0.01,
                new int[] {0, -3, 2147483647});
        Reading reading = new Reading("ox-1", "k/1", AT, Instant.parse("2026-12-03T10:15:31Z"), List.of(bp, crp),
                pleth, null, "P-1", List.of(new Code(Code.LOINC, "1-8", "")));

        String json = ReadingCodec.toJson(reading);

        assertThat(json).isEqualTo(
                "{\"deviceId\":\"ox-1\",\"key\":\"k/1\",\"deviceTime\":\"2026-12-03T10:15:30.123Z\",\"receive"
                + "dAt\":\"2026-12-03T10:15:31Z\",\"measurements\":[{\"deviceCode\":{\"system\":\"urn:smartclin"
                + "ic:device-code:bpm200\",\"code\":\"BP\",\"display\":\"Blood pressure\"},\"codes\":[{\"system"
                + "\":\"http://loinc.org\",\"code\":\"85354-9\",\"display\":\"Blood pressure panel\"}],\"compon"
                + "ents\":[{\"deviceCode\":{\"system\":\"urn:smartclinic:device-code:bpm200\",\"code\":\"SYS\","
                + "\"display\":\"\"},\"codes\":[{\"system\":\"http://loinc.org\",\"code\":\"8480-6\",\"display"
                + "\":\"Systolic \\\"blood\\\" pressure\"}],\"value\":{\"type\":\"quantity\",\"value\":\"128.0"
                + "\",\"unit\":\"mm[Hg]\"},\"components\":[]},{\"deviceCode\":{\"system\":\"urn:smartclinic:dev"
                + "ice-code:bpm200\",\"code\":\"POS\",\"display\":\"\"},\"codes\":[],\"value\":{\"type\":\"code"
                + "d\",\"code\":{\"system\":\"urn:x\",\"code\":\"sitting\",\"display\":\"Sitting / ÿ\"}},\"comp"
                + "onents\":[]}]},{\"deviceCode\":{\"system\":\"urn:smartclinic:device-code:lp100\",\"code\":\""
                + "CRP\",\"display\":\"CRP\"},\"codes\":[],\"value\":{\"type\":\"text\",\"text\":\"<5\"},\"comp"
                + "onents\":[],\"lab\":{\"range\":{\"low\":\"0\",\"high\":null,\"unit\":\"mg/L\",\"text\":\"\"}"
                + ",\"deviceFlags\":[\"N\",\"A\"],\"interpretations\":[],\"status\":\"FINAL\",\"note\":\"line1"
                + "\\nline2\"}}],\"waveform\":{\"code\":{\"system\":\"urn:iso:std:iso:11073:10101\",\"code\":\""
                + "150452\",\"display\":\"Pleth\"},\"unit\":\"1\",\"periodMillis\":12.5,\"factor\":0.01,\"sampl"
                + "es\":[0,-3,2147483647]},\"sampleId\":null,\"devicePatientId\":\"P-1\",\"panel\":[{\"system\""
                + ":\"http://loinc.org\",\"code\":\"1-8\",\"display\":\"\"}]}");
        assertThat(ReadingCodec.fromJson(json)).usingRecursiveComparison().isEqualTo(reading);
    }

    /** The text buffer a thread reuses holds nothing of the reading before, however long that one was. */
    @Test
    void toJson_aLongWaveformThenAPulse_eachItsOwnTextOnly() {
        Measurement pulse = Measurement.of(Code.deviceCode("ox300", "PR", "Pulse"),
                List.of(new Code(Code.LOINC, "8867-4", "Heart rate")),
                new Value.Quantity(new BigDecimal("72"), "/min"));
        Waveform ecg = new Waveform(new Code("urn:iso:std:iso:11073:10101", "131329", "ECG I"), "mV", 2, 0.001,
                new int[30_000]);
        Reading strip = new Reading("ecg-1", "strip", AT, AT, List.of(), ecg, null, null, List.of());
        Reading reading = new Reading("ox-1", "p/2", AT, AT, List.of(pulse), null, null, null, List.of());

        String long1 = ReadingCodec.toJson(strip);
        String short1 = ReadingCodec.toJson(reading);
        String long2 = ReadingCodec.toJson(strip);
        String short2 = ReadingCodec.toJson(reading);

        assertThat(long1).hasSizeGreaterThan(60_000).isEqualTo(long2);
        assertThat(short1).hasSizeLessThan(500).isEqualTo(short2).startsWith("{\"deviceId\":\"ox-1\"");
        assertThat(ReadingCodec.fromJson(short1)).usingRecursiveComparison().isEqualTo(reading);
        assertThat(ReadingCodec.fromJson(long1).waveform().samples()).hasSize(30_000);
    }

    @Test
    void readingsWrittenBeforeLabFieldsExistedStillRead() {
        String old = "{\"deviceId\":\"bp-1\",\"key\":\"k1\",\"deviceTime\":null,\"receivedAt\":\"2026-12-03T10:15:30Z\","
                + "\"measurements\":[{\"deviceCode\":{\"system\":\"s\",\"code\":\"SYS\",\"display\":\"\"},"
                + "\"codes\":[],\"value\":{\"type\":\"quantity\",\"value\":\"128\",\"unit\":\"mmHg\"},"
                + "\"components\":[]}],\"sampleId\":null,\"devicePatientId\":null}";

        Reading back = ReadingCodec.fromJson(old);

        assertThat(back.panel()).isEmpty();
        assertThat(back.measurements().get(0).lab()).isNull();
        assertThat(ReadingCodec.toJson(back)).isEqualTo(old);
    }

    @Test
    void anUnknownLabStatusIsRefusedWithAClearText() {
        String json = ReadingCodec.toJson(new Reading("d", "k", null, AT, List.of(Measurement.lab(
                Code.deviceCode("x", "A", ""), List.of(), new Value.Text("neg"), LabResult.plain())), null, null,
                null)).replace("\"FINAL\"", "\"MAYBE\"");

        assertThatThrownBy(() -> ReadingCodec.fromJson(json)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("cannot read");
    }
}
