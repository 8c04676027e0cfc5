package org.smartclinic.gateway.config;

import java.time.Duration;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.WithDefault;

/** Delivery of the outbox to the EHR ({@code smartclinic.uplink.*}). */
public interface UplinkConfig {
    /** Set false to keep everything in the outbox (e.g. while the EHR is being migrated). */
    @WithDefault("true")
    boolean enabled();

    /**
     * Least wait after a transient failure (EHR down, 5xx, 429); later waits grow with decorrelated jitter
     * (random between this and three times the previous wait). A {@code Retry-After} is always honoured as the
     * least wait (up to one hour).
     */
    @WithDefault("1s")
    Duration initialBackoff();

    /** Cap of the wait between attempts while the EHR keeps failing. */
    @WithDefault("60s")
    Duration maxBackoff();

    /** How often the outbox is checked when nothing signals new work. */
    @WithDefault("5s")
    Duration pollInterval();

    /** Most readings per transaction Bundle. */
    @WithDefault("100")
    int batchSize();

    /** Most bytes (FHIR JSON, estimated before sending) per transaction Bundle; a lone bigger reading goes alone. */
    @WithDefault("4M")
    MemorySize batchMaxBytes();

    /**
     * How long a part-full batch may wait for more readings when they trickle in (from the oldest reading's
     * queueing); 0 sends at once.
     */
    @WithDefault("200ms")
    Duration batchLinger();

    /**
     * Attempts after which an item the EHR keeps failing on becomes a dead letter with the last reason. Only
     * failures that speak about the item count (500, 409, an unreadable answer...), not an outage (no answer,
     * 502/503/504, 429) nor a credentials or URL problem (401/403/404/405): the disk is the buffer.
     */
    @WithDefault("10")
    int maxAttempts();

    /** Same as {@code max-attempts}, as a time since the item's first attempt. */
    @WithDefault("24h")
    Duration maxAge();

    /**
     * When the oldest undelivered item is older than this, the health group {@code delivery}
     * ({@code /q/health/group/delivery}) is DOWN and says why; see docs/delivery.md.
     */
    @WithDefault("1h")
    Duration alertAge();
}
