package org.smartclinic.drivers.codec.astm.link;

/**
 * Switches for instruments that bend ASTM E1381-02 / CLSI LIS1-A, for {@link AstmReceiver}. Every switch is off
 * in {@link #STRICT}, the default; turn on only what a given instrument needs, and name the instrument where it is
 * turned on. None of them changes what is accepted from a peer that follows the standard.
 *
 * @param lowerCaseChecksum accept checksum digits {@code a..f} as well as {@code A..F}. Off: a frame with a lower-case
 *                          digit is malformed (NAK)
 * @param looseLineEnd      accept a frame whose checksum is followed by LF alone, CR alone, or nothing: the frame
 *                          then ends with its second checksum digit, and a CR and an LF right after it are taken as
 *                          its line end (in raw captures they count to what follows: a message's raw then ends at
 *                          its last checksum digit). Off: a frame ends at the LF after its checksum, and anything but
 *                          exactly CR LF there makes it malformed (NAK)
 * @param maxTextLength     most text characters in a frame, at least {@link AstmFrame#MAX_TEXT} (240, the
 *                          standard's limit, and the default) and at most {@link #MAX_TEXT_LIMIT}. Above it a frame
 *                          is overlong (NAK)
 * @param packedRecords     accept several records in one frame, and a record ending inside an intermediate frame
 *                          (the records of a whole message run on, CR between them, cut only at the text limit;
 *                          see {@link AstmFrame.Layout#PACKED}). Off: LIS1-A sends every record in frames of its
 *                          own, so a CR anywhere but at the very end of an end frame's text makes the frame
 *                          malformed (NAK)
 * @param ignoreChecksum    <b>do not verify checksums at all</b>: the two checksum characters must still be there, but
 *                          any value (any characters) passes. Only for an instrument known to compute them wrongly;
 *                          with it, line damage inside a frame's text goes undetected and reaches the records. Off:
 *                          a checksum that does not match is {@code bad_checksum} (NAK)
 */
public record AstmLeniency(boolean lowerCaseChecksum, boolean looseLineEnd, int maxTextLength, boolean packedRecords,
        boolean ignoreChecksum) {

    /** Largest {@link #maxTextLength} accepted, so a frame buffer stays small. */
    public static final int MAX_TEXT_LIMIT = 64 * 1024;

    /** The standard, to the letter: every switch off. */
    public static final AstmLeniency STRICT = new AstmLeniency(false, false, AstmFrame.MAX_TEXT, false, false);

    public AstmLeniency {
        if (maxTextLength < AstmFrame.MAX_TEXT || maxTextLength > MAX_TEXT_LIMIT) {
            throw new IllegalArgumentException("maxTextLength must be " + AstmFrame.MAX_TEXT + ".." + MAX_TEXT_LIMIT
                    + ": " + maxTextLength);
        }
    }

    /** This leniency, accepting lower-case checksum digits or not. */
    public AstmLeniency withLowerCaseChecksum(boolean accept) {
        return new AstmLeniency(accept, looseLineEnd, maxTextLength, packedRecords, ignoreChecksum);
    }

    /** This leniency, accepting a missing or partial CR LF after the checksum or not. */
    public AstmLeniency withLooseLineEnd(boolean accept) {
        return new AstmLeniency(lowerCaseChecksum, accept, maxTextLength, packedRecords, ignoreChecksum);
    }

    /** This leniency with another text limit per frame. */
    public AstmLeniency withMaxTextLength(int max) {
        return new AstmLeniency(lowerCaseChecksum, looseLineEnd, max, packedRecords, ignoreChecksum);
    }

    /** This leniency, accepting several records per frame or not. */
    public AstmLeniency withPackedRecords(boolean accept) {
        return new AstmLeniency(lowerCaseChecksum, looseLineEnd, maxTextLength, accept, ignoreChecksum);
    }

    /** This leniency, verifying checksums (false, the default) or not (true: see {@link #ignoreChecksum()}). */
    public AstmLeniency withIgnoreChecksum(boolean ignore) {
        return new AstmLeniency(lowerCaseChecksum, looseLineEnd, maxTextLength, packedRecords, ignore);
    }
}
