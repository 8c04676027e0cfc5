package org.smartclinic.gateway.journal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.text.Normalizer;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import org.smartclinic.fhir.PatientIdentifier;

/**
 * The gateway's local cache of patients: everyone found on the EHR or registered here. It lets the GP find a
 * patient and open an exam while the EHR is out of reach; a patient registered then is created upstream later by a
 * {@link Outbox.Kind#PATIENT} item (conditionally, by identifier, so two gateways registering the same person make
 * one Patient). An identifier belongs to one local patient.
 */
public final class PatientRecords {

    /**
     * A patient as the gateway knows them.
     *
     * @param ehrRef     the Patient on the EHR, e.g. {@code Patient/123}; null until known
     * @param registered whether the patient was registered through this gateway
     */
    public record Patient(String id, List<PatientIdentifier> identifiers, String family, String given,
            LocalDate birthDate, String gender, String ehrRef, boolean registered) {
    }

    /** What to store of a patient. */
    public record Details(List<PatientIdentifier> identifiers, String family, String given, LocalDate birthDate,
            String gender) {
    }

    private final JournalDatabase db;
    private final Clock clock;

    public PatientRecords(JournalDatabase db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    /**
     * Remembers a patient the EHR returned: updates the local record with that reference or any of those
     * identifiers, or adds one.
     */
    public CompletableFuture<Patient> rememberFromEhr(Details d, String ehrRef) {
        return db.write(c -> {
            Optional<String> id = byRef(c, ehrRef);
            if (id.isEmpty()) {
                id = byIdentifiers(c, d.identifiers());
            }
            String pid = id.orElseGet(() -> UUID.randomUUID().toString());
            upsert(c, pid, d, ehrRef, false);
            return get(c, pid).orElseThrow();
        });
    }

    /**
     * Registers a patient here. When the EHR already created them ({@code ehrRef} non-null) that is recorded;
     * otherwise a PATIENT item creates them upstream when the EHR is reachable. A patient already known by one of
     * the identifiers is returned unchanged.
     *
     * @return the patient, and whether they were new
     */
    public CompletableFuture<Registered> register(Details d, String ehrRef) {
        return db.write(c -> {
            Optional<String> known = byIdentifiers(c, d.identifiers());
            if (known.isPresent()) {
                return new Registered(get(c, known.get()).orElseThrow(), false);
            }
            String pid = UUID.randomUUID().toString();
            upsert(c, pid, d, ehrRef, true);
            if (ehrRef == null) {
                Journal.enqueue(c, Outbox.Kind.PATIENT, null, null, null, clock.instant().toString(), pid);
            }
            return new Registered(get(c, pid).orElseThrow(), true);
        });
    }

    /** The outcome of {@link #register}. */
    public record Registered(Patient patient, boolean created) {
    }

    /** Records where the EHR keeps the patient, on the patient and every exam of theirs. */
    public CompletableFuture<Integer> linkToEhr(String patientId, String ehrRef) {
        return db.write(c -> {
            JournalRows.update(c, "UPDATE patient SET ehr_ref = ?, updated_at = ? WHERE id = ?", ehrRef,
                    clock.instant().toString(), patientId);
            return JournalRows.update(c, "UPDATE exam SET ehr_patient = ? WHERE patient_id = ?", ehrRef, patientId);
        });
    }

    public Optional<Patient> get(String id) {
        return db.read(c -> get(c, id));
    }

    public Optional<Patient> byIdentifier(PatientIdentifier identifier) {
        return db.read(c -> {
            Optional<String> id = byIdentifiers(c, List.of(identifier));
            return id.isEmpty() ? Optional.empty() : get(c, id.get());
        });
    }

    /** Local search like the EHR's: family and given name start with (case and accents ignored), same birth date. */
    public List<Patient> byName(String family, String given, LocalDate birthDate, int limit) {
        return db.read(c -> {
            List<Patient> out = new ArrayList<>();
            try (PreparedStatement ps = JournalRows.prepare(c, "SELECT id FROM patient WHERE (? IS NULL OR family_norm"
                    + " LIKE ? ESCAPE '\\') AND (? IS NULL OR given_norm LIKE ? ESCAPE '\\') AND (? IS NULL OR"
                    + " birth_date = ?) ORDER BY family_norm, given_norm LIMIT ?", family, like(family), given,
                    like(given), iso(birthDate), iso(birthDate), limit); ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    get(c, rs.getString(1)).ifPresent(out::add);
                }
            }
            return out;
        });
    }

    /** Upper case without accents or diacritics, as FHIR string search compares. */
    static String normalise(String s) {
        if (s == null) {
            return null;
        }
        String decomposed = Normalizer.normalize(s, Normalizer.Form.NFD).replaceAll("\\p{M}", "");
        return decomposed.toUpperCase(Locale.ROOT);
    }

    private static String like(String s) {
        return s == null ? null : normalise(s).replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
    }

    private static String iso(LocalDate d) {
        return d == null ? null : d.toString();
    }

    private void upsert(Connection c, String pid, Details d, String ehrRef, boolean registered) throws SQLException {
        String now = clock.instant().toString();
        JournalRows.update(c, """
                INSERT INTO patient (id, family, given, family_norm, given_norm, birth_date, gender, ehr_ref, registered,
                                     updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (id) DO UPDATE SET family = COALESCE(excluded.family, family),
                    given = COALESCE(excluded.given, given), family_norm = COALESCE(excluded.family_norm, family_norm),
                    given_norm = COALESCE(excluded.given_norm, given_norm),
                    birth_date = COALESCE(excluded.birth_date, birth_date), gender = COALESCE(excluded.gender, gender),
                    ehr_ref = COALESCE(excluded.ehr_ref, ehr_ref), updated_at = excluded.updated_at""",
                pid, d.family(), d.given(), normalise(d.family()), normalise(d.given()), iso(d.birthDate()), d.gender(),
                ehrRef, registered ? 1 : 0, now);
        for (PatientIdentifier i : d.identifiers()) {
            // An identifier another local record holds stays there: the records are merged by a person, not here.
            JournalRows.update(c, "INSERT INTO patient_identifier (patient_id, system, value) VALUES (?, ?, ?)"
                    + " ON CONFLICT (system, value) DO NOTHING", pid, i.system(), i.value());
        }
        if (ehrRef != null) {
            JournalRows.update(c, "UPDATE exam SET ehr_patient = ? WHERE patient_id = ?", ehrRef, pid);
        }
    }

    private static Optional<String> byRef(Connection c, String ehrRef) throws SQLException {
        if (ehrRef == null) {
            return Optional.empty();
        }
        try (PreparedStatement ps = JournalRows.prepare(c, "SELECT id FROM patient WHERE ehr_ref = ?", ehrRef);
                ResultSet rs = ps.executeQuery()) {
            return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
        }
    }

    private static Optional<String> byIdentifiers(Connection c, List<PatientIdentifier> ids) throws SQLException {
        for (PatientIdentifier i : ids) {
            try (PreparedStatement ps = JournalRows.prepare(c, "SELECT patient_id FROM patient_identifier WHERE system = ?"
                    + " AND value = ?", i.system(), i.value()); ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    return Optional.of(rs.getString(1));
                }
            }
        }
        return Optional.empty();
    }

    private static Optional<Patient> get(Connection c, String id) throws SQLException {
        try (PreparedStatement ps = JournalRows.prepare(c, "SELECT * FROM patient WHERE id = ?", id);
                ResultSet rs = ps.executeQuery()) {
            if (!rs.next()) {
                return Optional.empty();
            }
            List<PatientIdentifier> ids = new ArrayList<>();
            try (PreparedStatement q = JournalRows.prepare(c, "SELECT system, value FROM patient_identifier"
                    + " WHERE patient_id = ? ORDER BY system, value", id); ResultSet r = q.executeQuery()) {
                while (r.next()) {
                    ids.add(new PatientIdentifier(r.getString(1), r.getString(2)));
                }
            }
            String birth = rs.getString("birth_date");
            return Optional.of(new Patient(id, ids, rs.getString("family"), rs.getString("given"),
                    birth == null ? null : LocalDate.parse(birth), rs.getString("gender"), rs.getString("ehr_ref"),
                    rs.getInt("registered") == 1));
        }
    }
}
