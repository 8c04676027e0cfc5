package org.smartclinic.drivers;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One measurement event of one device, as decoded by its driver and before any patient binding.
 *
 * <p>{@code key} identifies the event among all readings of the same device, so a frame or message the device
 * sends again (because an acknowledgement was lost, or a broker redelivered it, or a file was read again after a
 * crash) produces the same key and is stored once. Drivers build it from what the input carries (device time and
 * sequence number for most instruments, the message id, the export's test id).
 *
 * <p>The raw bytes the reading came from are not part of it: they travel with the driver's
 * {@link org.smartclinic.drivers.spi.Outcome.Accepted} and are kept by the gateway's raw-capture store, which the
 * journaled reading refers to.
 *
 * @param deviceId        the gateway's id of the device (configuration key), not the serial number
 * @param key             device-unique, stable id of this event (see above)
 * @param deviceTime      the time the device says it measured; null if the device sends none
 * @param receivedAt      when the gateway received the input
 * @param measurements    the results, at least one unless {@code waveform} is set
 * @param waveform        a sampled signal of bounded length, or null
 * @param sampleId        the sample/specimen id printed or scanned at the device, or null
 * @param devicePatientId a patient id entered at the device, or null; never used to bind on its own
 * @param panel           the codes of the panel its measurements form (LOINC first, then the analyzer's own code),
 *                        e.g. a blood count or lipid panel; empty when the measurements stand alone. The panel
 *                        becomes a grouping Observation whose members are the measurements
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
        List<Code> panel) {

    /** Longest key: it is part of FHIR identifiers and search URLs. */
    public static final int MAX_KEY_LENGTH = 128;

    public Reading {
        Objects.requireNonNull(deviceId, "deviceId");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(receivedAt, "receivedAt");
        measurements = List.copyOf(measurements);
        panel = List.copyOf(panel);
        if (!panel.isEmpty() && measurements.isEmpty()) {
            throw new IllegalArgumentException("a panel needs measurements");
        }
        if (measurements.isEmpty() && waveform == null) {
            throw new IllegalArgumentException("a reading needs measurements or a waveform");
        }
        if (key.isEmpty() || key.length() > MAX_KEY_LENGTH) {
            throw new IllegalArgumentException("a reading key needs 1.." + MAX_KEY_LENGTH + " characters: " + key);
        }
    }

    /** A reading that forms no panel. */
    public Reading(String deviceId, String key, Instant deviceTime, Instant receivedAt, List<Measurement> measurements,
            Waveform waveform, String sampleId, String devicePatientId) {
        this(deviceId, key, deviceTime, receivedAt, measurements, waveform, sampleId, devicePatientId, List.of());
    }

    /** A reading with measurements only. */
    public static Reading of(String deviceId, String key, Instant deviceTime, Instant receivedAt,
            List<Measurement> measurements) {
        return new Reading(deviceId, key, deviceTime, receivedAt, measurements, null, null, null);
    }

    /** The time to report as the effective time: device time when the device sent one, else receive time. */
    public Instant effectiveTime() {
        return deviceTime != null ? deviceTime : receivedAt;
    }
}
