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
