package org.smartclinic.gateway.journal;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

import org.smartclinic.drivers.DeviceIdentity;

/**
 * What the journal keeps about devices themselves: the identity each reported last (so the FHIR Device is updated
 * once per change, and the technician sees it after a restart) and summaries of the waveforms they streamed.
 */
public final class DeviceRecords {

    /**
     * A summary of one stretch of a streamed waveform, written every few seconds while it streams (never once per
     * frame).
     */
    public record StreamSegment(long id, String deviceId, String stream, Instant startedAt, Instant lastAt,
            long chunks, long samples, long invalidSamples, long gapSamples, long liveDropped) {
    }

    private final JournalDatabase db;
    private final Clock clock;

    public DeviceRecords(JournalDatabase db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    /** The identity every device reported last, by device id. */
    public Map<String, DeviceIdentity> identities() {
        return db.read(c -> {
            Map<String, DeviceIdentity> out = new HashMap<>();
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT device_id, model, serial_number, firmware FROM device_identity");
                    ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString("device_id"), new DeviceIdentity(rs.getString("model"),
                            rs.getString("serial_number"), rs.getString("firmware")));
                }
            }
            return out;
        });
    }

    /**
     * Records what {@code deviceId} reported; when it differs from what was recorded, queues the update of its FHIR
     * Device in the same transaction. Returns true if it changed.
     */
    public CompletableFuture<Boolean> reportIdentity(String deviceId, DeviceIdentity identity) {
        return db.write(c -> {
            DeviceIdentity known = null;
            try (PreparedStatement ps = JournalRows.prepare(c, "SELECT model, serial_number, firmware"
                    + " FROM device_identity WHERE device_id = ?", deviceId); ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    known = new DeviceIdentity(rs.getString("model"), rs.getString("serial_number"),
                            rs.getString("firmware"));
                }
            }
            if (Objects.equals(known, identity)) {
                return false;
            }
            String now = clock.instant().toString();
            JournalRows.update(c, "INSERT INTO device_identity (device_id, model, serial_number, firmware, reported_at)"
                    + " VALUES (?, ?, ?, ?, ?) ON CONFLICT (device_id) DO UPDATE SET model = excluded.model,"
                    + " serial_number = excluded.serial_number, firmware = excluded.firmware,"
                    + " reported_at = excluded.reported_at", deviceId, identity.model(), identity.serialNumber(),
                    identity.firmware(), now);
            Journal.enqueue(c, Outbox.Kind.DEVICE, null, null, deviceId, now);
            return true;
        });
    }

    /** Inserts ({@code id} 0) or updates a segment; returns its id. */
    public CompletableFuture<Long> saveSegment(StreamSegment s) {
        return db.write(c -> {
            if (s.id() == 0) {
                JournalRows.update(c, "INSERT INTO stream_segment (device_id, stream, started_at, last_at, chunks,"
                        + " samples, invalid_samples, gap_samples, live_dropped) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        s.deviceId(), s.stream(), s.startedAt().toString(), s.lastAt().toString(), s.chunks(),
                        s.samples(), s.invalidSamples(), s.gapSamples(), s.liveDropped());
                return JournalRows.lastRowId(c);
            }
            JournalRows.update(c, "UPDATE stream_segment SET last_at = ?, chunks = ?, samples = ?, invalid_samples = ?,"
                    + " gap_samples = ?, live_dropped = ? WHERE id = ?", s.lastAt().toString(), s.chunks(), s.samples(),
                    s.invalidSamples(), s.gapSamples(), s.liveDropped(), s.id());
            return s.id();
        });
    }

    /** The newest segments of a device. */
    public List<StreamSegment> segments(String deviceId, int limit) {
        return db.read(c -> {
            try (PreparedStatement ps = JournalRows.prepare(c, "SELECT id, device_id, stream, started_at, last_at,"
                    + " chunks, samples, invalid_samples, gap_samples, live_dropped FROM stream_segment"
                    + " WHERE device_id = ? ORDER BY id DESC LIMIT ?", deviceId, limit);
                    ResultSet rs = ps.executeQuery()) {
                List<StreamSegment> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(new StreamSegment(rs.getLong("id"), rs.getString("device_id"), rs.getString("stream"),
                            Instant.parse(rs.getString("started_at")), Instant.parse(rs.getString("last_at")),
                            rs.getLong("chunks"), rs.getLong("samples"), rs.getLong("invalid_samples"),
                            rs.getLong("gap_samples"), rs.getLong("live_dropped")));
                }
                return out;
            }
        });
    }
}
