package org.smartclinic.gateway.device;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.smartclinic.drivers.DeviceIdentity;
import org.smartclinic.drivers.transport.TransportStats;
import org.smartclinic.gateway.journal.DeviceClocks;

/**
 * A device as the technician's API shows it: connection state and why, what the device says about itself
 * (status, identity, whether its reported serial number matches the registered one), counters and the last
 * rejected inputs. A misconfigured device has state {@code MISCONFIGURED} and the problem as its reason.
 * {@code source} says where the device is registered, and so where it is edited: {@code config} (the
 * configuration file) or {@code api} (added through the API, kept in the journal).
 */
public record DeviceView(String id, String driver, String model, String station, String transport,
        String address, String serialNumber, boolean enabled, String state, String stateReason, Instant stateSince,
        Status status, DeviceIdentity identity, Boolean identityMatches, Instant lastFrameAt, long framesAccepted,
        long readingsStored, long duplicates, Map<String, Long> rejects, Traffic traffic,
        List<RejectRecord> recentRejects, ClockView clock, String source, boolean running) {

    /**
     * The device's clock as its readings show it.
     *
     * @param offsetSeconds receive time minus device time, estimated (positive: the device clock is behind)
     * @param confirmed     whether the estimate is confirmed and used to time readings
     * @param trusted       whether device time decides binding (else receive time, and readings say so)
     */
    public record ClockView(double offsetSeconds, boolean confirmed, boolean trusted, Instant updatedAt) {

        static ClockView of(DeviceClocks.View v) {
            return new ClockView(v.offset().toMillis() / 1000.0, v.confirmed(), v.trusted(), v.updatedAt());
        }
    }

    /** The device's own state as it reported it. */
    public record Status(String state, String text, Instant since) {
    }

    /** Counters of the device's connections, over reconnects. */
    public record Traffic(long connects, long connectFailures, long disconnects, long bytesReceived, long bytesSent,
            long messages, long bytesDropped) {

        static Traffic of(TransportStats s) {
            return new Traffic(s.connects(), s.connectFailures(), s.disconnects(), s.bytesIn(), s.bytesOut(),
                    s.messagesIn(), s.bytesDropped());
        }
    }

    static DeviceView of(ManagedDevice d, String station, DeviceClocks.View clock, String source) {
        DeviceSpec s = d.spec();
        DeviceIdentity id = d.identity();
        Boolean matches = id == null || id.serialNumber() == null || s.serialNumber() == null ? null
                : id.serialNumber().equals(s.serialNumber());
        Status status = d.status() == null ? null
                : new Status(d.status().state().name(), d.status().text(), d.statusSince());
        return new DeviceView(s.id(), s.driverId(), d.descriptor().displayName(), station,
                s.transport().kind().code(), s.transport().describe(), s.serialNumber(), s.enabled(),
                d.state().name(), d.stateReason(), d.stateSince(), status, id, matches, d.lastFrameAt(),
                d.framesAccepted(), d.readingsStored(), d.duplicates(), d.rejectCounts(), Traffic.of(d.stats()),
                d.recentRejects(), clock == null ? null : ClockView.of(clock), source, d.running());
    }

    static DeviceView of(DeviceSpecs.Invalid invalid, String source) {
        return new DeviceView(invalid.id(), invalid.driverId(), null, invalid.station(), null, null, null, false,
                "MISCONFIGURED", invalid.problem(), null, null, null, null, null, 0, 0, 0, Map.of(), null, List.of(), null,
                source, false);
    }
}
