package org.smartclinic.drivers.instrument.lab.el30;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * Wire format of the EL-30 electrolyte analyzer (a protocol of this project; the driver and its simulator twin
 * both follow this definition). Not ASTM: the analyzer sends the result slip it prints, framed, one report per
 * sample, and waits for one answer byte.
 *
 * <h2>Report, analyzer to gateway (RS-232, 9600 8N1)</h2>
 * <pre>
 *   STX  text  ETX  C C  CR LF
 *   text = line CR LF line CR LF ...         every line ends in CR LF, the last one too
 *   C C  = two hex digits (upper case sent, either case read): the sum modulo 256 of every byte after STX
 *          up to and including ETX
 *   whole report, STX to the final LF: at most {@value #MAX_REPORT_LENGTH} bytes
 *   lines: printable ASCII 0x20..0x7E; no other control byte anywhere between STX and ETX
 * </pre>
 * Lines, in this order; blank lines are ignored; words are separated by one or more spaces (the slip aligns
 * its columns):
 * <pre>
 *   EL-30 S/N serial                   serial: 1..16 of A-Z 0-9 -
 *   DATE yyyy-MM-dd HH:mm:ss           the analyzer's clock (local time of the zone it is set to; no offset)
 *   SAMPLE sampleid                    optional: the gateway's sample id scanned from the tube, ten digits
 *   PATIENT patientid                  optional: as keyed in at the analyzer, 1..20 printable, no spaces
 *   code value [unit] [(range)] [flag] one per analyte, at least one
 *       code   Na, K, Cl (the EL-30's electrodes); iCa and pH from the optional module; any other code an
 *              analyzer firmware may add (letters, digits, '+', at most 8, starting with a letter)
 *       value  a decimal number (e.g. 141.2), or dashes (----) when the analyzer could not measure
 *       unit   mmol/L for Na, K, Cl, iCa; none for pH
 *       range  the reference range set at the analyzer: low-high, &lt;high or &gt;low (e.g. 136.0-145.0)
 *       flag   H above the range, L below it; none inside it
 * </pre>
 * Example ({@link #report(List)} adds the framing and checksum):
 * <pre>
 *   &lt;STX&gt;EL-30 S/N 30A1234&lt;CR&gt;&lt;LF&gt;
 *   DATE 2026-11-23 10:15:00&lt;CR&gt;&lt;LF&gt;
 *   SAMPLE 1234567897&lt;CR&gt;&lt;LF&gt;
 *   Na   141.2 mmol/L (136.0-145.0)&lt;CR&gt;&lt;LF&gt;
 *   K      5.8 mmol/L (3.5-5.1) H&lt;CR&gt;&lt;LF&gt;
 *   Cl   101.0 mmol/L (98.0-107.0)&lt;CR&gt;&lt;LF&gt;
 *   &lt;ETX&gt;C1&lt;CR&gt;&lt;LF&gt;
 * </pre>
 *
 * <h2>Answers, gateway to analyzer</h2>
 * One byte per report: {@link #ACK} once it is stored, {@link #NAK} when it is corrupt or could not be stored.
 * Bytes outside a report are not answered.
 *
 * <h2>Analyzer behaviour</h2>
 * One report outstanding. On NAK, or no answer within 3 s, the analyzer sends the same report again (same
 * text, same date line), at most 3 times, then keeps it in its memory for a manual re-send and moves on.
 */
public final class El30Protocol {

    /** Start of text, 0x02: opens a report. */
    public static final byte STX = 0x02;
    /** End of text, 0x03: closes the report text; the checksum follows. */
    public static final byte ETX = 0x03;
    /** Carriage return, 0x0D. */
    public static final byte CR = 0x0D;
    /** Line feed, 0x0A. */
    public static final byte LF = 0x0A;
    /** Positive answer: ASCII ACK, 0x06. */
    public static final byte ACK = 0x06;
    /** Negative answer: ASCII NAK, 0x15. */
    public static final byte NAK = 0x15;
    /** Longest report, STX to the final LF inclusive. */
    public static final int MAX_REPORT_LENGTH = 2048;

    /** The model name that opens the first line. */
    public static final String MODEL = "EL-30";
    /** Unit of Na, K, Cl and iCa, as printed (also its UCUM code). */
    public static final String UNIT_MMOL_L = "mmol/L";
    /** Format of the date line's value. */
    public static final DateTimeFormatter TIME_FORMAT = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss");

    private El30Protocol() {
    }

    /** The sum modulo 256 of {@code bytes[offset..offset+length)}. */
    public static int checksum(byte[] bytes, int offset, int length) {
        int sum = 0;
        for (int i = offset; i < offset + length; i++) {
            sum += bytes[i] & 0xFF;
        }
        return sum & 0xFF;
    }

    /** The complete report for {@code lines}: STX, each line with CR LF, ETX, checksum, CR LF. */
    public static byte[] report(List<String> lines) {
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        for (String line : lines) {
            text.writeBytes(line.getBytes(StandardCharsets.US_ASCII));
            text.write(CR);
            text.write(LF);
        }
        text.write(ETX);
        byte[] body = text.toByteArray();
        ByteArrayOutputStream out = new ByteArrayOutputStream(body.length + 5);
        out.write(STX);
        out.writeBytes(body);
        out.writeBytes(String.format("%02X", checksum(body, 0, body.length)).getBytes(StandardCharsets.US_ASCII));
        out.write(CR);
        out.write(LF);
        return out.toByteArray();
    }

    /** {@code EL-30 S/N serial}. */
    public static String headerLine(String serial) {
        return MODEL + " S/N " + serial;
    }

    /** {@code DATE yyyy-MM-dd HH:mm:ss}. */
    public static String dateLine(LocalDateTime time) {
        return "DATE " + TIME_FORMAT.format(time);
    }

    /** {@code SAMPLE id}. */
    public static String sampleLine(String sampleId) {
        return "SAMPLE " + sampleId;
    }

    /** {@code PATIENT id}. */
    public static String patientLine(String patientId) {
        return "PATIENT " + patientId;
    }

    /**
     * One analyte line as the slip prints it, the code left-aligned in 4 columns and the value right-aligned in 6:
     * {@code Na   141.2 mmol/L (136.0-145.0)}, {@code K      5.8 mmol/L (3.5-5.1) H}.
     *
     * @param unit  empty for none (pH)
     * @param range e.g. {@code 136.0-145.0}; empty for none
     * @param flag  {@code H}, {@code L} or empty
     */
    public static String resultLine(String code, String value, String unit, String range, String flag) {
        StringBuilder line = new StringBuilder(String.format("%-4s %5s", code, value));
        if (!unit.isEmpty()) {
            line.append(' ').append(unit);
        }
        if (!range.isEmpty()) {
            line.append(" (").append(range).append(')');
        }
        if (!flag.isEmpty()) {
            line.append(' ').append(flag);
        }
        return line.toString();
    }
}
