package org.smartclinic.fhir.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.smartclinic.drivers.Code;
import org.smartclinic.fhir.UcumUnits;

/**
 * Which LOINC codes are vital signs, the FHIR R4 profile each one must conform to and the UCUM unit its value must
 * be in; read from {@code vital-signs.txt} next to this class (the file's header explains the columns).
 */
public final class VitalSigns {

    /** Base of the R4 core profile URLs. */
    public static final String PROFILE_BASE = "http://hl7.org/fhir/StructureDefinition/";
    private static final String TABLE = "vital-signs.txt";

    /**
     * One vital sign.
     *
     * @param loinc              its LOINC code
     * @param unit               the UCUM unit its value must be in, or null (a panel has no value)
     * @param profile            the profile URL, or null when the code is only a vital-signs component
     * @param profileCode        the LOINC coding the profile fixes when it is not {@code loinc}, else null
     * @param requiredComponents LOINC codes of the components the profile requires
     */
    public record VitalSign(String loinc, String unit, String profile, Code profileCode, List<String> requiredComponents) {
    }

    private final Map<String, VitalSign> byLoinc;

    private VitalSigns(Map<String, VitalSign> byLoinc) {
        this.byLoinc = Map.copyOf(byLoinc);
    }

    /**
     * The table shipped with the mapper, its units checked against {@code units}.
     *
     * @throws IllegalStateException naming the line of a malformed row, duplicate code or invalid unit
     */
    public static VitalSigns standard(UcumUnits units) {
        Map<String, VitalSign> table = new LinkedHashMap<>();
        for (TableFile.Row row : TableFile.read(VitalSigns.class, TABLE, 3, 6)) {
            VitalSign sign = parse(row);
            if (sign.unit() != null && !units.isValid(sign.unit())) {
                throw new IllegalStateException(row.where() + ": '" + sign.unit() + "' is not a valid UCUM code");
            }
            if (table.putIfAbsent(sign.loinc(), sign) != null) {
                throw new IllegalStateException(row.where() + ": LOINC " + sign.loinc() + " listed twice");
            }
        }
        return new VitalSigns(table);
    }

    /** The vital sign with LOINC code {@code loinc}, if it is one. */
    public Optional<VitalSign> find(String loinc) {
        return Optional.ofNullable(byLoinc.get(loinc));
    }

    private static VitalSign parse(TableFile.Row row) {
        String profileCode = row.column(3);
        if (!profileCode.isEmpty() && row.column(4).isEmpty()) {
            throw new IllegalStateException(row.where() + ": profile code " + profileCode + " needs a display");
        }
        String components = row.column(5);
        return new VitalSign(
                row.column(0),
                emptyToNull(row.column(1)),
                row.column(2).isEmpty() ? null : PROFILE_BASE + row.column(2),
                profileCode.isEmpty() ? null : new Code(Code.LOINC, profileCode, row.column(4)),
                components.isEmpty() ? List.of() : List.of(components.split("\\s+")));
    }

    private static String emptyToNull(String text) {
        return text.isEmpty() ? null : text;
    }
}
