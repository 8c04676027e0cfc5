package org.smartclinic.gateway.journal;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Instruments a technician added through the API ({@code device_registration}), so they are registered again
 * after a restart without anyone editing the configuration file. Each is kept as the request that created or last
 * edited it (JSON): the device layer checks it again against this build's drivers at every start, so a driver
 * removed in an upgrade shows the device as misconfigured instead of failing the start.
 */
@ApplicationScoped
public class DeviceRegistrations {

    /** One stored registration. */
    public record Stored(String deviceId, String spec, Instant createdAt, Instant updatedAt, String actor) {
    }

    @Inject
    JournalDatabase db;

    @Inject
    Clock clock;

    /** Every stored registration, by device id. */
    public List<Stored> all() {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT device_id, spec, created_at, updated_at, actor"
                    + " FROM device_registration ORDER BY device_id"); ResultSet rs = ps.executeQuery()) {
                List<Stored> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(new Stored(rs.getString("device_id"), rs.getString("spec"),
                            Instant.parse(rs.getString("created_at")), Instant.parse(rs.getString("updated_at")),
                            rs.getString("actor")));
                }
                return out;
            }
        });
    }

    /** Adds or replaces the registration of {@code deviceId}; durable when the future completes. */
    public CompletableFuture<Integer> save(String deviceId, String spec, String actor) {
        String now = clock.instant().toString();
        return db.write(c -> JournalRows.update(c, "INSERT INTO device_registration (device_id, spec, created_at,"
                + " updated_at, actor) VALUES (?, ?, ?, ?, ?) ON CONFLICT (device_id) DO UPDATE SET spec = excluded.spec,"
                + " updated_at = excluded.updated_at, actor = excluded.actor", deviceId, spec, now, now, actor));
    }

    /** Forgets the registration (the device's readings, captures and placements stay); 1 if there was one. */
    public CompletableFuture<Integer> delete(String deviceId) {
        return db.write(c -> JournalRows.update(c, "DELETE FROM device_registration WHERE device_id = ?", deviceId));
    }
}
