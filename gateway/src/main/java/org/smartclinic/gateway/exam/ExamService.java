package org.smartclinic.gateway.exam;

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

import org.jboss.logging.Logger;
import org.smartclinic.fhir.PatientIdentifier;
import org.smartclinic.gateway.api.ApiException;
import org.smartclinic.gateway.config.GatewayConfig;
import org.smartclinic.gateway.device.DeviceManager;
import org.smartclinic.gateway.journal.Exam;
import org.smartclinic.gateway.journal.Journal;
import org.smartclinic.gateway.uplink.EhrClient;
import org.smartclinic.gateway.uplink.Uplink;

/**
 * Opens and closes exams. Opening never depends on the EHR being reachable: the patient is looked up (or
 * created) there within a short timeout for the GP's feedback, and if that fails the exam opens anyway and
 * the uplink creates the patient by identifier with the first reading.
 */
@ApplicationScoped
public class ExamService {

    private static final Logger LOG = Logger.getLogger(ExamService.class);

    @Inject
    GatewayConfig config;

    @Inject
    Journal journal;

    @Inject
    DeviceManager devices;

    @Inject
    EhrClient ehr;

    @Inject
    Uplink uplink;

    /** Patient lookups block on the EHR; each gets a virtual thread so a hanging EHR holds up nothing else. */
    private final ExecutorService lookups = Executors.newVirtualThreadPerTaskExecutor();

    @PreDestroy
    void stop() {
        lookups.shutdownNow();
    }

    public ExamView open(OpenExamRequest request) {
        PatientIdentifier patient = validate(request);
        Exam exam = await(journal.openExam(request.station(), patient));
        CompletableFuture<String> lookup = CompletableFuture.supplyAsync(() -> ehr.ensurePatient(patient), lookups)
                .thenCompose(ref -> journal.setEhrPatient(exam.id(), ref).thenApply(n -> ref));
        try {
            lookup.get(config.fhir().patientLookupTimeout().toMillis(), TimeUnit.MILLISECONDS);
            return ExamView.of(journal.exam(exam.id()).orElse(exam), "linked");
        } catch (TimeoutException e) {
            return ExamView.of(exam, "pending: the EHR did not answer within " + config.fhir().patientLookupTimeout()
                    + "; readings are kept and delivered when it does");
        } catch (ExecutionException e) {
            LOG.warnf("exam %s: patient not found or created on the EHR: %s", exam.id(), e.getCause().getMessage());
            return ExamView.of(exam, "pending: " + e.getCause().getMessage()
                    + "; readings are kept and delivered when the EHR is back");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ExamView.of(exam, "pending");
        }
    }

    public ExamView close(String examId) {
        Optional<Exam> closed = await(journal.closeExam(examId));
        if (closed.isEmpty()) {
            Exam exam = journal.exam(examId).orElseThrow(() -> ApiException.notFound("no exam " + examId));
            return ExamView.of(exam);
        }
        uplink.signal();
        return ExamView.of(closed.get());
    }

    private PatientIdentifier validate(OpenExamRequest r) {
        String example = "{\"station\": \"room-1\", \"patient\": {\"system\": \"urn:oid:1.2.643.100.3\","
                + " \"value\": \"123-456-789 00\"}}";
        if (r == null || r.station() == null || r.station().isBlank()) {
            throw ApiException.badRequest("station is missing", "send e.g. " + example);
        }
        if (!devices.stations().contains(r.station())) {
            throw ApiException.badRequest("no device is registered at station '" + r.station() + "'",
                    "known stations: " + devices.stations());
        }
        if (r.patient() == null || r.patient().system() == null || r.patient().system().isBlank()
                || r.patient().value() == null || r.patient().value().isBlank()) {
            throw ApiException.badRequest("patient.system and patient.value are required",
                    "the patient is identified by a business identifier, e.g. " + example);
        }
        String system = r.patient().system().strip();
        if (!isAbsoluteUri(system)) {
            throw ApiException.badRequest("patient.system '" + system + "' is not an absolute URI",
                    "identifier systems are URIs such as urn:oid:1.2.643.100.3 or https://example.org/fhir/sid/mrn");
        }
        return new PatientIdentifier(system, r.patient().value().strip());
    }

    private static boolean isAbsoluteUri(String s) {
        try {
            return java.net.URI.create(s).isAbsolute();
        } catch (IllegalArgumentException e) {
            return false;
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
