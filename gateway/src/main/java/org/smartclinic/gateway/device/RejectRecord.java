package org.smartclinic.gateway.device;

import java.time.Instant;

/**
 * A rejected piece of device input, kept for the technician.
 *
 * @param printable the bytes, printable and capped; may contain patient data and is only served to staff
 */
public record RejectRecord(Instant at, String reason, String detail, String printable) {
}
