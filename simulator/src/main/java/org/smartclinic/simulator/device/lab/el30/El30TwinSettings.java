package org.smartclinic.simulator.device.lab.el30;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;

import org.smartclinic.simulator.twin.FaultPlan;
import org.smartclinic.simulator.twin.TwinPlug;

/**
 * A twin's resolved settings (defaults applied, fault knobs folded into one plan), as built by the builder.
 *
 * @param values Na, K, Cl for every report after the script, or null for generated values
 */
record El30TwinSettings(
        TwinPlug plug,
        String serial,
        List<El30Twin.Sample> script,
        List<String> sampleIds,
        List<BigDecimal> values,
        int count,
        Duration interval,
        Duration ackTimeout,
        int maxRetries,
        long seed,
        ZoneId deviceZone,
        FaultPlan faults,
        El30Twin.Listener listener) {
}
