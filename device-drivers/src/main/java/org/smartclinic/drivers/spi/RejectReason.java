package org.smartclinic.drivers.spi;

/**
 * Why input from a device was rejected. The {@link #code()} is stable: it is a metric label
 * ({@code smartclinic_frames_rejected_total{device,reason}}) and part of the API.
 */
public enum RejectReason {
    /** Frame complete but its checksum does not match. */
    BAD_CHECKSUM("bad_checksum"),
    /** A frame started but ended (or was cut by the next frame's start) before it was complete. */
    TRUNCATED("truncated"),
    /** Bytes outside any frame: line noise, a half-sent frame from before a reconnect. */
    NOISE("noise"),
    /** A frame longer than the protocol allows. */
    OVERLONG("overlong"),
    /** Checksum fine but the frame's structure is wrong (field count, record type syntax). */
    MALFORMED("malformed"),
    /** Structure fine but a value cannot be parsed or is outside what the instrument can measure. */
    BAD_VALUE("bad_value"),
    /** A well-formed frame of a kind this driver does not handle. */
    UNSUPPORTED("unsupported"),
    /** A well-formed message (JSON, XML) that breaks the driver's documented schema. */
    OUT_OF_SCHEMA("out_of_schema");

    private final String code;

    RejectReason(String code) {
        this.code = code;
    }

    /** Stable lower-case code for metrics, logs and the API. */
    public String code() {
        return code;
    }
}
