package org.smartclinic.drivers.testkit;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The inverse of {@link org.smartclinic.drivers.codec.Printable} for test data: text with {@code <CR>},
 * {@code <LF>}, any other control name ({@code <ACK>}, {@code <STX>}, {@code <DEL>}) or {@code <xHH>} turned into
 * bytes; every other printable character is its UTF-8 encoding (its ASCII byte for ASCII). A {@code <} that
 * starts no known escape is literal; write a literal {@code <CR>} as {@code <x3C>CR>}.
 */
public final class EscapedBytes {

    private static final List<String> CONTROL_NAMES = List.of(
            "NUL", "SOH", "STX", "ETX", "EOT", "ENQ", "ACK", "BEL", "BS", "HT", "LF", "VT", "FF", "CR", "SO", "SI",
            "DLE", "DC1", "DC2", "DC3", "DC4", "NAK", "SYN", "ETB", "CAN", "EM", "SUB", "ESC", "FS", "GS", "RS", "US");

    private EscapedBytes() {
    }

    public static byte[] parse(String text) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(text.length());
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c < 0x20 || c == 0x7F) {
                throw new IllegalArgumentException("control character at " + i + ": escape it as <xHH>");
            }
            if (c > 0x7F) {
                int cp = text.codePointAt(i);
                out.writeBytes(new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8));
                i += Character.charCount(cp);
                continue;
            }
            int close = c == '<' ? text.indexOf('>', i) : -1;
            int escaped = close > 0 ? escape(text.substring(i + 1, close)) : -1;
            if (escaped >= 0) {
                out.write(escaped);
                i = close + 1;
            } else {
                out.write(c);
                i++;
            }
        }
        return out.toByteArray();
    }

    private static int escape(String name) {
        if (name.equals("DEL")) {
            return 0x7F;
        }
        if (name.length() == 3 && name.charAt(0) == 'x') {
            int high = Character.digit(name.charAt(1), 16);
            int low = Character.digit(name.charAt(2), 16);
            return high < 0 || low < 0 ? -1 : high << 4 | low;
        }
        return CONTROL_NAMES.indexOf(name);
    }
}
