package org.smartclinic.gateway.exam;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.smartclinic.drivers.spi.HostOrder;
import org.smartclinic.fhir.PatientIdentifier;
import org.smartclinic.gateway.binding.MutableClock;
import org.smartclinic.gateway.journal.Exam;
import org.smartclinic.gateway.journal.ExamRecords;
import org.smartclinic.gateway.journal.JournalDatabase;
import org.smartclinic.gateway.journal.PatientRecords;

/** Host queries answered from a real SQLite journal. */
class SampleHostQueriesTest {

    private static final PatientIdentifier MRN = new PatientIdentifier("urn:smartclinic:mrn", "MRN-0042");

    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-03T09:00:00Z"));
    private JournalDatabase db;
    private SampleHostQueries hosts;
    private ExamRecords exams;

    @BeforeEach
    void open() {
        db = JournalDatabase.open(dir.resolve("journal.db"));
        exams = new ExamRecords(db, clock);
        hosts = new SampleHostQueries();
        hosts.exams = exams;
        hosts.patients = new PatientRecords(db, clock);
        hosts.clock = clock;
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void anIssuedSampleNamesItsExamsPatient() throws Exception {
        PatientRecords.Patient p = hosts.patients.register(new PatientRecords.Details(List.of(MRN), "Ivanova", "Anna",
                LocalDate.parse("1961-04-12"), "female"), null).get().patient();
        Exam exam = exams.open("room-1", p.id(), MRN, null, Duration.ofHours(4)).get();
        String sample = exams.issueSamples(exam.id(), 1).get().getFirst().id();
        clock.set(Instant.parse("2026-12-03T11:00:00Z"));

        HostOrder order = hosts.find(sample).orElseThrow();

        assertThat(order).isEqualTo(new HostOrder(sample, "MRN-0042", "Ivanova", "Anna", LocalDate.parse("1961-04-12"),
                "F", List.of()));
        // The sample id is random digits and may contain "1961"; the birth date is checked in its ISO form.
        assertThat(order.toString()).doesNotContain("Ivanova", "Anna", "MRN-0042", "1961-04-12");
        assertThat(hosts.find(" " + sample + " ")).contains(order);
    }

    @Test
    void unknownStaleOrMalformedSamplesGetNoInformation() throws Exception {
        Exam exam = exams.open("room-1", null, MRN, null, Duration.ofHours(4)).get();
        String sample = exams.issueSamples(exam.id(), 1).get().getFirst().id();

        assertThat(hosts.find(sample)).get().extracting(HostOrder::patientId, HostOrder::family, HostOrder::sex)
                .containsExactly("MRN-0042", null, "U");
        assertThat(hosts.find("1234567897")).isEmpty();
        assertThat(hosts.find("")).isEmpty();
        assertThat(hosts.find(null)).isEmpty();
        assertThat(hosts.find("9".repeat(65))).isEmpty();
        clock.set(Instant.parse("2026-12-04T09:00:01Z"));
        assertThat(hosts.find(sample)).as("a day after the exam opened").isEmpty();
    }

    @Test
    void genderBecomesTheLetterLis2A2Uses() {
        assertThat(List.of("male", "female", "other", "unknown")).map(SampleHostQueries::sex)
                .containsExactly("M", "F", "U", "U");
        assertThat(SampleHostQueries.sex(null)).isEqualTo("U");
    }
}
