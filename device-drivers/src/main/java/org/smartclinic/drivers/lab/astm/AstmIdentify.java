package org.smartclinic.drivers.lab.astm;

import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

import org.smartclinic.drivers.codec.astm.link.AstmControl;
import org.smartclinic.drivers.spi.DeviceDriverFactory.Identification;

/**
 * Who opened a connection to a shared TCP server port, from its first frame: the header record's H-5
 * ({@code model ^ firmware ^ serial}) names the serial number. Reads only the bytes given, never throws.
 */
final class AstmIdentify {

    /** Bytes after which a connection without a complete header says nothing. */
    static final int BYTE_LIMIT = 300;

    private AstmIdentify() {
    }

    static Identification identify(byte[] bytes, int length) {
        if (bytes == null) {
            return Identification.NotSaid.INSTANCE;
        }
        int n = Math.max(0, Math.min(length, bytes.length));
        for (int i = 0; i + 3 < n; i++) {
            if (bytes[i] == AstmControl.STX && bytes[i + 2] == 'H' && n > i + 3) {
                int end = i + 3;
                while (end < n && bytes[end] != AstmControl.CR && bytes[end] != AstmControl.ETX
                        && bytes[end] != AstmControl.ETB) {
                    end++;
                }
                if (end == n) {
                    break;
                }
                return serial(new String(bytes, i + 2, end - i - 2, StandardCharsets.ISO_8859_1));
            }
        }
        return n < BYTE_LIMIT ? Identification.NeedMore.INSTANCE : Identification.NotSaid.INSTANCE;
    }

    /** H-5 component 3 of a header record's text, if there is one. */
    private static Identification serial(String header) {
        if (header.length() < 6) {
            return Identification.NotSaid.INSTANCE;
        }
        char field = header.charAt(1);
        char component = header.charAt(3);
        String[] fields = header.split(Pattern.quote(String.valueOf(field)), -1);
        if (fields.length < 5) {
            return Identification.NotSaid.INSTANCE;
        }
        String[] parts = fields[4].split(Pattern.quote(String.valueOf(component)), -1);
        String serial = parts.length >= 3 ? parts[2].strip() : "";
        return serial.isEmpty() ? Identification.NotSaid.INSTANCE : new Identification.SerialNumber(serial);
    }
}
