package org.smartclinic.drivers.codec.astm.link;

/**
 * Why {@link AstmReceiver} rejected input. The {@link #code()} is stable: drivers use it in metric labels and map
 * it onto their own reasons (noise, bad checksum, truncated, overlong, malformed).
 */
public enum AstmRejectReason {
    /** Bytes outside a frame that are not a control character the state expects (line noise, a stray reply). */
    NOISE("noise"),
    /** A frame whose checksum does not match its bytes. Answered NAK. */
    BAD_CHECKSUM("bad_checksum"),
    /** A frame cut by the STX of the next one before its end: no answer, the sender times out and repeats it. */
    TRUNCATED("truncated"),
    /** A frame whose text is longer than the limit. Answered NAK. */
    OVERLONG("overlong"),
    /**
     * A frame that breaks the frame syntax: no STX, no frame number, checksum not two hex digits, no CR LF after
     * it, a restricted character in the text, several records in one frame (strict mode). Answered NAK.
     */
    MALFORMED("malformed"),
    /** A sound frame whose number is neither the one expected nor the previous one. Answered NAK. */
    WRONG_FRAME_NUMBER("wrong_frame_number"),
    /** A transmission that outgrew the receiver's bound: dropped, and its frames refused (NAK) until EOT. */
    TRANSMISSION_TOO_LARGE("transmission_too_large");

    private final String code;

    AstmRejectReason(String code) {
        this.code = code;
    }

    /** Stable lower-case code for metrics, logs and the API. */
    public String code() {
        return code;
    }
}
