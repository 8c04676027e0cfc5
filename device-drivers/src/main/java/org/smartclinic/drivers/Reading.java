package org.smartclinic.drivers;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One measurement event of one device, as decoded by its driver and before any patient binding.
 *
 * <p>{@code key} identifies the event among all readings of the same device, so a frame the device retransmits
 * (because an acknowledgement was lost) produces the same key and is stored once. Drivers build it from what the
 * frame carries (device time and sequence number for most instruments).
 *
 * @param deviceId        the gateway's id of the device (configuration key), not the serial number
 * @param key             device-unique, stable id of this event (see above)
 * @param deviceTime      the time the device says it measured; null if the device sends none
 * @param receivedAt      when the gateway received the frame
 * @param measurements    the results, at least one unless {@code waveform} is set
 * @param waveform        a sampled signal, or null
 * @param sampleId        the sample/specimen id printed or scanned at the device, or null
 * @param devicePatientId a patient id entered at the device, or null; never used to bind on its own
 * @param rawFrame        printable form of the frame the reading came from (see
 *                        {@link org.smartclinic.drivers.codec.Printable}), for audit
 */
public record Reading(
        String deviceId,
        String key,
        Instant deviceTime,
        Instant receivedAt,
        List<Measurement> measurements,
        Waveform waveform,
        String sampleId,
        String devicePatientId,
        String rawFrame) {

    public Reading {
        Objects.requireNonNull(deviceId, "deviceId");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(receivedAt, "receivedAt");
        Objects.requireNonNull(rawFrame, "rawFrame");
        measurements = List.copyOf(measurements);
        if (measurements.isEmpty() && waveform == null) {
            throw new IllegalArgumentException("a reading needs measurements or a waveform");
        }
    }

    /** The time to report as the effective time: device time when the device sent one, else receive time. */
    public Instant effectiveTime() {
        return deviceTime != null ? deviceTime : receivedAt;
    }
}
