package org.smartclinic.drivers.instrument.lab.el30;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

import org.smartclinic.drivers.Code;
import org.smartclinic.drivers.LabResult;
import org.smartclinic.drivers.Measurement;
import org.smartclinic.drivers.Reading;
import org.smartclinic.drivers.Value;
import org.smartclinic.drivers.codetable.CodeTable;

/**
 * Turns a parsed EL-30 report into one {@link Reading}: a pure function of the report, the device id, zone and
 * receive time. Each analyte line becomes a laboratory {@link Measurement}:
 * <ul>
 *   <li>codes from {@code el30-codes.csv}; an analyte the table lists without codes (iCa, pH) or does not list at
 *       all is kept with the analyzer's code only and a note that says why, never dropped;</li>
 *   <li>value and unit as printed (mmol/L is UCUM already; pH, printed without unit, becomes {@code [pH]});
 *       dashes become a cancelled result with the text {@code not measured};</li>
 *   <li>range as printed; flag {@code H}/{@code L} as printed and as interpretation High/Low; no flag and the value
 *       inside the printed range: interpretation Normal; no flag otherwise: no interpretation.</li>
 * </ul>
 */
final class El30Mapper {

    private static final CodeTable CODES =
            CodeTable.load(El30Mapper.class, "el30-codes.csv").requireAll("Na", "K", "Cl", "iCa", "pH");

    private static final Map<String, String> DISPLAYS = Map.of("Na", "Sodium", "K", "Potassium", "Cl", "Chloride",
            "iCa", "Ionized calcium", "pH", "pH");
    private static final Map<String, Code> INTERPRETATIONS = Map.of(
            "H", new Code(LabResult.INTERPRETATION_SYSTEM, "H", "High"),
            "L", new Code(LabResult.INTERPRETATION_SYSTEM, "L", "Low"),
            "N", new Code(LabResult.INTERPRETATION_SYSTEM, "N", "Normal"));
    private static final String UCUM_PH = "[pH]";

    private El30Mapper() {
    }

    static Reading reading(El30Report.Results report, String deviceId, ZoneId zone, Instant receivedAt) {
        List<Measurement> measurements = report.results().stream().map(El30Mapper::measurement).toList();
        Instant deviceTime = report.deviceTime().atZone(zone).toInstant();
        return new Reading(deviceId, report.key(), deviceTime, receivedAt, measurements, null, report.sampleId(),
                report.patientId());
    }

    private static Measurement measurement(El30Report.Result r) {
        Code deviceCode = Code.deviceCode(El30Driver.DRIVER_ID, r.code(), DISPLAYS.getOrDefault(r.code(), r.code()));
        List<Code> codes = CODES.codes(r.code());
        String note = codes.isEmpty() ? uncodedNote(r.code()) : null;
        if (r.value() == null) {
            String why = "The analyzer printed " + r.text() + " instead of a value.";
            return Measurement.lab(deviceCode, codes, new Value.Text("not measured"), new LabResult(r.range(),
                    List.of(), List.of(), LabResult.Status.CANCELLED, note == null ? why : why + " " + note));
        }
        String unit = r.unit().isEmpty() && r.code().equals("pH") ? UCUM_PH : r.unit();
        List<String> flags = r.flag().isEmpty() ? List.of() : List.of(r.flag());
        return Measurement.lab(deviceCode, codes, new Value.Quantity(r.value(), unit),
                new LabResult(r.range(), flags, interpretation(r), LabResult.Status.FINAL, note));
    }

    private static List<Code> interpretation(El30Report.Result r) {
        if (!r.flag().isEmpty()) {
            return List.of(INTERPRETATIONS.get(r.flag()));
        }
        LabResult.Range range = r.range();
        boolean inside = range != null && (range.low() == null || r.value().compareTo(range.low()) >= 0)
                && (range.high() == null || r.value().compareTo(range.high()) <= 0);
        return inside ? List.of(INTERPRETATIONS.get("N")) : List.of();
    }

    private static String uncodedNote(String code) {
        return CODES.contains(code)
                ? code + " is not coded: its LOINC code depends on the specimen, which the EL-30 does not print; kept"
                        + " with the analyzer's code only."
                : "Analyte " + code + " is not in the EL-30 code table; kept with the analyzer's code only.";
    }
}
