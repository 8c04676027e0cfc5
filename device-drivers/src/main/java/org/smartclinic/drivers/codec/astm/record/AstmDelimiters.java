package org.smartclinic.drivers.codec.astm.record;

import java.util.Optional;

/**
 * The four delimiters of an ASTM E1394-97 / CLSI LIS2-A2 message, as the header record defines them in its
 * characters 2 to 5:
 * <pre>
 *   H | \ ^ &amp; | ...      position 2: field, 3: repeat, 4: component, 5: escape
 * </pre>
 * The standard names no fixed characters; {@code |\^&} is only the usual choice. Any four distinct characters
 * other than CR and LF (the record separators) are accepted. A letter or digit is legal but collides with the
 * bodies of escape sequences ({@code F S R E X H N}, hex digits): text is split at delimiters before escapes are
 * resolved, so such a message still parses, but a value cannot always be escaped unambiguously for it. See
 * {@link #isEscapeSafe()}; peers use punctuation.
 *
 * @param field     separates fields
 * @param repeat    separates repeats of one field
 * @param component separates components of one repeat
 * @param escape    opens and closes an escape sequence ({@code &F&}, {@code &X0D&}, ...)
 */
public record AstmDelimiters(char field, char repeat, char component, char escape) {

    /** {@code |\^&}: the delimiters nearly every instrument uses. */
    public static final AstmDelimiters STANDARD = new AstmDelimiters('|', '\\', '^', '&');

    /** @throws IllegalArgumentException if two delimiters are equal or one is CR or LF */
    public AstmDelimiters {
        Optional<String> fault = fault(field, repeat, component, escape);
        if (fault.isPresent()) {
            throw new IllegalArgumentException(fault.get());
        }
    }

    /**
     * Reads the delimiter definition of a header record.
     *
     * @param definition the four characters at positions 2..5 of the H record, e.g. {@code |\^&}
     * @return the delimiters, or empty if the definition is not four distinct characters other than CR and LF
     */
    public static Optional<AstmDelimiters> fromDefinition(CharSequence definition) {
        if (definition.length() != 4) {
            return Optional.empty();
        }
        char f = definition.charAt(0);
        char r = definition.charAt(1);
        char c = definition.charAt(2);
        char e = definition.charAt(3);
        return fault(f, r, c, e).isPresent() ? Optional.empty() : Optional.of(new AstmDelimiters(f, r, c, e));
    }

    /** The definition as the H record carries it: field, repeat, component, escape ({@code |\^&}). */
    public String definition() {
        return new String(new char[] {field, repeat, component, escape});
    }

    /**
     * Whether every value can be written with these delimiters and read back the same: true when none of them is
     * an ASCII letter or digit. {@link AstmMessageWriter} promises its round trip only for such delimiters.
     */
    public boolean isEscapeSafe() {
        for (char d : new char[] {field, repeat, component, escape}) {
            if ((d >= '0' && d <= '9') || (d >= 'A' && d <= 'Z') || (d >= 'a' && d <= 'z')) {
                return false;
            }
        }
        return true;
    }

    /** Whether {@code c} is one of the four delimiters. */
    public boolean isDelimiter(char c) {
        return c == field || c == repeat || c == component || c == escape;
    }

    private static Optional<String> fault(char f, char r, char c, char e) {
        for (char d : new char[] {f, r, c, e}) {
            if (d == '\r' || d == '\n') {
                return Optional.of("a delimiter must not be CR or LF");
            }
        }
        if (f == r || f == c || f == e || r == c || r == e || c == e) {
            return Optional.of("the four delimiters must be distinct");
        }
        return Optional.empty();
    }
}
