package org.smartclinic.gateway.device;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;

import org.smartclinic.drivers.DeviceStatus;
import org.smartclinic.drivers.link.LinkState;
import org.smartclinic.drivers.spi.RejectReason;
import org.smartclinic.drivers.transport.TransportStats;
import org.smartclinic.gateway.journal.DeviceClocks;

/**
 * The Prometheus meters of one device. Labels are the device id, station, transport and stable reason or state
 * codes only: never anything a device sent, so no patient data can reach a metric.
 */
final class DeviceMeters {

    final Counter readings;
    final Counter duplicates;
    final Counter answersWithheld;
    final Counter storeFailures;
    final Counter capturesSkipped;
    /** New readings by binding outcome: bound (or awaiting review), held, unassigned. */
    final Counter bound;
    final Counter held;
    final Counter unassigned;
    private final Map<String, Counter> rejects = new ConcurrentHashMap<>();
    private final MeterRegistry registry;
    private final String device;

    DeviceMeters(MeterRegistry registry, DeviceSpec spec, Supplier<LinkState> state,
            Supplier<DeviceStatus> status, TransportStats stats) {
        this.registry = registry;
        this.device = spec.id();
        String transport = spec.transport().kind().code();
        readings = Counter.builder("smartclinic.readings").description("Readings journaled (duplicates excluded)")
                .tags("device", device, "station", spec.station()).register(registry);
        duplicates = Counter.builder("smartclinic.readings.duplicate")
                .description("Readings received again (resent after a lost acknowledgement, redelivered), stored once")
                .tag("device", device).register(registry);
        answersWithheld = Counter.builder("smartclinic.link.answers.withheld")
                .description("Repeats of the frame just acknowledged that crossed the acknowledgement, not acknowledged"
                        + " twice (a second bare ACK would be taken for the device's next frame)")
                .tag("device", device).register(registry);
        storeFailures = Counter.builder("smartclinic.journal.store.failures")
                .description("Frames or messages answered negatively because the journal did not confirm them")
                .tag("device", device).register(registry);
        capturesSkipped = Counter.builder("smartclinic.captures.rejected.skipped")
                .description("Rejected input only counted, not captured, beyond the per-minute allowance")
                .tag("device", device).register(registry);
        for (RejectReason reason : RejectReason.values()) {
            reject(reason.code());
        }
        bound = binding("bound");
        held = binding("held");
        unassigned = binding("unassigned");
        // Strong references: the suppliers live only here, and a gauge holds its state weakly by default.
        Gauge.builder("smartclinic.device.connected", state, s -> s.get() == LinkState.CONNECTED ? 1 : 0)
                .description("1 while the device's connection is up").tags("device", device, "transport", transport)
                .strongReference(true).register(registry);
        for (DeviceStatus.State s : DeviceStatus.State.values()) {
            Gauge.builder("smartclinic.device.status", status, st -> st.get() != null && st.get().state() == s ? 1 : 0)
                    .description("1 for the state the device last reported (ready, measuring, error)")
                    .tags("device", device, "state", s.name().toLowerCase(Locale.ROOT)).strongReference(true)
                    .register(registry);
        }
        transportCounters(stats, transport);
    }

    private void transportCounters(TransportStats stats, String transport) {
        counter("smartclinic.transport.connects", "Connections opened", stats, TransportStats::connects, transport);
        counter("smartclinic.transport.connect.failures", "Connection attempts that failed", stats,
                TransportStats::connectFailures, transport);
        counter("smartclinic.transport.disconnects", "Connections that ended", stats, TransportStats::disconnects,
                transport);
        counter("smartclinic.transport.received.bytes", "Bytes received from the device", stats,
                TransportStats::bytesIn, transport);
        counter("smartclinic.transport.sent.bytes", "Bytes sent to the device", stats, TransportStats::bytesOut,
                transport);
        counter("smartclinic.transport.messages", "Whole messages received (message transports)", stats,
                TransportStats::messagesIn, transport);
        counter("smartclinic.transport.dropped.bytes", "Input thrown away unread because the device flooded its link",
                stats, TransportStats::bytesDropped, transport);
    }

    private void counter(String name, String description, TransportStats stats,
            ToDoubleFunction<TransportStats> f, String transport) {
        FunctionCounter.builder(name, stats, f).description(description).tags("device", device, "transport", transport)
                .register(registry);
    }

    private Counter binding(String outcome) {
        return Counter.builder("smartclinic.readings.binding")
                .description("New readings by binding outcome (bound also counts those awaiting the GP's review)")
                .tags("device", device, "outcome", outcome).register(registry);
    }

    /** The device's clock offset and trust, read from the journal at each scrape. */
    void clock(Supplier<Optional<DeviceClocks.View>> clock) {
        Gauge.builder("smartclinic.device.clock.offset", clock,
                c -> c.get().map(v -> v.offset().toMillis() / 1000.0).orElse(Double.NaN))
                .description("Receive time minus the device's time, estimated (positive: its clock is behind)")
                .baseUnit("seconds").tag("device", device).strongReference(true).register(registry);
        Gauge.builder("smartclinic.device.clock.trusted", clock,
                c -> c.get().map(v -> v.trusted() ? 1.0 : 0.0).orElse(Double.NaN))
                .description("1 while the device's clock decides binding, 0 when receive time does instead")
                .tag("device", device).strongReference(true).register(registry);
    }

    Counter reject(String reason) {
        return rejects.computeIfAbsent(reason, r -> Counter.builder("smartclinic.frames.rejected")
                .description("Device input rejected, by reason").tags("device", device, "reason", r)
                .register(registry));
    }

    /** Meter names this class registers per device (all tagged {@code device}). */
    private static final List<String> NAMES = List.of("smartclinic.readings", "smartclinic.readings.duplicate",
            "smartclinic.journal.store.failures", "smartclinic.captures.rejected.skipped", "smartclinic.frames.rejected",
            "smartclinic.readings.binding", "smartclinic.device.connected", "smartclinic.device.status",
            "smartclinic.device.clock.offset", "smartclinic.device.clock.trusted", "smartclinic.transport.connects",
            "smartclinic.transport.connect.failures", "smartclinic.transport.disconnects",
            "smartclinic.transport.received.bytes", "smartclinic.transport.sent.bytes", "smartclinic.transport.messages",
            "smartclinic.transport.dropped.bytes");

    /**
     * Removes this device's meters, when it is removed or re-registered with new settings: gauges of the old
     * registration would otherwise keep reading the old device's state.
     */
    void close() {
        for (Meter m : List.copyOf(registry.getMeters())) {
            if (device.equals(m.getId().getTag("device")) && NAMES.contains(m.getId().getName())) {
                registry.remove(m);
            }
        }
    }

    /** Rejections since start, by reason code. */
    Map<String, Long> rejectCounts() {
        Map<String, Long> out = new TreeMap<>();
        rejects.forEach((reason, c) -> out.put(reason, (long) c.count()));
        return out;
    }
}
