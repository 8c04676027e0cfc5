package org.smartclinic.drivers.codec.line;

import java.util.Objects;

/**
 * The shape of a family of checksummed ASCII line frames, as {@link ChecksumLineDecoder} reads them:
 * <pre>
 *   start body delimiter H H CR LF        e.g.  $M,0042,...,mmHg*1F&lt;CR&gt;&lt;LF&gt;
 * </pre>
 *
 * @param start             the byte that opens a frame (e.g. {@code '$'}); never CR or LF
 * @param checksumDelimiter the byte between body and checksum (e.g. {@code '*'}); not CR, LF or {@code start}
 * @param maxFrameLength    longest frame, start to LF inclusive, in bytes; at least 6 (an empty body)
 * @param checksum          how the body's checksum is computed
 * @param acceptLoneLf      leniency for peers that end lines with LF only: when true a frame may end in
 *                          {@code HH LF}; when false (the strict default) such a frame is rejected as malformed.
 *                          An LF ends the frame either way, so the next frame still decodes.
 */
public record ChecksumLineFormat(
        byte start, byte checksumDelimiter, int maxFrameLength, LineChecksum checksum, boolean acceptLoneLf) {

    /** Smallest possible frame: start, delimiter, two hex digits, CR, LF. */
    public static final int MIN_FRAME_LENGTH = 6;

    public ChecksumLineFormat {
        Objects.requireNonNull(checksum, "checksum");
        if (start == ChecksumLineDecoder.CR || start == ChecksumLineDecoder.LF) {
            throw new IllegalArgumentException("start byte must not be CR or LF");
        }
        if (checksumDelimiter == ChecksumLineDecoder.CR || checksumDelimiter == ChecksumLineDecoder.LF
                || checksumDelimiter == start) {
            throw new IllegalArgumentException("checksum delimiter must differ from CR, LF and the start byte");
        }
        if (maxFrameLength < MIN_FRAME_LENGTH) {
            throw new IllegalArgumentException(
                    "maxFrameLength must be >= " + MIN_FRAME_LENGTH + ": " + maxFrameLength);
        }
    }

    /** A strict format: frames must end in CR LF. */
    public static ChecksumLineFormat strict(
            byte start, byte checksumDelimiter, int maxFrameLength, LineChecksum checksum) {
        return new ChecksumLineFormat(start, checksumDelimiter, maxFrameLength, checksum, false);
    }

    /** This format, accepting (true) or rejecting (false) frames that end in a lone LF. */
    public ChecksumLineFormat withAcceptLoneLf(boolean accept) {
        return new ChecksumLineFormat(start, checksumDelimiter, maxFrameLength, checksum, accept);
    }
}
