package org.smartclinic.gateway.device;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** A device as the technician's API shows it. */
public record DeviceView(String id, String driver, String model, String station, String port, String serialNumber,
        boolean enabled, String state, String stateReason, Instant stateSince, Instant lastFrameAt,
        long framesAccepted, long readingsStored, long duplicates, Map<String, Long> rejects,
        List<RejectRecord> recentRejects) {

    static DeviceView of(ManagedDevice d) {
        DeviceSpec s = d.spec();
        return new DeviceView(s.id(), s.driverId(), d.descriptor().displayName(), s.station(), s.port(),
                s.serialNumber(), s.enabled(), d.state().name(), d.stateReason(), d.stateSince(), d.lastFrameAt(),
                d.framesAccepted(), d.readingsStored(), d.duplicates(), d.rejectCounts(), d.recentRejects());
    }
}
