package org.smartclinic.drivers.transport.tcp;

import java.time.Instant;
import java.util.Objects;

/**
 * A connection to a {@link TcpServerHub} that matched no registered device and was closed, kept for the
 * technician: which address, why, and its first bytes (printable, at most {@value #MAX_FIRST_BYTES_SHOWN}).
 *
 * @param at            when it was refused
 * @param remoteAddress the peer, {@code ip:port}
 * @param reason        why, as a stable code
 * @param detail        why, in a technician's words (no patient data: the bytes are kept apart)
 * @param firstBytes    what it sent first, rendered by {@link org.smartclinic.drivers.codec.Printable}, capped
 */
public record UnknownConnection(Instant at, String remoteAddress, Reason reason, String detail, String firstBytes) {

    /** Most bytes rendered in {@link #firstBytes()}. */
    public static final int MAX_FIRST_BYTES_SHOWN = 64;

    /** Why a connection was refused; {@link #code()} is stable (metrics, API). */
    public enum Reason {
        /** It sent nothing within the identification timeout. */
        SILENT("silent"),
        /** Its first bytes are no registered hello and its first message names no registered serial number. */
        NOT_RECOGNISED("not_recognised"),
        /** Its first message names a serial number no device on this port is registered with. */
        UNREGISTERED_SERIAL("unregistered_serial"),
        /** It sent the most bytes the hub reads to identify a device without being recognised. */
        TOO_LONG("too_long"),
        /** It closed the connection before it was recognised. */
        CLOSED_EARLY("closed_early"),
        /** Its first bytes match more than one registered device. */
        AMBIGUOUS("ambiguous"),
        /** Too many connections were already waiting to be identified. */
        BUSY("busy");

        private final String code;

        Reason(String code) {
            this.code = code;
        }

        public String code() {
            return code;
        }
    }

    public UnknownConnection {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(remoteAddress, "remoteAddress");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(detail, "detail");
        Objects.requireNonNull(firstBytes, "firstBytes");
    }

    /** E.g. "unknown device from 10.0.0.9:51234: sent no hello and its first message names no registered ...". */
    public String message() {
        return "unknown device from " + remoteAddress + ": " + detail;
    }
}
