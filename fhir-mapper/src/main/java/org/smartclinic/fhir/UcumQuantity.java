package org.smartclinic.fhir;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * A number in a UCUM unit, ready for a FHIR {@code Quantity}: {@code value}, {@code code} (the UCUM code, system
 * {@link UcumUnits#SYSTEM}) and {@code display} (the unit as people write it, for {@code Quantity.unit}).
 *
 * @param value   the value, with the precision the conversion kept (see {@link UcumUnits#normalize})
 * @param code    the UCUM code, e.g. {@code mm[Hg]}
 * @param display the unit for people, e.g. {@code mmHg}
 */
public record UcumQuantity(BigDecimal value, String code, String display) {

    public UcumQuantity {
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(display, "display");
    }
}
