package org.smartclinic.gateway.journal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

import org.smartclinic.gateway.binding.Binder;

/** The binding engine's facts, read from the journal inside the transaction that stores the readings. */
final class JournalFacts implements Binder.Facts {

    /** The end of an exam's period in ms: its close, else its automatic close (legacy exams: open + maximum). */
    static final String END_MS = "MIN(COALESCE(e.closed_ms, 9223372036854775807), COALESCE(e.closes_ms,"
            + " e.opened_ms + ?))";

    private final Connection c;
    private final Duration maxExam;
    private final Predicate<String> confirmFirst;

    JournalFacts(Connection c, Duration maxExam, Predicate<String> confirmFirst) {
        this.c = c;
        this.maxExam = maxExam;
        this.confirmFirst = confirmFirst;
    }

    /** A device's placement: at {@code station} since {@code sinceMs}. */
    record Placed(String station, long sinceMs) {
    }

    @Override
    public List<String> stationsOf(String deviceId, Instant from, Instant to) {
        return stationsOf(placements(deviceId), from, to);
    }

    /** The device's placements, in order ({@code device_station}). */
    List<Placed> placements(String deviceId) {
        try (PreparedStatement ps = JournalRows.prepare(c, "SELECT station, since_ms FROM device_station"
                + " WHERE device_id = ? ORDER BY since_ms, id", deviceId); ResultSet rs = ps.executeQuery()) {
            List<Placed> out = new ArrayList<>();
            while (rs.next()) {
                out.add(new Placed(rs.getString("station"), rs.getLong("since_ms")));
            }
            return out;
        } catch (SQLException e) {
            throw new JournalException("reading the device's stations failed", e);
        }
    }

    /** {@link #stationsOf(String, Instant, Instant)} over placements already read. */
    static List<String> stationsOf(List<Placed> placements, Instant from, Instant to) {
        List<String> stations = new ArrayList<>();
        String before = null;
        for (Placed p : placements) {
            if (p.sinceMs() <= from.toEpochMilli()) {
                before = p.station();
            } else if (p.sinceMs() <= to.toEpochMilli()) {
                if (stations.isEmpty()) {
                    stations.add(before == null ? "(none)" : before);
                }
                if (!stations.getLast().equals(p.station())) {
                    stations.add(p.station());
                }
            }
        }
        if (stations.isEmpty() && before != null) {
            stations.add(before);
        }
        return stations;
    }

    @Override
    public List<Binder.ExamSpan> examsAt(String station, Instant from, Instant to) {
        return spans("WHERE e.station = ? AND e.opened_ms <= ? AND " + END_MS + " >= ? ORDER BY e.opened_ms",
                station, to.toEpochMilli(), maxExam.toMillis(), from.toEpochMilli());
    }

    @Override
    public Optional<Binder.ExamSpan> examOfSample(String sampleId) {
        return spans("JOIN sample s ON s.exam_id = e.id WHERE s.id = ?", sampleId).stream().findFirst();
    }

    @Override
    public Set<String> patientIdentifiers(String examId) {
        Set<String> out = new HashSet<>();
        try (PreparedStatement ps = JournalRows.prepare(c, """
                SELECT e.patient_value AS value FROM exam e WHERE e.id = ?
                UNION SELECT i.value FROM exam e JOIN patient_identifier i ON i.patient_id = e.patient_id
                WHERE e.id = ?""", examId, examId); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                if (rs.getString("value") != null && !rs.getString("value").isEmpty()) {
                    out.add(Binder.normalise(rs.getString("value")));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new JournalException("reading the exam patient's identifiers failed", e);
        }
    }

    @Override
    public boolean confirmFirst(String station) {
        return confirmFirst.test(station);
    }

    private List<Binder.ExamSpan> spans(String where, Object... args) {
        Object[] all = new Object[args.length + 1];
        all[0] = maxExam.toMillis();
        System.arraycopy(args, 0, all, 1, args.length);
        try (PreparedStatement ps = JournalRows.prepare(c, "SELECT e.id, e.station, e.opened_ms, " + END_MS
                + " AS end_ms FROM exam e " + where, all); ResultSet rs = ps.executeQuery()) {
            List<Binder.ExamSpan> out = new ArrayList<>();
            while (rs.next()) {
                out.add(new Binder.ExamSpan(rs.getString("id"), rs.getString("station"),
                        Instant.ofEpochMilli(rs.getLong("opened_ms")), Instant.ofEpochMilli(rs.getLong("end_ms"))));
            }
            return out;
        } catch (SQLException e) {
            throw new JournalException("reading exams failed", e);
        }
    }
}
