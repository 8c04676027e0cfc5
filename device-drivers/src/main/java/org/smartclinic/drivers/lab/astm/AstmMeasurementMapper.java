package org.smartclinic.drivers.lab.astm;

import java.lang.System.Logger.Level;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.smartclinic.drivers.Code;
import org.smartclinic.drivers.LabResult;
import org.smartclinic.drivers.Measurement;
import org.smartclinic.drivers.Value;
import org.smartclinic.drivers.codec.astm.record.AstmComment;
import org.smartclinic.drivers.codec.astm.record.AstmReferenceRange;
import org.smartclinic.drivers.codec.astm.record.AstmResult;
import org.smartclinic.drivers.lab.LabCodeTable;
import org.smartclinic.drivers.lab.LabTest;

/**
 * One R record (with its C records) to one lab {@link Measurement}, through the code table:
 * <ul>
 *   <li>a known test: its LOINC coding; a quantity in the table's UCUM unit, an ordinal as its SNOMED CT code, a
 *       text as sent. A value that is no number ({@code >500}, empty) or an ordinal the table lacks: kept as text,
 *       coded, with a note. A result in another unit than the table's: kept in the unit as sent, <b>not</b> coded
 *       (a LOINC code fixes its property, moles or mass), with a note;</li>
 *   <li>an unknown test: kept with the analyzer's own code only, a note, and a WARNING log naming the device and
 *       the code (never a value);</li>
 *   <li>range (R-6, limits in R-5's unit), flags (R-7, mapped to interpretations where the table knows them),
 *       status, and the C records' texts in the note.</li>
 * </ul>
 * Nothing is dropped: a value the driver cannot read becomes text, never zero or null. Values are read as the
 * parser gives them: padding is removed only with the {@code trim-values} setting.
 */
final class AstmMeasurementMapper {

    private static final System.Logger LOG = System.getLogger(AstmMeasurementMapper.class.getName());
    private static final int MAX_WARNED = 256;

    private final String driverId;
    private final String deviceId;
    private final LabCodeTable table;
    private final Set<String> warned = new HashSet<>();

    AstmMeasurementMapper(String driverId, String deviceId, LabCodeTable table) {
        this.driverId = driverId;
        this.deviceId = deviceId;
        this.table = table;
    }

    Measurement map(AstmResult r) {
        String code = r.testCode();
        Optional<LabTest> test = table.test(code);
        List<String> notes = new ArrayList<>(2);
        List<Code> codes = new ArrayList<>(1);
        Value value;
        Code deviceCode;
        if (test.isEmpty()) {
            warnUnknown(code);
            notes.add(code.isEmpty() ? "no test code in component " + r.testCodeComponent() + " of R-3 (see the "
                    + "test-code-component setting): kept without a code"
                    : "test code " + code + " is not in the code table: kept with the analyzer's code only");
            deviceCode = Code.deviceCode(driverId, code, r.testId().component(r.testCodeComponent() + 1));
            value = asSent(r.value(), r.units());
        } else {
            LabTest t = test.get();
            deviceCode = Code.deviceCode(driverId, code, t.display());
            value = known(t, r, codes, notes);
        }
        LabResult.Status status = status(r.statusText());
        if (status == LabResult.Status.CANCELLED) {
            notes.add("the analyzer could not produce this result (status X)");
        }
        for (AstmComment c : r.comments()) {
            if (!c.text().isBlank()) {
                notes.add(c.text().strip());
            }
        }
        List<Code> interpretations = new ArrayList<>(1);
        for (String flag : r.abnormalFlagCodes()) {
            table.interpretation(flag).ifPresent(interpretations::add);
        }
        LabResult lab = new LabResult(range(r), r.abnormalFlagCodes(), interpretations, status,
                notes.isEmpty() ? null : String.join("; ", notes));
        return Measurement.lab(deviceCode, codes, value, lab);
    }

    private Value known(LabTest t, AstmResult r, List<Code> codes, List<String> notes) {
        String sent = r.value();
        switch (t.kind()) {
            case TEXT -> {
                addLoinc(t, codes);
                return new Value.Text(sent);
            }
            case ORDINAL -> {
                Optional<Code> coded = table.ordinal(sent);
                addLoinc(t, codes);
                if (coded.isEmpty()) {
                    notes.add(sent.isEmpty() ? "no value sent" : "ordinal '" + sent + "' is not in the code table");
                    return new Value.Text(sent);
                }
                return new Value.Coded(coded.get());
            }
            default -> {
                BigDecimal number = number(sent);
                String unit = r.units();
                if (number == null) {
                    // The coding names the test, whatever its value: an off-scale '>500' is still that test.
                    addLoinc(t, codes);
                    notes.add(sent.isEmpty() ? "no value sent" : "not a number: kept as text");
                    return new Value.Text(sent);
                }
                if (!unit.equals(t.analyzerUnit())) {
                    notes.add("unit '" + unit + "' is not the code table's '" + t.analyzerUnit()
                            + "': kept as sent, not coded");
                    return new Value.Quantity(number, unit);
                }
                addLoinc(t, codes);
                return new Value.Quantity(number, t.ucumUnit());
            }
        }
    }

    private static void addLoinc(LabTest t, List<Code> codes) {
        if (t.loinc() != null) {
            codes.add(t.loinc());
        }
    }

    /** An unknown test's value as sent: a number with the unit as sent, else text. */
    private static Value asSent(String value, String unit) {
        BigDecimal number = number(value);
        return number == null ? new Value.Text(value) : new Value.Quantity(number, unit);
    }

    /** A plain decimal ({@code 5.4}, {@code -2}, {@code .5}); null for anything else ({@code >500}, {@code 1e3}). */
    static BigDecimal number(String text) {
        if (text.isEmpty() || text.length() > 32) {
            return null;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!(c >= '0' && c <= '9') && c != '.' && !(i == 0 && (c == '-' || c == '+'))) {
                return null;
            }
        }
        try {
            return new BigDecimal(text);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static LabResult.Range range(AstmResult r) {
        Optional<AstmReferenceRange> parsed = r.referenceRange();
        if (parsed.isEmpty()) {
            return null;
        }
        AstmReferenceRange range = parsed.get();
        // R-6 has no unit of its own: the limits are in the result's unit, whatever the value became (UCUM when the
        // table knew the analyzer's unit). An empty range unit says exactly that.
        String unit = "";
        try {
            return new LabResult.Range(range.low(), range.high(), unit, range.text());
        } catch (IllegalArgumentException e) {
            // Limits the wrong way round: keep the text, not numbers the EHR would misread.
            return new LabResult.Range(null, null, unit, range.text());
        }
    }

    /** F and R final; P, I, S, W preliminary; C corrected; X cancelled; anything else final. */
    static LabResult.Status status(String code) {
        return switch (code.strip()) {
            case "P", "I", "S", "W" -> LabResult.Status.PRELIMINARY;
            case "C" -> LabResult.Status.CORRECTED;
            case "X" -> LabResult.Status.CANCELLED;
            default -> LabResult.Status.FINAL;
        };
    }

    private void warnUnknown(String code) {
        if (warned.size() < MAX_WARNED && warned.add(code)) {
            LOG.log(Level.WARNING, "device {0}: test code {1} is not in code table {2}; its results are kept "
                    + "with the analyzer''s code only", deviceId, code, table.source());
        }
    }
}
