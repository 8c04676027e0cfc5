package org.smartclinic.gateway.exam;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;
import org.smartclinic.drivers.spi.HostOrder;
import org.smartclinic.drivers.spi.HostQueries;
import org.smartclinic.gateway.journal.Exam;
import org.smartclinic.gateway.journal.ExamRecords;
import org.smartclinic.gateway.journal.PatientRecords;

/**
 * Answers analyzers' host queries from the journal: a sample id this gateway issued ({@code POST
 * /api/exams/{id}/samples}) names its exam, and the exam its patient. The answer carries the patient's identifier
 * as the exam was opened with (or the local patient id when the exam names the patient on the EHR only), and the
 * name, birth date and sex the gateway has cached. It goes to the analyzer only: nothing of it is logged.
 *
 * <p>A sample whose exam was opened more than {@link #ANSWER_FOR} ago gets "no information": a tube that old is not
 * run for this exam any more, and a stale label must not pull a patient's name onto a result slip.
 */
@ApplicationScoped
public class SampleHostQueries implements HostQueries {

    /** How long after its exam opened a sample is still answered. */
    static final Duration ANSWER_FOR = Duration.ofHours(24);

    private static final Logger LOG = Logger.getLogger(SampleHostQueries.class);

    @Inject
    ExamRecords exams;

    @Inject
    PatientRecords patients;

    @Inject
    java.time.Clock clock;

    @Override
    public Optional<HostOrder> find(String sampleId) {
        if (sampleId == null || sampleId.isBlank() || sampleId.length() > 64) {
            return Optional.empty();
        }
        try {
            return exams.sample(sampleId.strip()).flatMap(s -> exams.exam(s.examId()))
                    .filter(e -> e.openedAt().plus(ANSWER_FOR).isAfter(Instant.now(clock)))
                    .map(e -> order(sampleId.strip(), e));
        } catch (RuntimeException e) {
            // The analyzer then gets "no information" and the technician sees why in the log; no patient data here.
            LOG.warnf("host query for sample %s could not be answered from the journal: %s", sampleId,
                    e.getClass().getSimpleName());
            return Optional.empty();
        }
    }

    private HostOrder order(String sampleId, Exam exam) {
        Optional<PatientRecords.Patient> patient = exam.patientId() == null ? Optional.empty()
                : patients.get(exam.patientId());
        String id = exam.patient() != null ? exam.patient().value()
                : patient.map(PatientRecords.Patient::id).orElse(exam.id());
        return new HostOrder(sampleId, id, patient.map(PatientRecords.Patient::family).orElse(null),
                patient.map(PatientRecords.Patient::given).orElse(null),
                patient.map(PatientRecords.Patient::birthDate).orElse(null),
                sex(patient.map(PatientRecords.Patient::gender).orElse(null)), List.of());
    }

    /** FHIR's administrative gender as LIS2-A2's P-9 letter. */
    static String sex(String gender) {
        if (gender == null) {
            return "U";
        }
        return switch (gender) {
            case "male" -> "M";
            case "female" -> "F";
            default -> "U";
        };
    }
}
