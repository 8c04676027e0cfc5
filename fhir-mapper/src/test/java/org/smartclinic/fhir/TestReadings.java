package org.smartclinic.fhir;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.smartclinic.drivers.Code;
import org.smartclinic.drivers.Measurement;
import org.smartclinic.drivers.Reading;
import org.smartclinic.drivers.Value;

/** Readings, bindings and settings as the BPM-200 driver and the gateway produce them. */
final class TestReadings {

    static final String DRIVER = "bpm200";
    static final String DEVICE_ID = "bpm-1";
    static final String KEY = "20261123101500#0042";
    static final Instant DEVICE_TIME = Instant.parse("2026-11-23T09:15:00Z");
    static final Instant RECEIVED_AT = Instant.parse("2026-11-23T09:15:02.412Z");
    static final Instant OPENED_AT = Instant.parse("2026-11-23T09:05:00Z");

    static final MapperSettings SETTINGS = new MapperSettings("gw-demo-01", MapperSettings.DEFAULT_IDENTIFIER_SYSTEM);
    static final PatientIdentifier PATIENT = new PatientIdentifier("https://example.org/fhir/sid/national-id", "7701-123456");
    static final ExamBinding BINDING = new ExamBinding("exam-0007", "station-2", PATIENT, OPENED_AT);
    /** The same exam with the patient known on the EHR only by reference (found by name and birth date). */
    static final ExamBinding BINDING_BY_REFERENCE = new ExamBinding("exam-0007", "station-2", null, "Patient/123",
            OPENED_AT, 1, null, null);
    static final Instant DECIDED_TIME = Instant.parse("2026-11-23T09:15:02.412Z");
    static final String TIME_NOTE = "device clock 2 h behind: receive time used";
    /** The reading re-assigned after upload to another exam, timed by the gateway because the device clock drifted. */
    static final ExamBinding REASSIGNED = new ExamBinding("exam-0008", "station-2",
            new PatientIdentifier("https://example.org/fhir/sid/national-id", "7702-654321"), null,
            Instant.parse("2026-11-23T09:10:00Z"), 2, DECIDED_TIME, TIME_NOTE);
    static final DeviceInfo DEVICE = new DeviceInfo(DEVICE_ID, DRIVER, "BPM-200 automatic blood pressure monitor",
            "SN-BPM-0042", "station-2");

    private TestReadings() {
    }

    static Code loinc(String code, String display) {
        return new Code(Code.LOINC, code, display);
    }

    static Code mdc(String code, String display) {
        return new Code(Code.MDC, code, display);
    }

    static Code device(String code, String display) {
        return Code.deviceCode(DRIVER, code, display);
    }

    static Value.Quantity quantity(String value, String unit) {
        return new Value.Quantity(new BigDecimal(value), unit);
    }

    /** The BP panel: SYS, DIA and, when {@code map} is not null, MAP. */
    static Measurement bpPanel(String sys, String dia, String map, String unit) {
        List<Measurement> components = new ArrayList<>();
        components.add(Measurement.of(device("SYS", "Systolic"),
                List.of(loinc("8480-6", "Systolic blood pressure"), mdc("150021", "MDC_PRESS_BLD_NONINV_SYS")),
                quantity(sys, unit)));
        components.add(Measurement.of(device("DIA", "Diastolic"),
                List.of(loinc("8462-4", "Diastolic blood pressure"), mdc("150022", "MDC_PRESS_BLD_NONINV_DIA")),
                quantity(dia, unit)));
        if (map != null) {
            components.add(Measurement.of(device("MAP", "Mean"),
                    List.of(loinc("8478-0", "Mean blood pressure"), mdc("150023", "MDC_PRESS_BLD_NONINV_MEAN")),
                    quantity(map, unit)));
        }
        return Measurement.panel(device("BP", "Blood pressure"),
                List.of(loinc("85354-9", "Blood pressure panel with all children optional"),
                        mdc("150020", "MDC_PRESS_BLD_NONINV")),
                components);
    }

    static Measurement pulse(String rate) {
        return Measurement.of(device("PR", "Pulse rate"),
                List.of(loinc("8867-4", "Heart rate"), mdc("149546", "MDC_PULS_RATE_NON_INV")),
                quantity(rate, "bpm"));
    }

    /** {@code $M,0042,20261123101500,128,82,97,71,mmHg} as the driver decodes it. */
    static Reading bpm200() {
        return reading(DEVICE_TIME, List.of(bpPanel("128", "82", "97", "mmHg"), pulse("71")));
    }

    /** The same measurement sent in kPa (one decimal), without MAP. */
    static Reading bpm200Kpa() {
        return reading(DEVICE_TIME, List.of(bpPanel("17.1", "10.9", null, "kPa"), pulse("71")));
    }

    static Reading reading(Instant deviceTime, List<Measurement> measurements) {
        return new Reading(DEVICE_ID, KEY, deviceTime, RECEIVED_AT, measurements, null, null, null);
    }
}
