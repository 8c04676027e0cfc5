package org.smartclinic.gateway.journal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.smartclinic.gateway.binding.DeviceClock;

/** Each device's clock as the journal keeps it ({@code device_clock}): offset samples and the confirmed offset. */
public final class DeviceClocks {

    /**
     * A device's clock as shown to people.
     *
     * @param offset    receive time minus device time, estimated; positive: the device clock is behind
     * @param confirmed whether the estimate is confirmed and used to time readings
     * @param trusted   whether the device's clock is trusted for binding (confirmed and within the threshold)
     */
    public record View(String deviceId, Duration offset, boolean confirmed, boolean trusted, Instant updatedAt) {
    }

    private final JournalDatabase db;
    private final DeviceClock.Settings settings;

    public DeviceClocks(JournalDatabase db, DeviceClock.Settings settings) {
        this.db = db;
        this.settings = settings;
    }

    /** The device's clock, or empty before its first reading with a device time. */
    public Optional<View> of(String deviceId) {
        return db.read(c -> {
            try (PreparedStatement ps = JournalRows.prepare(c, "SELECT updated_at FROM device_clock WHERE device_id = ?",
                    deviceId); ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                DeviceClock clock = load(c, deviceId);
                if (clock.offset() == null) {
                    return Optional.empty();
                }
                return Optional.of(new View(deviceId, clock.offset(), clock.confirmed(settings.tolerance()),
                        clock.trusted(settings), Instant.parse(rs.getString("updated_at"))));
            }
        });
    }

    static DeviceClock load(Connection c, String deviceId) throws SQLException {
        try (PreparedStatement ps = JournalRows.prepare(c, "SELECT samples, plateau_ms, plateau_since, confirmed_ms"
                + " FROM device_clock WHERE device_id = ?", deviceId); ResultSet rs = ps.executeQuery()) {
            if (!rs.next()) {
                return DeviceClock.empty();
            }
            List<DeviceClock.Sample> samples = new ArrayList<>();
            String text = rs.getString("samples");
            if (!text.isEmpty()) {
                for (String pair : text.split(";")) {
                    int colon = pair.indexOf(':');
                    samples.add(new DeviceClock.Sample(Long.parseLong(pair.substring(0, colon)),
                            Long.parseLong(pair.substring(colon + 1))));
                }
            }
            long plateauMs = rs.getLong("plateau_ms");
            DeviceClock.Sample plateau = rs.wasNull() ? null
                    : new DeviceClock.Sample(rs.getLong("plateau_since"), plateauMs);
            long confirmed = rs.getLong("confirmed_ms");
            return DeviceClock.of(new DeviceClock.State(samples, plateau, rs.wasNull() ? null : confirmed));
        }
    }

    static void save(Connection c, String deviceId, DeviceClock clock, DeviceClock.Settings settings, String now)
            throws SQLException {
        StringBuilder text = new StringBuilder();
        for (DeviceClock.Sample s : clock.samples()) {
            if (!text.isEmpty()) {
                text.append(';');
            }
            text.append(s.receivedAtMs()).append(':').append(s.offsetMs());
        }
        Duration offset = clock.offset();
        DeviceClock.Sample plateau = clock.state().plateau();
        JournalRows.update(c, """
                INSERT INTO device_clock (device_id, samples, offset_ms, plateau_ms, plateau_since, confirmed_ms, trusted,
                                          updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (device_id) DO UPDATE SET samples = excluded.samples, offset_ms = excluded.offset_ms,
                    plateau_ms = excluded.plateau_ms, plateau_since = excluded.plateau_since,
                    confirmed_ms = excluded.confirmed_ms, trusted = excluded.trusted, updated_at = excluded.updated_at""",
                deviceId, text.toString(), offset == null ? null : offset.toMillis(),
                plateau == null ? null : plateau.offsetMs(), plateau == null ? null : plateau.receivedAtMs(),
                clock.confirmedOffsetMs(), clock.trusted(settings) ? 1 : 0, now);
    }
}
