package org.smartclinic.gateway.it;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

import org.hl7.fhir.r4.model.Bundle;
import org.smartclinic.drivers.Code;
import org.smartclinic.drivers.LabResult;
import org.smartclinic.drivers.Measurement;
import org.smartclinic.drivers.Reading;
import org.smartclinic.drivers.Value;
import org.smartclinic.fhir.DeviceInfo;
import org.smartclinic.fhir.ExamBinding;
import org.smartclinic.fhir.MapperSettings;
import org.smartclinic.fhir.MappingException;
import org.smartclinic.fhir.PatientIdentifier;
import org.smartclinic.fhir.UcumUnits;
import org.smartclinic.fhir.UploadBundleFactory;

/**
 * A lab reading as an LP-100 driver decodes it (lipid cartridge: a panel, sample id from the tube label) and its
 * upload transaction, built by the gateway's own {@link UploadBundleFactory} with the binding the gateway gives a
 * reading bound by sample id to an exam ({@code Exam.binding()}: exam, station, patient, EHR patient, opening time,
 * version 1). No lab driver or analyzer twin is in the gateway yet, so the contract sends this transaction itself,
 * as the uplink would.
 */
final class LabUpload {

    static final String GATEWAY_ID = "demo-clinic";
    static final String DEVICE_ID = "lp-1";
    static final String INTERPRETATION = LabResult.INTERPRETATION_SYSTEM;

    private static final UploadBundleFactory FACTORY = new UploadBundleFactory(new MapperSettings(GATEWAY_ID,
            MapperSettings.DEFAULT_IDENTIFIER_SYSTEM), UcumUnits.standard());

    private LabUpload() {
    }

    /** Cholesterol above its range (flag H) and HDL, as a lipid panel of sample {@code sampleId}. */
    static Reading lipidPanel(String key, String sampleId, Instant measured) {
        LabResult high = new LabResult(new LabResult.Range(null, new BigDecimal("5.2"), "mmol/L", "<5.2"),
                List.of("H"), List.of(new Code(INTERPRETATION, "H", "High")), LabResult.Status.FINAL, null);
        LabResult normal = new LabResult(new LabResult.Range(new BigDecimal("1.0"), null, "mmol/L", ">1.0"),
                List.of("N"), List.of(new Code(INTERPRETATION, "N", "Normal")), LabResult.Status.FINAL, null);
        return new Reading(DEVICE_ID, key, measured, measured, List.of(
                result("CHOL", "2093-3", "5.9", high), result("HDL", "2085-9", "1.30", normal)), null, sampleId,
                null, List.of(new Code(Code.LOINC, "24331-1", "Lipid 1996 panel - Serum or Plasma"),
                        Code.deviceCode("lp100", "LIPID", "")));
    }

    /** The transaction the uplink sends for {@code reading} bound to the exam the gateway describes. */
    static Bundle transaction(Reading reading, String examId, String station, PatientIdentifier patient,
            String ehrPatient, Instant openedAt) throws MappingException {
        ExamBinding binding = new ExamBinding(examId, station, patient, ehrPatient, openedAt, 1, null, null);
        return FACTORY.transaction(reading, binding, new DeviceInfo(DEVICE_ID, "lp100", "LP-100 analyzer",
                "SN-LP-1", station));
    }

    private static Measurement result(String code, String loinc, String value, LabResult lab) {
        return Measurement.lab(Code.deviceCode("lp100", code, ""), List.of(new Code(Code.LOINC, loinc, "")),
                new Value.Quantity(new BigDecimal(value), "mmol/L"), lab);
    }
}
