package org.smartclinic.gateway.binding;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.smartclinic.drivers.Code;
import org.smartclinic.drivers.Measurement;
import org.smartclinic.drivers.Reading;
import org.smartclinic.drivers.Value;
import org.smartclinic.fhir.PatientIdentifier;
import org.smartclinic.gateway.journal.ExamRecords;
import org.smartclinic.gateway.journal.Journal;
import org.smartclinic.gateway.journal.JournalDatabase;
import org.smartclinic.gateway.journal.Placements;

/**
 * The binding property, on the real journal (SQLite on disk) with the real binder: random interleavings of exams
 * opened and closed (or forgotten, to close themselves), device moves, devices with right, skewed, reset and
 * stepping clocks or none, readings delivered live, late (retransmitted after an outage) or twice, results by
 * sample id after the exam closed, unknown sample ids, patient ids entered at devices (right and wrong), and
 * gateway restarts (the journal closed and opened again) - and after each scenario, no reading is bound to an exam
 * other than the one the scenario intends: the exam open at the device's true station at the true moment of
 * measurement (or the exam that issued the sample), and none when the patient id entered at the device is wrong.
 * Held and unassigned readings are never a violation; the test also requires that most readings that could be
 * bound were, so a binder that binds nothing cannot pass.
 *
 * <p>Model assumptions the binder relies on (docs/binding.md): a reading that is not late arrives within the
 * tolerance; a device without a clock only delivers live; a clock that is ahead or was just stepped shows it in a
 * live reading before a late one arrives (a clock step and an outage never coincide).
 */
class BindingPropertyTest {

    static final int SEEDS = 5;
    static final int READINGS_PER_SEED = 20_000;
    static final String SNILS = "urn:oid:1.2.643.100.3";
    static final Instant START = Instant.parse("2026-01-05T08:00:00Z");
    static final List<String> STATIONS = List.of("room-1", "room-2", "room-3");

    @TempDir
    Path dir;

    /**
     * The seeds run side by side: each has its own journal file, clock and model, and most of a scenario's time is
     * the journal's commits waiting on fsync, so they overlap even on two cores (58 s one after another in CI).
     */
    @Test
    void randomScenarios_neverBindAReadingToAnotherPatient() throws Exception {
        List<Future<Tally>> runs = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(SEEDS)) {
            for (int seed = 1; seed <= SEEDS; seed++) {
                Scenario scenario = new Scenario(seed, dir.resolve("seed-" + seed));
                runs.add(pool.submit(() -> scenario.run(READINGS_PER_SEED)));
            }
        }
        Tally total = new Tally();
        for (int seed = 1; seed <= SEEDS; seed++) {
            Tally t = runs.get(seed - 1).get();
            assertThat(t.misbound).as("seed %d: misbound readings (%d total)", seed, t.misbound.size()).isEmpty();
            total.add(t);
        }
        System.out.printf("binding property: %d readings in %d scenarios (%d deliveries, %d duplicates stored once,"
                + " %d restarts): %d bound to the intended exam, %d held, %d unassigned, 0 misbound; %d of %d"
                + " bindable readings bound%n", total.readings, SEEDS, total.deliveries, total.duplicates,
                total.restarts, total.bound, total.held, total.unassigned, total.boundOfBindable, total.bindable);
        assertThat(total.readings).isGreaterThanOrEqualTo(100_000);
        assertThat(total.boundOfBindable).as("readings bound of those that had an intended exam")
                .isGreaterThan(total.bindable * 6 / 10);
        assertThat(total.held).as("the scenarios reach the held rules").isPositive();
    }

    static final class Tally {
        long readings;
        long deliveries;
        long duplicates;
        long restarts;
        long bound;
        long held;
        long unassigned;
        long bindable;
        long boundOfBindable;
        final List<String> misbound = new ArrayList<>();

        void add(Tally t) {
            readings += t.readings;
            deliveries += t.deliveries;
            duplicates += t.duplicates;
            restarts += t.restarts;
            bound += t.bound;
            held += t.held;
            unassigned += t.unassigned;
            bindable += t.bindable;
            boundOfBindable += t.boundOfBindable;
        }
    }

    /** How a device's clock behaves. */
    enum ClockKind { NONE, RIGHT, SKEWED, STEPPING }

    static final class SimDevice {
        final String id;
        final ClockKind clock;
        final String configured;
        final boolean lab;
        long offsetMs;
        final List<long[]> history = new ArrayList<>();
        final List<String> stations = new ArrayList<>();
        int seq;
        Instant firstMeasured;
        Instant lastStep = Instant.EPOCH;
        boolean liveSinceStep = true;

        SimDevice(String id, ClockKind clock, long offsetMs, String station, boolean lab) {
            this.id = id;
            this.clock = clock;
            this.offsetMs = offsetMs;
            this.configured = station;
            this.lab = lab;
            history.add(new long[] {Instant.EPOCH.toEpochMilli()});
            stations.add(station);
        }

        String stationAt(long t) {
            String s = stations.getFirst();
            for (int i = 0; i < history.size(); i++) {
                if (history.get(i)[0] <= t) {
                    s = stations.get(i);
                }
            }
            return s;
        }

        String now() {
            return stations.getLast();
        }
    }

    /** What the scenario knows about a reading. */
    record Truth(Instant measuredAt, String deviceId, String sampleExam, boolean sampleUnknown, boolean wrongPatient,
            boolean sampled) {
    }

    record Delivery(Instant at, Reading reading, String configured) {
    }

    static final class Scenario {
        final Random rnd;
        final Path dir;
        final MutableClock clock = new MutableClock(START);
        final BindingPolicy policy = BindingPolicy.defaults();
        final List<SimDevice> devices = new ArrayList<>();
        final Map<String, String> openExam = new HashMap<>();
        final Map<String, Instant> plannedClose = new HashMap<>();
        final Map<String, String> examPatient = new HashMap<>();
        final Map<String, String> sampleExam = new HashMap<>();
        final Map<String, Truth> truths = new HashMap<>();
        final PriorityQueue<Delivery> pending = new PriorityQueue<>((a, b) -> a.at().compareTo(b.at()));
        final Tally tally = new Tally();
        JournalDatabase db;
        Journal journal;
        ExamRecords exams;
        Placements placements;
        Instant now = START;
        Instant nextOverdueCheck = START;

        Scenario(long seed, Path dir) {
            this.rnd = new Random(seed);
            this.dir = dir;
            devices.add(new SimDevice("ox-none", ClockKind.NONE, 0, "room-1", false));
            devices.add(new SimDevice("bp-right", ClockKind.RIGHT, 0, "room-1", false));
            devices.add(new SimDevice("bp-behind", ClockKind.SKEWED, 40_000, "room-2", false));
            devices.add(new SimDevice("bp-ahead", ClockKind.SKEWED, -30_000, "room-2", false));
            devices.add(new SimDevice("therm-45min", ClockKind.SKEWED, 45 * 60_000, "room-3", false));
            devices.add(new SimDevice("scale-reset", ClockKind.SKEWED, Duration.ofDays(365L * 26).toMillis(),
                    "room-3", false));
            devices.add(new SimDevice("spiro-stepping", ClockKind.STEPPING, 0, "room-1", false));
            devices.add(new SimDevice("mobile-kit", ClockKind.RIGHT, 2_000, "room-2", false));
            devices.add(new SimDevice("lab", ClockKind.RIGHT, 0, "room-2", true));
            open();
        }

        void open() {
            db = JournalDatabase.open(dir.resolve("journal.db"));
            journal = new Journal(db, clock, policy);
            exams = new ExamRecords(db, clock);
            placements = new Placements(db, clock);
        }

        Tally run(int readings) {
            while (tally.readings < readings) {
                now = now.plusMillis(2_000 + rnd.nextInt(18_000));
                deliverDue();
                clock.set(now);
                step();
            }
            now = now.plus(Duration.ofHours(8));
            deliverDue();
            db.close();
            check();
            return tally;
        }

        void step() {
            if (!now.isBefore(nextOverdueCheck)) {
                exams.closeOverdue().join().forEach(e -> openExam.remove(e.station()));
                nextOverdueCheck = now.plus(Duration.ofMinutes(10));
            }
            for (String station : STATIONS) {
                String open = openExam.get(station);
                if (open != null && plannedClose.containsKey(open) && !now.isBefore(plannedClose.get(open))) {
                    exams.close(open, null).join();
                    openExam.remove(station);
                } else if (open == null && rnd.nextInt(100) < 3) {
                    openExamAt(station);
                }
            }
            int r = rnd.nextInt(10_000);
            if (r < 30) {
                moveDevice();
            } else if (r < 32) {
                restart();
            } else if (r < 37) {
                stepClock();
            } else if (r < 250) {
                labSample();
            } else {
                measure(devices.get(rnd.nextInt(devices.size() - 1)), null, false);
            }
        }

        void openExamAt(String station) {
            String patient = String.format("%03d-%03d-%03d %02d", 100 + rnd.nextInt(40), 456, 789, rnd.nextInt(100));
            String id = exams.open(station, null, new PatientIdentifier(SNILS, patient), null,
                    policy.maxExamDuration()).join().id();
            openExam.put(station, id);
            examPatient.put(id, patient);
            if (rnd.nextInt(100) >= 5) {
                plannedClose.put(id, now.plusSeconds(120 + rnd.nextInt(2_400)));
            }
        }

        void moveDevice() {
            SimDevice d = rnd.nextInt(10) < 8 ? devices.get(7) : devices.get(rnd.nextInt(devices.size()));
            String to = STATIONS.get(rnd.nextInt(STATIONS.size()));
            if (to.equals(d.now())) {
                return;
            }
            placements.move(d.id, to, "technician", "test").join();
            d.history.add(new long[] {now.toEpochMilli()});
            d.stations.add(to);
        }

        void restart() {
            db.close();
            open();
            tally.restarts++;
        }

        /** Only when nothing of the device is in flight: a clock step and an outage never coincide (see above). */
        void stepClock() {
            SimDevice d = devices.get(6);
            if (pending.stream().anyMatch(p -> p.reading().deviceId().equals(d.id))) {
                return;
            }
            long[] choices = {0, 300_000, -180_000, 3_600_000, -3_600_000, 20_000, -20_000};
            d.offsetMs = choices[rnd.nextInt(choices.length)];
            d.lastStep = now;
            d.liveSinceStep = false;
        }

        void labSample() {
            SimDevice lab = devices.getLast();
            if (rnd.nextInt(10) == 0) {
                measure(lab, "U" + rnd.nextInt(1_000_000), true);
                return;
            }
            List<String> open = new ArrayList<>(openExam.values());
            if (open.isEmpty()) {
                return;
            }
            String exam = open.get(rnd.nextInt(open.size()));
            String sample = exams.issueSamples(exam, 1).join().getFirst().id();
            sampleExam.put(sample, exam);
            measure(lab, sample, false);
        }

        void measure(SimDevice d, String sample, boolean unknownSample) {
            Instant t = sample == null ? now : now.plusSeconds(300 + rnd.nextInt(7_200));
            if (d.firstMeasured == null) {
                d.firstMeasured = t;
            }
            Instant deviceTime = d.clock == ClockKind.NONE ? null
                    : Instant.ofEpochSecond(t.minusMillis(d.offsetMs).getEpochSecond());
            boolean warm = Duration.between(d.firstMeasured, t).toMinutes() >= 20 && d.liveSinceStep;
            long delay = d.clock != ClockKind.NONE && warm && rnd.nextInt(100) < 8
                    ? 10_000 + (long) rnd.nextInt(3 * 3_600_000) : rnd.nextInt(2_000);
            if (delay < 2_000) {
                d.liveSinceStep = true;
            }
            String patientId = null;
            boolean wrong = false;
            String examNow = openExam.get(d.stationAt(t.toEpochMilli()));
            if (sample == null && rnd.nextInt(100) < 4) {
                wrong = examNow == null || rnd.nextInt(4) == 0;
                String right = examNow == null ? null : examPatient.get(examNow);
                patientId = wrong ? String.format("%03d45678900", 100 + rnd.nextInt(40)) : right.replace(" ", "")
                        .replace("-", "");
                if (wrong && right != null && Binder.normalise(patientId).equals(Binder.normalise(right))) {
                    wrong = false;
                }
            }
            String key = d.id + "#" + (++d.seq);
            Instant received = t.plusMillis(delay);
            Reading reading = new Reading(d.id, key, deviceTime, received, List.of(value(d.seq)), null, sample,
                    patientId);
            truths.put(key, new Truth(t, d.id, sample == null ? null : sampleExam.get(sample), unknownSample, wrong,
                    sample != null));
            pending.add(new Delivery(received, reading, d.configured));
            tally.readings++;
            if (rnd.nextInt(100) < 3) {
                Instant again = received.plusSeconds(1 + rnd.nextInt(600));
                pending.add(new Delivery(again, new Reading(d.id, key, deviceTime, again, reading.measurements(), null,
                        sample, patientId), d.configured));
            }
        }

        void deliverDue() {
            while (!pending.isEmpty() && !pending.peek().at().isAfter(now)) {
                Delivery d = pending.poll();
                clock.set(d.at());
                Journal.AppendResult r = journal.append(d.configured(), List.of(d.reading())).join();
                tally.deliveries++;
                tally.duplicates += r.duplicates();
            }
        }

        static Measurement value(int seq) {
            return Measurement.of(Code.deviceCode("sim", "V", "Value"), List.of(new Code(Code.LOINC, "8867-4",
                    "Heart rate")), new Value.Quantity(BigDecimal.valueOf(60 + seq % 40), "/min"));
        }

        /** Compares every stored reading with what the scenario intended. */
        void check() {
            JournalDatabase reopened = JournalDatabase.open(dir.resolve("journal.db"));
            try {
                Map<String, long[]> spans = new HashMap<>();
                Map<String, String> stationOf = new HashMap<>();
                reopened.read(c -> {
                    try (ResultSet rs = c.createStatement().executeQuery("SELECT id, station, opened_ms,"
                            + " MIN(COALESCE(closed_ms, 9223372036854775807), closes_ms) AS end_ms FROM exam")) {
                        while (rs.next()) {
                            spans.put(rs.getString(1), new long[] {rs.getLong(3), rs.getLong(4)});
                            stationOf.put(rs.getString(1), rs.getString(2));
                        }
                    }
                    try (ResultSet rs = c.createStatement().executeQuery("SELECT reading_key, binding_state, exam_id,"
                            + " binding_evidence FROM reading")) {
                        int stored = 0;
                        while (rs.next()) {
                            stored++;
                            judge(rs.getString(1), BindingState.valueOf(rs.getString(2)), rs.getString(3),
                                    rs.getString(4), spans, stationOf);
                        }
                        assertThat(stored).as("every reading stored once").isEqualTo(truths.size());
                    }
                    return null;
                });
            } finally {
                reopened.close();
            }
        }

        void judge(String key, BindingState state, String examId, String evidence, Map<String, long[]> spans,
                Map<String, String> stationOf) {
            Truth t = truths.get(key);
            SimDevice d = devices.stream().filter(x -> x.id.equals(t.deviceId())).findFirst().orElseThrow();
            String intended;
            if (t.sampled()) {
                intended = t.sampleUnknown() ? null : t.sampleExam();
            } else {
                long at = t.measuredAt().toEpochMilli();
                String station = d.stationAt(at);
                List<String> open = spans.entrySet().stream().filter(e -> stationOf.get(e.getKey()).equals(station)
                        && e.getValue()[0] <= at && at <= e.getValue()[1]).map(Map.Entry::getKey).toList();
                intended = open.size() == 1 ? open.getFirst() : null;
            }
            if (t.wrongPatient()) {
                intended = null;
            }
            if (intended != null) {
                tally.bindable++;
            }
            switch (state) {
                case BOUND, REVIEW -> {
                    if (!examId.equals(intended)) {
                        tally.misbound.add(key + " measured " + t.measuredAt() + " bound to " + examId + ", intended "
                                + intended + ": " + evidence);
                    } else {
                        tally.bound++;
                        tally.boundOfBindable++;
                    }
                }
                case HELD -> tally.held++;
                case UNASSIGNED -> tally.unassigned++;
                case REJECTED -> throw new AssertionError("nothing rejects in this scenario: " + key);
            }
        }
    }
}
