package org.smartclinic.gateway.uplink;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Observation;
import org.smartclinic.fhir.ExamBinding;
import org.smartclinic.fhir.MappingException;
import org.smartclinic.gateway.binding.BindingState;
import org.smartclinic.gateway.invite.AccessAudits;
import org.smartclinic.gateway.journal.Corrections;
import org.smartclinic.gateway.journal.Exam;
import org.smartclinic.gateway.journal.ExamRecords;
import org.smartclinic.gateway.journal.Journal;
import org.smartclinic.gateway.journal.Outbox;
import org.smartclinic.gateway.journal.StoredReading;

/**
 * What each outbox item sends: the transaction of a reading (sent in batches by {@link BatchSender}), and the
 * upload of every other kind, sent alone. Methods throw the FHIR client's exceptions ({@link DeliveryFailure}),
 * {@link MappingException} or {@link BuildFailure} when the item cannot be built (a dead letter).
 */
@ApplicationScoped
public class ItemUploads {

    @Inject
    Journal journal;

    @Inject
    EhrClient ehr;

    @Inject
    UploadBundles bundles;

    @Inject
    ExamRecords exams;

    @Inject
    Corrections corrections;

    @Inject
    PatientUplink patients;

    @Inject
    AccessAudits accessAudits;

    @Inject
    Clock clock;

    /** The journal lacks what an item names: retrying cannot help. */
    static final class BuildFailure extends RuntimeException {
        BuildFailure(String message) {
            super(message);
        }
    }

    /**
     * The reading's transaction, unless it is no longer bound as the item says (then empty: cancel the item).
     *
     * @param r the item's reading as the journal holds it, or null if it is missing (a dead letter)
     */
    Optional<Bundle> readingTransaction(Outbox.Item item, StoredReading r) throws MappingException {
        if (r == null) {
            throw new BuildFailure("outbox item " + item.id() + " names a missing reading");
        }
        if (r.binding().state() != BindingState.BOUND || r.exam() == null
                || !String.valueOf(r.binding().version()).equals(item.ref())) {
            return Optional.empty();
        }
        return Optional.of(bundles.forReading(r));
    }

    /** Sends an item of any kind but READING; returns what the EHR stored, or empty if the item is moot. */
    Optional<List<String>> send(Outbox.Item item) throws MappingException {
        return switch (item.kind()) {
            case READING -> throw new IllegalArgumentException("readings travel in batches");
            case EXAM_CLOSE -> transaction(bundles.forClosedExam(exam(item)));
            case DEVICE -> transaction(bundles.forDevice(item.deviceId()).orElseThrow(() -> new BuildFailure(
                    "device " + item.deviceId() + " is no longer registered; its Device is not updated")));
            case PATIENT -> patients.createUpstream(item.ref());
            case RETRACT -> retract(item);
            case REPORT -> {
                Exam exam = exam(item);
                yield transaction(bundles.forReport(exam, journal.uploadedObservations(exam.id()),
                        journal.deliveredBefore(Outbox.Kind.REPORT, exam.id(), item.id()), clock.instant()));
            }
            case AUDIT -> audit(item);
            case ACCESS_AUDIT -> transaction(accessAudits.bundle(Long.parseLong(item.ref())).orElseThrow(() ->
                    new BuildFailure("outbox item " + item.id() + " names a missing invite access")));
        };
    }

    /** Marks the Observations of the item's (earlier) binding entered-in-error, where the EHR has them. */
    private Optional<List<String>> retract(Outbox.Item item) throws MappingException {
        StoredReading r = storedReading(item);
        ExamBinding old = exam(item).binding(Integer.parseInt(item.ref()), null, null);
        List<String> retracted = new ArrayList<>();
        for (Identifier id : bundles.observationIdentifiers(r.reading(), old)) {
            Optional<Observation> found = ehr.observation(id);
            if (found.isPresent() && found.get().getStatus() != Observation.ObservationStatus.ENTEREDINERROR) {
                Observation o = found.get();
                o.setStatus(Observation.ObservationStatus.ENTEREDINERROR);
                ehr.update(o);
                retracted.add("Observation/" + o.getIdElement().getIdPart());
            }
        }
        return Optional.of(retracted);
    }

    private Optional<List<String>> audit(Outbox.Item item) throws MappingException {
        Corrections.Change change = corrections.change(Long.parseLong(item.ref())).orElseThrow(() ->
                new BuildFailure("outbox item " + item.id() + " names a missing binding change"));
        StoredReading r = storedReading(item);
        ExamBinding from = change.fromExam() == null ? null : examById(change.fromExam())
                .binding(change.fromVersion(), null, null);
        ExamBinding to = change.toExam() == null ? null : examById(change.toExam())
                .binding(change.toVersion(), null, null);
        return transaction(bundles.forAudit(change, r.reading(), from, to));
    }

    private Optional<List<String>> transaction(Bundle bundle) {
        return Optional.of(new BatchBundle().add(0, bundle).locations(ehr.transaction(bundle)).get(0L));
    }

    private StoredReading storedReading(Outbox.Item item) {
        return journal.reading(item.readingId()).orElseThrow(() ->
                new BuildFailure("outbox item " + item.id() + " names a missing reading"));
    }

    private Exam exam(Outbox.Item item) {
        return examById(item.examId());
    }

    private Exam examById(String id) {
        return exams.exam(id).orElseThrow(() -> new BuildFailure("exam " + id + " is missing from the journal"));
    }
}
