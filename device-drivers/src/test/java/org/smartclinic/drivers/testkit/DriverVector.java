package org.smartclinic.drivers.testkit;

import java.io.ByteArrayOutputStream;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One test vector for a driver: device bytes in, expected outcomes out. Text format, one scenario per file:
 * <pre>
 *   # Comment lines start with '#'; blank lines are ignored. No comments at the end of a line.
 *   zone: Europe/Berlin              the device clock's zone (DriverContext.deviceZone); default UTC
 *   option: accept-lone-lf=true      a device option; repeatable
 *   in: $S,0001,20261123101500,READY*47&lt;CR&gt;&lt;LF&gt;
 *   in: more bytes                   'in:' lines are concatenated; no line end is added
 *   out: accepted ack=&lt;ACK&gt; nak=&lt;NAK&gt;       one 'out:' line per outcome, in order;
 *     frame: [$S,0001,...]            indented lines continue it
 * </pre>
 * Input text is escaped as {@link EscapedBytes} reads it ({@code <CR>}, {@code <LF>}, {@code <xHH>}, ...) and
 * stripped at both ends: write a space at either end as {@code <x20>}. The expected lines are compared, stripped
 * of indentation, with what {@link OutcomeText} renders for the decoded outcomes; a file without {@code out:}
 * lines is a failure that prints that rendering for a person to check and paste in.
 *
 * @param name     file name, for messages
 * @param zone     device zone
 * @param options  device options
 * @param input    device bytes
 * @param expected expected lines, stripped; empty when the file has no expectations yet
 */
public record DriverVector(String name, ZoneId zone, Map<String, String> options, byte[] input,
        List<String> expected) {

    public static DriverVector parse(String name, String text) {
        ZoneId zone = ZoneOffset.UTC;
        Map<String, String> options = new LinkedHashMap<>();
        ByteArrayOutputStream input = new ByteArrayOutputStream();
        List<String> expected = new ArrayList<>();
        String[] lines = text.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            String stripped = line.strip();
            String where = name + " line " + (i + 1) + ": ";
            if (stripped.isEmpty() || stripped.startsWith("#")) {
                continue;
            }
            if (Character.isWhitespace(line.charAt(0))) {
                if (expected.isEmpty()) {
                    throw new IllegalArgumentException(where + "indented line outside an 'out:' block");
                }
                expected.add(stripped);
            } else if (line.startsWith("out:")) {
                expected.add(stripped);
            } else if (line.startsWith("in:")) {
                input.writeBytes(EscapedBytes.parse(line.substring(3).strip()));
            } else if (line.startsWith("zone:")) {
                zone = ZoneId.of(line.substring(5).strip());
            } else if (line.startsWith("option:")) {
                String[] option = line.substring(7).strip().split("=", 2);
                if (option.length != 2) {
                    throw new IllegalArgumentException(where + "expected 'option: key=value'");
                }
                options.put(option[0].strip(), option[1].strip());
            } else {
                throw new IllegalArgumentException(where + "expected '#', 'zone:', 'option:', 'in:', 'out:' or an "
                        + "indented continuation, got '" + line + "'");
            }
        }
        if (input.size() == 0) {
            throw new IllegalArgumentException(name + ": no 'in:' line");
        }
        return new DriverVector(name, zone, Map.copyOf(options), input.toByteArray(), List.copyOf(expected));
    }
}
