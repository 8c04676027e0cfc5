package org.smartclinic.drivers.codec.astm.record;

import java.util.Optional;

/** Result abnormal flags of R.7 (table of ASTM E1394-97 / CLSI LIS2-A2), by their codes as sent. */
public enum AstmAbnormalFlag {
    /** {@code L}: below low normal. */
    LOW("L"),
    /** {@code H}: above high normal. */
    HIGH("H"),
    /** {@code LL}: below panic (critical) low. */
    CRITICAL_LOW("LL"),
    /** {@code HH}: above panic (critical) high. */
    CRITICAL_HIGH("HH"),
    /** {@code <}: below the absolute low, off the instrument's scale. */
    BELOW_SCALE("<"),
    /** {@code >}: above the absolute high, off the instrument's scale. */
    ABOVE_SCALE(">"),
    /** {@code N}: normal. */
    NORMAL("N"),
    /** {@code A}: abnormal. */
    ABNORMAL("A"),
    /** {@code AA}: very abnormal. */
    VERY_ABNORMAL("AA"),
    /** {@code U}: significant change up. */
    CHANGE_UP("U"),
    /** {@code D}: significant change down. */
    CHANGE_DOWN("D"),
    /** {@code B}: better. */
    BETTER("B"),
    /** {@code W}: worse. */
    WORSE("W"),
    /** {@code S}: susceptible (microbiology). */
    SUSCEPTIBLE("S"),
    /** {@code R}: resistant (microbiology). */
    RESISTANT("R"),
    /** {@code I}: intermediate (microbiology). */
    INTERMEDIATE("I"),
    /** {@code MS}: moderately susceptible (microbiology). */
    MODERATELY_SUSCEPTIBLE("MS"),
    /** {@code VS}: very susceptible (microbiology). */
    VERY_SUSCEPTIBLE("VS");

    private final String code;

    AstmAbnormalFlag(String code) {
        this.code = code;
    }

    /** The code as sent in R.7. */
    public String code() {
        return code;
    }

    /** The flag this code stands for, case as sent; empty for a code the standard does not define. */
    public static Optional<AstmAbnormalFlag> fromCode(String code) {
        for (AstmAbnormalFlag flag : values()) {
            if (flag.code.equals(code)) {
                return Optional.of(flag);
            }
        }
        return Optional.empty();
    }
}
