package org.smartclinic.gateway.exam;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.quarkus.scheduler.Scheduled;

import org.jboss.logging.Logger;
import org.smartclinic.fhir.PatientIdentifier;
import org.smartclinic.gateway.api.ApiException;
import org.smartclinic.gateway.api.Input;
import org.smartclinic.gateway.config.GatewayConfig;
import org.smartclinic.gateway.device.DeviceManager;
import org.smartclinic.gateway.journal.Exam;
import org.smartclinic.gateway.journal.ExamRecords;
import org.smartclinic.gateway.journal.PatientRecords;
import org.smartclinic.gateway.live.ExamFeed;
import org.smartclinic.gateway.patient.Phi;
import org.smartclinic.gateway.patient.PatientService;
import org.smartclinic.gateway.uplink.EhrClient;
import org.smartclinic.gateway.uplink.Uplink;

/**
 * Opens and closes exams, closes those past their maximum duration, issues sample ids. Opening never depends on
 * the EHR being reachable: a patient known only by identifier is looked up (or created) there within a short
 * timeout for the GP's feedback, and if that fails the exam opens anyway and the uplink creates the patient by
 * identifier with the first reading.
 */
@ApplicationScoped
public class ExamService {

    private static final Logger LOG = Logger.getLogger(ExamService.class);

    @Inject
    GatewayConfig config;

    @Inject
    ExamRecords exams;

    @Inject
    PatientRecords patients;

    @Inject
    PatientService patientService;

    @Inject
    DeviceManager devices;

    @Inject
    EhrClient ehr;

    @Inject
    Uplink uplink;

    @Inject
    ExamFeed live;

    /** Patient lookups block on the EHR; each gets a virtual thread so a hanging EHR holds up nothing else. */
    private final ExecutorService lookups = Executors.newVirtualThreadPerTaskExecutor();

    @PreDestroy
    void stop() {
        lookups.shutdownNow();
    }

    public ExamView open(OpenExamRequest request) {
        if (request == null) {
            throw ApiException.badRequest("a body is required", EXAMPLE);
        }
        if (request.station() == null || request.station().isBlank()) {
            throw ApiException.badRequest("station is missing", EXAMPLE);
        }
        String station = Input.id("station", request.station());
        if (!devices.stations().contains(station)) {
            throw ApiException.badRequest("no station " + station, "known stations: " + devices.stations());
        }
        PatientRecords.Patient patient = patient(request);
        PatientIdentifier shown = request.patient() != null ? identifier(request.patient())
                : patient.identifiers().stream().findFirst().orElse(null);
        Exam exam = await(exams.open(station, patient.id(), shown, patient.ehrRef(), config.exams().maxDuration()));
        LOG.infof("exam %s opened at station %s", exam.id(), station);
        if (exam.ehrPatient() != null || shown == null) {
            return ExamView.of(exam);
        }
        if (patient.registered()) {
            // Registered here while the EHR was out of reach: the uplink creates them with their details first.
            uplink.signal();
            return ExamView.of(exam, "pending: the patient is created on the EHR when it is reachable");
        }
        CompletableFuture<String> lookup = CompletableFuture.supplyAsync(() -> ehr.ensurePatient(shown), lookups)
                .thenCompose(ref -> patients.linkToEhr(patient.id(), ref).thenApply(n -> ref));
        try {
            lookup.get(config.fhir().patientLookupTimeout().toMillis(), TimeUnit.MILLISECONDS);
            return ExamView.of(exams.exam(exam.id()).orElse(exam), "linked");
        } catch (TimeoutException e) {
            return ExamView.of(exam, "pending: the EHR did not answer within " + config.fhir().patientLookupTimeout()
                    + "; readings are kept and delivered when it does");
        } catch (ExecutionException e) {
            String why = Phi.scrub(String.valueOf(e.getCause().getMessage()), List.of(shown.value()));
            LOG.warnf("exam %s: patient not found or created on the EHR: %s", exam.id(), why);
            return ExamView.of(exam, "pending: " + why + "; readings are kept and delivered when the EHR is back");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ExamView.of(exam, "pending");
        }
    }

    private static final String EXAMPLE = "send e.g. {\"station\": \"room-1\", \"patient\": {\"system\": \"snils\","
            + " \"value\": \"123-456-789 00\"}} or {\"station\": \"room-1\", \"patientId\": \"<from /api/patients>\"}";

    private PatientRecords.Patient patient(OpenExamRequest r) {
        if (r.patientId() != null && r.patient() != null) {
            throw ApiException.badRequest("give patientId or patient, not both", EXAMPLE);
        }
        if (r.patientId() != null) {
            String id = Input.id("patientId", r.patientId());
            return patients.get(id).orElseThrow(() -> ApiException.badRequest("no patient " + id
                    + " known to this gateway", "find or register the patient first: /api/patients"));
        }
        if (r.patient() == null) {
            throw ApiException.badRequest("the patient is missing", EXAMPLE);
        }
        PatientIdentifier id = identifier(r.patient());
        Optional<PatientRecords.Patient> known = patients.byIdentifier(id);
        return known.orElseGet(() -> await(patients.rememberFromEhr(
                new PatientRecords.Details(List.of(id), null, null, null, null), null)));
    }

    private PatientIdentifier identifier(OpenExamRequest.PatientRef ref) {
        String system = patientService.system(ref.system());
        String value = Input.required("patient.value", ref.value(),
                org.smartclinic.gateway.patient.PatientResource.IDENTIFIER_VALUE,
                "1-64 letters, digits, spaces or . / - _ : #");
        return new PatientIdentifier(system, value);
    }

    /** Closes the exam (idempotent) with the GP's conclusion, if any; its DiagnosticReport follows. */
    public ExamView close(String examId, String conclusion) {
        Optional<Exam> closed = await(exams.close(examId, conclusion));
        if (closed.isEmpty()) {
            Exam exam = exams.exam(examId).orElseThrow(() -> ApiException.notFound("no exam " + examId));
            return ExamView.of(exam);
        }
        LOG.infof("exam %s closed", examId);
        live.examChanged(examId);
        uplink.signal();
        return ExamView.of(closed.get());
    }

    /** Closes exams past their maximum duration; they say so in {@code closeNote}. */
    @Scheduled(every = "${smartclinic.exams.auto-close-interval:30s}", delayed = "5s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void closeOverdue() {
        try {
            List<Exam> closed = exams.closeOverdue().join();
            closed.forEach(e -> live.examChanged(e.id()));
            closed.forEach(e -> LOG.infof("exam %s at station %s closed automatically after its maximum duration",
                    e.id(), e.station()));
            if (!closed.isEmpty()) {
                uplink.signal();
            }
        } catch (RuntimeException e) {
            LOG.warnf("closing overdue exams failed, trying again later: %s", e.getMessage());
        }
    }

    private static <T> T await(CompletableFuture<T> f) {
        try {
            return f.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw e;
        }
    }
}
