package org.smartclinic.drivers.codec.astm.link;

import java.nio.charset.StandardCharsets;

import org.smartclinic.drivers.codec.Printable;

/**
 * Checks a frame that reached its end against the frame syntax of E1381-02 / LIS1-A, as bent by an
 * {@link AstmLeniency}, in this order: text length, line end, checksum digits, checksum value, frame number,
 * restricted characters. The checksum comes before the frame number and the characters on purpose: a bad byte
 * under a failing checksum is line damage (the sender repeats the frame), one under a matching checksum was really
 * sent, a structural fault. Both are refused; only the reason differs.
 */
final class FrameRules {

    /** The result: a rejection ({@code reason} set) or a sound frame ({@code reason} null). */
    record Verdict(AstmRejectReason reason, String detail, int number, String text, boolean last) {

        static Verdict reject(AstmRejectReason reason, String detail) {
            return new Verdict(reason, detail, -1, null, false);
        }

        boolean sound() {
            return reason == null;
        }
    }

    private FrameRules() {
    }

    static Verdict check(FrameScanner.Scan scan, AstmLeniency leniency) {
        byte[] b = scan.buffer();
        int t = scan.terminator();
        if (scan.textOverflow()) {
            return Verdict.reject(AstmRejectReason.OVERLONG,
                    "frame text longer than " + leniency.maxTextLength() + " characters");
        }
        if (scan.tailOverflow()) {
            return Verdict.reject(AstmRejectReason.MALFORMED, "no <LF> soon after the checksum");
        }
        if (t < 2) {
            return Verdict.reject(AstmRejectReason.MALFORMED, "no frame number before " + Printable.of(b, t, 1, 1));
        }
        if (scan.length() < t + 3 || b[t + 2] == AstmControl.LF) {
            return Verdict.reject(AstmRejectReason.MALFORMED, "checksum cut short by <LF>");
        }
        if (!leniency.looseLineEnd()
                && (scan.length() != t + 5 || b[t + 3] != AstmControl.CR || b[t + 4] != AstmControl.LF)) {
            return Verdict.reject(AstmRejectReason.MALFORMED, "expected <CR><LF> after the checksum, got '"
                    + Printable.of(b, t + 3, scan.length() - t - 3, 16) + "'");
        }
        if (!leniency.ignoreChecksum()) {
            Verdict bad = checksum(b, t, leniency.lowerCaseChecksum());
            if (bad != null) {
                return bad;
            }
        }
        return content(b, t);
    }

    private static Verdict checksum(byte[] b, int t, boolean lowerCase) {
        int sent = AstmChecksum.parse(b[t + 1], b[t + 2], lowerCase);
        String shown = Printable.of(b, t + 1, 2, 2);
        if (sent < 0) {
            return Verdict.reject(AstmRejectReason.MALFORMED, "checksum '" + shown + "' is not two "
                    + (lowerCase ? "" : "upper-case ") + "hex digits");
        }
        int computed = AstmChecksum.of(b, 1, t);
        if (sent != computed) {
            return Verdict.reject(AstmRejectReason.BAD_CHECKSUM, "checksum " + shown + ", computed "
                    + new String(AstmChecksum.digits(computed), StandardCharsets.US_ASCII));
        }
        return null;
    }

    private static Verdict content(byte[] b, int t) {
        int number = b[1] - '0';
        if (number < 0 || number > 7) {
            return Verdict.reject(AstmRejectReason.MALFORMED,
                    "frame number '" + Printable.of(b, 1, 1, 1) + "' is not a digit 0..7");
        }
        for (int i = 2; i < t; i++) {
            if (AstmControl.isRestricted(b[i] & 0xFF)) {
                return Verdict.reject(AstmRejectReason.MALFORMED, "restricted character "
                        + Printable.of(b, i, 1, 1) + " at text position " + (i - 2));
            }
        }
        String text = new String(b, 2, t - 2, StandardCharsets.ISO_8859_1);
        return new Verdict(null, "", number, text, b[t] == AstmControl.ETX);
    }
}
