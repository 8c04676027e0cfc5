package org.smartclinic.fhir;

import static org.smartclinic.fhir.TestReadings.loinc;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

import org.smartclinic.drivers.Code;
import org.smartclinic.drivers.LabResult;
import org.smartclinic.drivers.LabResult.Status;
import org.smartclinic.drivers.Measurement;
import org.smartclinic.drivers.Reading;
import org.smartclinic.drivers.Value;

/** Lab readings as the analyzer drivers (docs/lab-analyzers.md) produce them. */
final class LabReadings {

    static final String SAMPLE_ID = "4711000018";
    static final String KEY = "LP100-0815#3";
    static final Instant DEVICE_TIME = Instant.parse("2026-11-23T09:31:00Z");
    static final Instant RECEIVED_AT = Instant.parse("2026-11-23T09:31:04.250Z");
    static final DeviceInfo LP100 = new DeviceInfo("lp-1", "lp100", "LP-100 point-of-care analyzer", "SN-LP-7",
            "lab");
    static final String SNOMED = "http://snomed.info/sct";

    private LabReadings() {
    }

    static Code analyzer(String driver, String code) {
        return Code.deviceCode(driver, code, "");
    }

    static Code flag(String code, String display) {
        return new Code(LabResult.INTERPRETATION_SYSTEM, code, display);
    }

    static LabResult.Range range(String low, String high, String unit, String text) {
        return new LabResult.Range(low == null ? null : new BigDecimal(low), high == null ? null : new BigDecimal(high),
                unit, text);
    }

    static LabResult lab(LabResult.Range range, String deviceFlag, Code interpretation) {
        return new LabResult(range, deviceFlag == null ? List.of() : List.of(deviceFlag),
                interpretation == null ? List.of() : List.of(interpretation), Status.FINAL, null);
    }

    static Measurement result(String driver, String code, Code loinc, String value, String unit, LabResult lab) {
        return Measurement.lab(analyzer(driver, code), loinc == null ? List.of() : List.of(loinc),
                new Value.Quantity(new BigDecimal(value), unit), lab);
    }

    static Reading reading(String deviceId, List<Measurement> measurements, String sampleId, List<Code> panel) {
        return new Reading(deviceId, KEY, DEVICE_TIME, RECEIVED_AT, measurements, null, sampleId, null, panel);
    }

    /** LP-100 HbA1c cartridge: 7.2 % above 4.0-6.0, flag H. */
    static Reading hba1c() {
        return reading("lp-1", List.of(result("lp100", "HBA1C", loinc("4548-4",
                "Hemoglobin A1c/Hemoglobin.total in Blood"), "7.2", "%", lab(range("4.0", "6.0", "%", "4.0-6.0"),
                "H", flag("H", "High")))), SAMPLE_ID, List.of());
    }

    /** LP-100 lipid cartridge: a panel of five, the ratio unitless. */
    static Reading lipidPanel() {
        LabResult normal = lab(null, "N", flag("N", "Normal"));
        return reading("lp-1", List.of(
                result("lp100", "CHOL", loinc("2093-3", "Cholesterol [Moles/volume] in Serum or Plasma"), "5.9",
                        "mmol/L", lab(range(null, "5.2", "mmol/L", "<5.2"), "H", flag("H", "High"))),
                result("lp100", "HDL", loinc("2085-9", "Cholesterol in HDL [Moles/volume] in Serum or Plasma"), "1.30",
                        "mmol/L", lab(range("1.0", null, "mmol/L", ">1.0"), "N", flag("N", "Normal"))),
                result("lp100", "TRIG", loinc("2571-8", "Triglyceride [Moles/volume] in Serum or Plasma"), "1.7",
                        "mmol/L", normal),
                result("lp100", "LDL", loinc("13457-7", "Cholesterol in LDL [Moles/volume] in Serum or Plasma by"
                        + " calculation"), "3.8", "mmol/L", normal),
                result("lp100", "TC/HDL", loinc("9830-1", "Cholesterol.total/Cholesterol in HDL [Mass Ratio] in Serum"
                        + " or Plasma"), "4.5", "", lab(range(null, "5", "", "<5"), null, null))),
                SAMPLE_ID, List.of(loinc("24331-1", "Lipid 1996 panel - Serum or Plasma"), analyzer("lp100", "LIPID")));
    }

    /** HX-3: a blood count with critical flags, haemoglobin's range printed in g/L. */
    static Reading bloodCount() {
        return reading("hx-1", List.of(
                result("hx3", "WBC", loinc("6690-2", "Leukocytes [#/volume] in Blood by Automated count"), "1.2",
                        "10*3/uL", lab(range("4.0", "10.0", "10*3/uL", "4.0-10.0"), "LL", flag("LL", "Critical low"))),
                result("hx3", "HGB", loinc("718-7", "Hemoglobin [Mass/volume] in Blood"), "13.9", "g/dL",
                        lab(range("120", "160", "g/L", "120-160 g/L"), null, null)),
                result("hx3", "PLT", loinc("777-3", "Platelets [#/volume] in Blood by Automated count"), "980",
                        "10*3/uL", lab(range("150", "400", "10*3/uL", "150-400"), "HH", flag("HH", "Critical high")))),
                "4711000026", List.of(loinc("58410-2", "CBC panel - Blood by Automated count"),
                        analyzer("hx3", "CBC")));
    }

    /** US-10: glucose negative, protein ++, specific gravity 1.020. */
    static Reading urineStrip() {
        return reading("us-1", List.of(
                Measurement.lab(analyzer("us10", "GLU"), List.of(loinc("5792-7", "Glucose [Mass/volume] in Urine by"
                        + " Test strip")), new Value.Coded(new Code(SNOMED, "260385009", "Negative")),
                        lab(range(null, null, "", "neg"), null, null)),
                Measurement.lab(analyzer("us10", "PRO"), List.of(loinc("20454-5", "Protein [Presence] in Urine by"
                        + " Test strip")), new Value.Coded(new Code(SNOMED, "260348001", "++")),
                        lab(null, "A", flag("A", "Abnormal"))),
                result("us10", "SG", loinc("5811-5", "Specific gravity of Urine by Test strip"), "1.020", "",
                        lab(range("1.005", "1.030", "", "1.005-1.030"), null, null))),
                "4711000034", List.of());
    }

    /** CH-200: a corrected ALT, a cancelled CRP, and a code its table does not know. */
    static Reading chemistry() {
        LabResult corrected = new LabResult(range(null, "41", "U/L", "<41"), List.of("H"), List.of(flag("H", "High")),
                Status.CORRECTED, "corrected after re-run");
        LabResult cancelled = new LabResult(null, List.of(), List.of(), Status.CANCELLED, null);
        LabResult unknown = new LabResult(null, List.of(), List.of(), Status.FINAL,
                "analyzer test code XYZ is not in the code table: kept with the analyzer's code only");
        return reading("ch-1", List.of(
                result("ch200", "ALT", loinc("1742-6", "Alanine aminotransferase [Enzymatic activity/volume] in Serum"
                        + " or Plasma"), "52", "U/L", corrected),
                Measurement.lab(analyzer("ch200", "CRP"), List.of(loinc("1988-5", "C reactive protein [Mass/volume] in"
                        + " Serum or Plasma")), new Value.Text("sample clotted"), cancelled),
                result("ch200", "XYZ", null, "3.1", "mmol/L", unknown)), "4711000042", List.of());
    }
}
