package org.smartclinic.gateway.uplink;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Counts every change of an outbox item's state: {@code smartclinic_outbox_transitions_total{from,to}}, with
 * {@code to="RETRY"} for a failed attempt that leaves the item pending. Labels are states only, never an item,
 * device or patient.
 */
@ApplicationScoped
public class OutboxTransitions {

    /** The pseudo-state of a failed attempt that will be tried again. */
    public static final String RETRY = "RETRY";

    @Inject
    MeterRegistry meters;

    private final Map<String, Counter> counters = new ConcurrentHashMap<>();

    /** {@code n} items went from {@code from} to {@code to}. */
    public void count(String from, String to, int n) {
        if (n > 0) {
            counters.computeIfAbsent(from + ">" + to, k -> Counter.builder("smartclinic.outbox.transitions")
                    .description("Outbox items by change of delivery state").tag("from", from).tag("to", to)
                    .register(meters)).increment(n);
        }
    }
}
