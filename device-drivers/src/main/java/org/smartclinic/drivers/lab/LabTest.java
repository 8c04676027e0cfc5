package org.smartclinic.drivers.lab;

import java.util.Objects;

import org.smartclinic.drivers.Code;

/**
 * One row of a code table's {@code [tests]} section: what an analyzer test code means.
 *
 * @param code         the analyzer's test code, as it sends it (e.g. {@code HBA1C}, {@code LYM#})
 * @param loinc        the LOINC coding (check digit verified), or null when the table gives none ({@code -})
 * @param display      a name for people, never empty
 * @param analyzerUnit the unit the analyzer writes in R-5, empty for none; a result in another unit is kept
 *                     but not coded, since a LOINC code fixes its property (moles or mass)
 * @param ucumUnit     the same unit in UCUM, written into the value; empty for none
 * @param kind         how the value is read
 */
public record LabTest(String code, Code loinc, String display, String analyzerUnit, String ucumUnit, Kind kind) {

    /** How a result value is read. */
    public enum Kind {
        /** A decimal number in {@code analyzerUnit}: a {@link org.smartclinic.drivers.Value.Quantity} in UCUM. */
        QUANTITY,
        /** An ordinal text looked up in the {@code [ordinals]} section: a coded value (SNOMED CT). */
        ORDINAL,
        /** Free text kept as sent (colour, clarity). */
        TEXT
    }

    public LabTest {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(display, "display");
        Objects.requireNonNull(analyzerUnit, "analyzerUnit");
        Objects.requireNonNull(ucumUnit, "ucumUnit");
        Objects.requireNonNull(kind, "kind");
    }
}
