package org.smartclinic.drivers.codec;

/**
 * Renders bytes for logs and for the technician: printable ASCII as is, control bytes by their names
 * ({@code <STX>}, {@code <CR>}, ...), anything else as {@code <xHH>}; capped so a flood of garbage stays readable.
 */
public final class Printable {

    /** Default cap on rendered input bytes. */
    public static final int DEFAULT_CAP = 256;

    private static final String[] CONTROL_NAMES = {
        "NUL", "SOH", "STX", "ETX", "EOT", "ENQ", "ACK", "BEL", "BS", "HT", "LF", "VT", "FF", "CR", "SO", "SI",
        "DLE", "DC1", "DC2", "DC3", "DC4", "NAK", "SYN", "ETB", "CAN", "EM", "SUB", "ESC", "FS", "GS", "RS", "US"
    };

    private Printable() {
    }

    public static String of(byte[] bytes) {
        return of(bytes, 0, bytes.length, DEFAULT_CAP);
    }

    /**
     * @param cap the most input bytes to render; the rest is summarised as {@code ...(+N bytes)}
     */
    public static String of(byte[] bytes, int offset, int length, int cap) {
        StringBuilder out = new StringBuilder(Math.min(length, cap) + 16);
        int shown = Math.min(length, cap);
        for (int i = offset; i < offset + shown; i++) {
            int b = bytes[i] & 0xFF;
            if (b < 0x20) {
                out.append('<').append(CONTROL_NAMES[b]).append('>');
            } else if (b == 0x7F) {
                out.append("<DEL>");
            } else if (b < 0x7F) {
                out.append((char) b);
            } else {
                out.append("<x").append(Character.toUpperCase(Character.forDigit(b >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(b & 0xF, 16))).append('>');
            }
        }
        if (length > shown) {
            out.append("...(+").append(length - shown).append(" bytes)");
        }
        return out.toString();
    }
}
