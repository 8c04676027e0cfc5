package org.smartclinic.drivers.codec.astm.record;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Escape sequences inside values, with {@code &} standing for the message's escape delimiter:
 * <pre>
 *   &amp;F&amp;  field delimiter     &amp;S&amp;  component delimiter     &amp;R&amp;  repeat delimiter
 *   &amp;E&amp;  escape delimiter    &amp;Xhh..&amp;  bytes in hex, read with the options' hex charset
 *   &amp;H&amp; &amp;N&amp;  start / end highlighting: kept as sent (presentation only, not an error)
 * </pre>
 * Anything else between two escape delimiters, or an escape delimiter never closed, is kept as sent and reported
 * ({@code UNKNOWN_ESCAPE}); a bad hex escape likewise ({@code BAD_HEX_ESCAPE}). Control characters sent as is are
 * kept and reported ({@code CONTROL_CHARACTER}). Problem details name the place, never the value.
 */
final class AstmEscapes {

    private AstmEscapes() {
    }

    /** The value of {@code raw[from, to)}, escapes resolved; problems go to {@code log}, placed at type.field. */
    static String decode(String raw, int from, int to, AstmDelimiters delimiters, Charset hexCharset,
            AstmProblemLog log, int record, char type, int field) {
        if (isPlain(raw, from, to, delimiters.escape())) {
            return raw.substring(from, to);
        }
        StringBuilder out = new StringBuilder(to - from);
        boolean reportedControl = false;
        int i = from;
        while (i < to) {
            char c = raw.charAt(i);
            if (c == delimiters.escape()) {
                i = escape(raw, i, to, delimiters, hexCharset, out, log, record, type, field);
                continue;
            }
            if (isControl(c) && !reportedControl) {
                log.warn(record, AstmProblem.Code.CONTROL_CHARACTER,
                        "control character at " + type + "." + field + " sent as is; kept");
                reportedControl = true;
            }
            out.append(c);
            i++;
        }
        return out.toString();
    }

    /** Appends {@code value} with delimiters and control characters escaped. */
    static void encode(String value, AstmDelimiters d, StringBuilder out) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == d.field()) {
                out.append(d.escape()).append('F').append(d.escape());
            } else if (c == d.component()) {
                out.append(d.escape()).append('S').append(d.escape());
            } else if (c == d.repeat()) {
                out.append(d.escape()).append('R').append(d.escape());
            } else if (c == d.escape()) {
                out.append(d.escape()).append('E').append(d.escape());
            } else if (isControl(c)) {
                out.append(d.escape()).append('X').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xF, 16))).append(d.escape());
            } else {
                out.append(c);
            }
        }
    }

    static boolean isControl(char c) {
        return c < 0x20 || c == 0x7F;
    }

    private static boolean isPlain(String raw, int from, int to, char escape) {
        for (int i = from; i < to; i++) {
            char c = raw.charAt(i);
            if (c == escape || isControl(c)) {
                return false;
            }
        }
        return true;
    }

    /** Resolves the escape opening at {@code open}; returns the index after it. */
    private static int escape(String raw, int open, int to, AstmDelimiters d, Charset hexCharset,
            StringBuilder out, AstmProblemLog log, int record, char type, int field) {
        int close = open + 1;
        while (close < to && raw.charAt(close) != d.escape()) {
            close++;
        }
        if (close == to) {
            log.warn(record, AstmProblem.Code.UNKNOWN_ESCAPE,
                    "escape at " + type + "." + field + " never closed; kept as sent");
            out.append(raw, open, to);
            return to;
        }
        int length = close - open - 1;
        char kind = length > 0 ? raw.charAt(open + 1) : 0;
        if (length == 1 && kind == 'F') {
            out.append(d.field());
        } else if (length == 1 && kind == 'S') {
            out.append(d.component());
        } else if (length == 1 && kind == 'R') {
            out.append(d.repeat());
        } else if (length == 1 && kind == 'E') {
            out.append(d.escape());
        } else if (length == 1 && (kind == 'H' || kind == 'N')) {
            out.append(raw, open, close + 1);
        } else if (length > 1 && kind == 'X') {
            Optional<String> text = hex(raw, open + 2, close, hexCharset);
            if (text.isPresent()) {
                out.append(text.get());
            } else {
                log.warn(record, AstmProblem.Code.BAD_HEX_ESCAPE, "hex escape at " + type + "." + field + " ("
                        + (length - 1) + " characters) is not pairs of hex digits in " + hexCharset.name()
                        + "; kept as sent");
                out.append(raw, open, close + 1);
            }
        } else {
            log.warn(record, AstmProblem.Code.UNKNOWN_ESCAPE, "escape at " + type + "." + field + " (" + length
                    + " characters) is not F, S, R, E, X, H or N; kept as sent");
            out.append(raw, open, close + 1);
        }
        return close + 1;
    }

    private static Optional<String> hex(String raw, int from, int to, Charset charset) {
        if ((to - from) % 2 != 0) {
            return Optional.empty();
        }
        byte[] bytes = new byte[(to - from) / 2];
        for (int i = 0; i < bytes.length; i++) {
            int high = hexDigit(raw.charAt(from + 2 * i));
            int low = hexDigit(raw.charAt(from + 2 * i + 1));
            if (high < 0 || low < 0) {
                return Optional.empty();
            }
            bytes[i] = (byte) (high << 4 | low);
        }
        if (charset.equals(StandardCharsets.ISO_8859_1)) {
            return Optional.of(new String(bytes, StandardCharsets.ISO_8859_1));
        }
        try {
            return Optional.of(charset.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString());
        } catch (CharacterCodingException e) {
            return Optional.empty();
        }
    }

    /** ASCII hex digits only: {@link Character#digit(char, int)} would also take other scripts' digits. */
    private static int hexDigit(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
    }
}
