package org.smartclinic.simulator.device.bp;

import java.time.Duration;
import java.time.ZoneId;
import java.util.List;

import org.smartclinic.simulator.twin.FaultPlan;
import org.smartclinic.simulator.twin.TwinPlug;

/** A twin's resolved settings (defaults applied, fault knobs folded into one plan), as built by the builder. */
record Bpm200TwinSettings(
        TwinPlug plug,
        Bpm200Twin.Scenario scenario,
        List<Bpm200Twin.BpValues> script,
        int count,
        Duration interval,
        Duration heartbeat,
        Duration ackTimeout,
        int maxRetries,
        long seed,
        ZoneId deviceZone,
        String unit,
        FaultPlan faults,
        Bpm200Twin.Listener listener) {
}
