package org.smartclinic.gateway.journal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Where each device was when ({@code device_station}). Readings are judged by the station the device was at when it
 * measured. A device first seen is taken to have always been at its configured station; moving it by the API is
 * recorded with its time, who and why; editing the configuration moves it at the next start (recorded as such).
 */
public final class Placements {

    /**
     * One placement.
     *
     * @param source {@code config} or {@code api}
     */
    public record Placement(String deviceId, String station, Instant since, String source, String actor,
            String reason, Instant recordedAt) {
    }

    private final JournalDatabase db;
    private final Clock clock;

    public Placements(JournalDatabase db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    /**
     * Records the configured station: the device's first placement (since always), or a move now when the
     * configuration names another station than it did at the last start. Returns the device's current station.
     */
    public CompletableFuture<String> fromConfiguration(String deviceId, String station) {
        return db.write(c -> {
            List<Placement> history = history(c, deviceId);
            if (history.isEmpty()) {
                insert(c, deviceId, station, Instant.EPOCH, "config", null, null);
                return station;
            }
            Optional<Placement> lastConfig = history.stream().filter(p -> p.source().equals("config"))
                    .reduce((a, b) -> b);
            if (lastConfig.isEmpty() || !lastConfig.get().station().equals(station)) {
                insert(c, deviceId, station, clock.instant(), "config", null, "configuration changed");
                return station;
            }
            return history.getLast().station();
        });
    }

    /** Moves the device now; returns the placement. */
    public CompletableFuture<Placement> move(String deviceId, String station, String actor, String reason) {
        return db.write(c -> {
            Instant now = clock.instant();
            insert(c, deviceId, station, now, "api", actor, reason);
            return history(c, deviceId).getLast();
        });
    }

    public List<Placement> history(String deviceId) {
        return db.read(c -> history(c, deviceId));
    }

    /** The first placement of a device the journal has never seen: its configured station, since always. */
    static void ensure(Connection c, String deviceId, String configuredStation) throws SQLException {
        try (PreparedStatement ps = JournalRows.prepare(c, "SELECT 1 FROM device_station WHERE device_id = ?",
                deviceId); ResultSet rs = ps.executeQuery()) {
            if (!rs.next()) {
                insert(c, deviceId, configuredStation, Instant.EPOCH, "config", null, null);
            }
        }
    }

    private static void insert(Connection c, String deviceId, String station, Instant since, String source,
            String actor, String reason) throws SQLException {
        JournalRows.update(c, "INSERT INTO device_station (device_id, station, since_ms, source, actor, reason,"
                + " recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?)", deviceId, station, since.toEpochMilli(), source, actor,
                reason, Instant.now().toString());
    }

    private static List<Placement> history(Connection c, String deviceId) throws SQLException {
        try (PreparedStatement ps = JournalRows.prepare(c, "SELECT * FROM device_station WHERE device_id = ?"
                + " ORDER BY since_ms, id", deviceId); ResultSet rs = ps.executeQuery()) {
            List<Placement> out = new ArrayList<>();
            while (rs.next()) {
                out.add(new Placement(deviceId, rs.getString("station"), Instant.ofEpochMilli(rs.getLong("since_ms")),
                        rs.getString("source"), rs.getString("actor"), rs.getString("reason"),
                        Instant.parse(rs.getString("recorded_at"))));
            }
            return out;
        }
    }
}
