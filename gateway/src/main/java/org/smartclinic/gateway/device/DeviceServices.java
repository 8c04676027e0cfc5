package org.smartclinic.gateway.device;

import java.time.Clock;

import io.micrometer.core.instrument.MeterRegistry;

import org.smartclinic.drivers.spi.HostQueries;
import org.smartclinic.gateway.config.GatewayConfig;
import org.smartclinic.gateway.journal.Captures;
import org.smartclinic.gateway.journal.DeviceRecords;
import org.smartclinic.gateway.journal.Journal;
import org.smartclinic.gateway.live.LiveBus;

/**
 * What every {@link ManagedDevice} uses of the rest of the gateway.
 *
 * @param uplinkSignal tells the uplink there is new work
 * @param hosts        answers analyzers' host queries
 */
record DeviceServices(GatewayConfig config, Journal journal, Captures captures, DeviceRecords records, LiveBus live,
        MeterRegistry meters, Clock clock, Runnable uplinkSignal, HostQueries hosts) {
}
