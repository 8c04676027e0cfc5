package org.smartclinic.simulator.device.oximetry;

import java.time.Duration;
import java.util.List;

import org.smartclinic.drivers.instrument.oximetry.ox300.Ox300Protocol;
import org.smartclinic.simulator.twin.FaultPlan;
import org.smartclinic.simulator.twin.Twin;
import org.smartclinic.simulator.twin.TwinPlug;

/**
 * A twin's resolved settings (defaults applied, fault knobs folded into one plan), as built by the builder.
 *
 * @param periodNanos     time between two DATA frames
 * @param sensorOffPeriods when the probe is off, in signal time (see {@link Ox300TwinBuilder#sensorOff(Duration,
 *                        Duration)})
 */
record Ox300TwinSettings(
        TwinPlug plug,
        String serial,
        String firmware,
        int spo2,
        int pulse,
        long seed,
        long periodNanos,
        int samplesPerFrame,
        List<SensorOff> sensorOffPeriods,
        FaultPlan faults,
        Twin.Listener listener) {

    /** Model name in the IDENTITY frame. */
    static final String MODEL = "OX-300";

    /** The probe is off from {@code from} for {@code length} of signal time. */
    record SensorOff(Duration from, Duration length) {
        boolean contains(long signalMicros) {
            long start = from.toNanos() / 1000;
            return signalMicros >= start && signalMicros - start < length.toNanos() / 1000;
        }
    }

    Ox300TwinSettings {
        sensorOffPeriods = List.copyOf(sensorOffPeriods);
    }

    /** Whether a scheduled sensor-off period covers the sample taken at {@code sample} (0 = the first). */
    boolean sensorOffAt(long sample) {
        long micros = sample * Ox300Protocol.SAMPLE_PERIOD_MICROS;
        return sensorOffPeriods.stream().anyMatch(p -> p.contains(micros));
    }
}
