package org.smartclinic.drivers.codec.astm.link;

/**
 * The transmission control characters of ASTM E1381-02 / CLSI LIS1-A, with their ASCII values, and the rule on
 * characters a frame's text must not hold (E1381-02 "Restricted Message Characters").
 */
public final class AstmControl {

    /** Start of text, 0x02: opens a frame. */
    public static final byte STX = 0x02;
    /** End of text, 0x03: ends the text of a frame that ends a record. */
    public static final byte ETX = 0x03;
    /** End of transmission, 0x04: ends a transmission (termination phase, link release). */
    public static final byte EOT = 0x04;
    /** Enquiry, 0x05: a sender asks for the line (establishment phase). */
    public static final byte ENQ = 0x05;
    /** Acknowledge, 0x06: the receiver accepts an ENQ or a frame. */
    public static final byte ACK = 0x06;
    /** Line feed, 0x0A: the last byte of a frame. */
    public static final byte LF = 0x0A;
    /** Carriage return, 0x0D: ends every record, and comes before the frame's closing LF. */
    public static final byte CR = 0x0D;
    /** Negative acknowledge, 0x15: the receiver refuses an ENQ (busy) or a frame (send it again). */
    public static final byte NAK = 0x15;
    /** End of transmission block, 0x17: ends the text of an intermediate frame; the record goes on. */
    public static final byte ETB = 0x17;

    private static final byte SOH = 0x01;
    private static final byte DLE = 0x10;
    private static final byte DC1 = 0x11;
    private static final byte DC4 = 0x14;
    private static final byte SYN = 0x16;

    private AstmControl() {
    }

    /**
     * Whether {@code b} may not appear in a frame's text: SOH, STX, ETX, EOT, ENQ, ACK, DLE, NAK, SYN, ETB, LF and
     * DC1..DC4. Every other byte may, CR included (it separates records); bytes 0x80..0xFF are data, read as
     * ISO-8859-1.
     */
    public static boolean isRestricted(int b) {
        return b == SOH || b == STX || b == ETX || b == EOT || b == ENQ || b == ACK || b == LF
                || b == DLE || b >= DC1 && b <= DC4 || b == NAK || b == SYN || b == ETB;
    }

    /** One control byte as a fresh one-byte array, e.g. an answer to send. */
    static byte[] bytes(byte control) {
        return new byte[] {control};
    }
}
