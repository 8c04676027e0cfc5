package org.smartclinic.drivers.codec.astm.record;

import java.math.BigDecimal;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A reference range of R.6 as instruments write it, read without losing the text:
 * <pre>
 *   3.5 to 5.1    3.5-5.1    -2 - 2      INTERVAL, both ends inclusive
 *   &lt;5   &lt;=5                           BELOW (upper limit, exclusive / inclusive)
 *   &gt;40  &gt;=40                          ABOVE (lower limit, exclusive / inclusive)
 *   neg   normal   1.005 to           TEXT: anything else, kept as text only
 * </pre>
 * Numbers are decimals with a point, read exactly ({@code 3.50} keeps its scale). Texts longer than 64
 * characters are not examined and come back as {@link Kind#TEXT}.
 *
 * @param text      the first component of R.6 as sent
 * @param kind      how the text was read
 * @param low       lower limit for INTERVAL and ABOVE; null otherwise
 * @param high      upper limit for INTERVAL and BELOW; null otherwise
 * @param inclusive whether the limits belong to the range ({@code <=}, {@code >=}, intervals); false for TEXT
 */
public record AstmReferenceRange(String text, Kind kind, BigDecimal low, BigDecimal high, boolean inclusive) {

    /** How a reference range text was read. */
    public enum Kind { INTERVAL, BELOW, ABOVE, TEXT }

    private static final int LONGEST_EXAMINED = 64;
    private static final String NUMBER = "([+-]?(?:\\d+(?:\\.\\d*)?|\\.\\d+))";
    private static final Pattern INTERVAL = Pattern.compile(NUMBER + "\\s*(?:-|to|TO)\\s*" + NUMBER);
    private static final Pattern LIMIT = Pattern.compile("(<=|>=|<|>)\\s*" + NUMBER);

    public AstmReferenceRange {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(kind, "kind");
    }

    /** Reads a reference range text; empty only when the text is empty (after trimming spaces). */
    public static Optional<AstmReferenceRange> parse(String text) {
        String trimmed = text.strip();
        if (trimmed.isEmpty()) {
            return Optional.empty();
        }
        if (trimmed.length() <= LONGEST_EXAMINED) {
            Matcher interval = INTERVAL.matcher(trimmed);
            if (interval.matches()) {
                return Optional.of(new AstmReferenceRange(text, Kind.INTERVAL,
                        new BigDecimal(interval.group(1)), new BigDecimal(interval.group(2)), true));
            }
            Matcher limit = LIMIT.matcher(trimmed);
            if (limit.matches()) {
                String operator = limit.group(1);
                BigDecimal value = new BigDecimal(limit.group(2));
                boolean inclusive = operator.length() == 2;
                return Optional.of(operator.startsWith("<")
                        ? new AstmReferenceRange(text, Kind.BELOW, null, value, inclusive)
                        : new AstmReferenceRange(text, Kind.ABOVE, value, null, inclusive));
            }
        }
        return Optional.of(new AstmReferenceRange(text, Kind.TEXT, null, null, false));
    }
}
