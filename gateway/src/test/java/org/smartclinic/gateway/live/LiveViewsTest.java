package org.smartclinic.gateway.live;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.smartclinic.drivers.Code;
import org.smartclinic.drivers.LabResult;
import org.smartclinic.drivers.Measurement;
import org.smartclinic.drivers.Reading;
import org.smartclinic.drivers.Value;
import org.smartclinic.drivers.instrument.bp.bpm200.Bpm200DriverFactory;
import org.smartclinic.drivers.instrument.bp.bpm200.Bpm200Protocol;
import org.smartclinic.drivers.spi.DriverContext;
import org.smartclinic.drivers.spi.Outcome;
import org.smartclinic.drivers.spi.StreamDriver;
import org.smartclinic.gateway.binding.BindingRule;
import org.smartclinic.gateway.binding.BindingState;
import org.smartclinic.gateway.journal.StoredReading;

/** The live exam event's reading: the main code of each result with its display, values, lab detail, state. */
class LiveViewsTest {

    private static final Instant RECEIVED = Instant.parse("2026-12-04T10:00:00Z");

    /** A real BPM-200 frame through its driver: a panel of three pressures and a pulse rate. */
    private static Reading bloodPressure() {
        byte[] frame = Bpm200Protocol.frame(Bpm200Protocol.measurementBody(42, LocalDateTime.of(2026, 12, 4, 9, 59),
                "128", "82", "97", "71", "mmHg"));
        StreamDriver driver = new Bpm200DriverFactory().create(DriverContext.of("bp-1", ZoneId.of("UTC")));
        return ((Outcome.Accepted) driver.decode(frame, 0, frame.length, RECEIVED).getFirst()).readings().getFirst();
    }

    private static StoredReading unassigned(Reading r) {
        return new StoredReading(12, "room-1", RECEIVED, r, null,
                new StoredReading.Binding(BindingState.UNASSIGNED, BindingRule.NONE, "no exam open", null, 1, null,
                        null), null, 3L);
    }

    @Test
    void examReading_bloodPressure_loincCodesWithDisplays_componentsAndValuesAsSent() {
        LiveViews.ExamReading view = LiveViews.ExamReading.of(unassigned(bloodPressure()));

        assertThat(view.id()).isEqualTo(12);
        assertThat(view.device()).isEqualTo("bp-1");
        assertThat(view.values()).extracting(LiveViews.ValueLive::code).containsExactly("85354-9", "8867-4");
        assertThat(view.values()).allSatisfy(v -> assertThat(v.system()).isEqualTo(Code.LOINC));
        LiveViews.ValueLive panel = view.values().getFirst();
        assertThat(panel.components()).extracting(LiveViews.ValueLive::code)
                .containsExactly("8480-6", "8462-4", "8478-0");
        assertThat(panel.components().getFirst().display()).isEqualTo("Systolic blood pressure");
        assertThat(panel.components()).extracting(LiveViews.ValueLive::value)
                .usingElementComparator(BigDecimal::compareTo)
                .containsExactly(new BigDecimal("128"), new BigDecimal("82"), new BigDecimal("97"));
        assertThat(panel.components().getFirst().unit()).isEqualTo("mmHg");
        assertThat(view.values().get(1).value()).isEqualByComparingTo("71");
    }

    @Test
    void examReading_unassigned_notUploaded_noExam_timeFromTheReading() {
        Reading r = bloodPressure();
        LiveViews.ExamReading view = LiveViews.ExamReading.of(unassigned(r));

        assertThat(view.binding().state()).isEqualTo("UNASSIGNED");
        assertThat(view.binding().examId()).isNull();
        assertThat(view.binding().effectiveTime()).isEqualTo(r.effectiveTime()).isNotNull();
        assertThat(view.upload()).isEqualTo(new LiveViews.UploadLive("NOT_UPLOADED", null));
    }

    @Test
    void valueLive_labResultWithoutLoinc_firstCodeAndLabDetailKept_codedAnswerAsItsDisplay() {
        Code local = new Code("urn:lab:local", "CRP-X", "C-reactive protein (local)");
        LabResult lab = new LabResult(null, List.of("H"), List.of(), LabResult.Status.FINAL, "haemolysed");
        Measurement crp = Measurement.lab(new Code("urn:device", "CRP", ""), List.of(local),
                new Value.Quantity(new BigDecimal("12.5"), "mg/L"), lab);
        Measurement urine = Measurement.of(new Code("urn:device", "NIT", "Nitrite"), List.of(),
                new Value.Coded(new Code("http://snomed.info/sct", "260385009", "Negative")));

        LiveViews.ValueLive c = LiveViews.ValueLive.of(crp);
        LiveViews.ValueLive u = LiveViews.ValueLive.of(urine);

        assertThat(c.system()).isEqualTo("urn:lab:local");
        assertThat(c.code()).isEqualTo("CRP-X");
        assertThat(c.lab()).isSameAs(lab);
        assertThat(u.code()).as("no code but the device's").isEqualTo("NIT");
        assertThat(u.text()).isEqualTo("Negative");
        assertThat(u.value()).isNull();
    }
}
