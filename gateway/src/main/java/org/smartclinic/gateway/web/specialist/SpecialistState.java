package org.smartclinic.gateway.web.specialist;

import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.smartclinic.fhir.PatientIdentifier;
import org.smartclinic.gateway.binding.BindingState;
import org.smartclinic.gateway.invite.InviteService;
import org.smartclinic.gateway.journal.Exam;
import org.smartclinic.gateway.journal.Journal;
import org.smartclinic.gateway.patient.PatientService;
import org.smartclinic.gateway.patient.PatientView;
import org.smartclinic.gateway.reading.ReadingView;

/**
 * What a specialist sees of the exam an invite grants: the patient (for the banner), the exam, its results so far,
 * and when the invite ends. Only this exam's bound results (and those awaiting the GP's confirmation), never the
 * station's other readings.
 */
@ApplicationScoped
public class SpecialistState {

    /** Most results sent at once; an exam has far fewer. */
    static final int MAX_READINGS = 500;

    /** The exam as the specialist sees it. */
    public record ExamSummary(String id, String station, String status, Instant openedAt, Instant closedAt,
            PatientIdentifier patient) {
    }

    /** The invite as the specialist sees it: whom it is for and until when. */
    public record InviteSummary(String label, Instant expiresAt) {
    }

    /** Everything the page needs to draw itself. */
    public record State(InviteSummary invite, ExamSummary exam, PatientView patient, List<ReadingView> readings,
            long seq) {
    }

    @Inject
    Journal journal;

    @Inject
    PatientService patients;

    /** The state of a granted invite's exam, as of live sequence number {@code seq}. */
    public State of(InviteService.Granted granted, long seq) {
        Exam e = granted.exam();
        return new State(new InviteSummary(granted.invite().label(), granted.invite().expiresAt()),
                new ExamSummary(e.id(), e.station(), e.isOpen() ? "OPEN" : "CLOSED", e.openedAt(), e.closedAt(),
                        e.patient()),
                patient(e), readings(e.id()), seq);
    }

    List<ReadingView> readings(String examId) {
        return journal.readings(new Journal.ReadingQuery(MAX_READINGS, null, examId,
                EnumSet.of(BindingState.BOUND, BindingState.REVIEW))).stream().map(ReadingView::of).toList();
    }

    private PatientView patient(Exam e) {
        if (e.patientId() == null) {
            return null;
        }
        Map<String, String> names = patients.systemNames();
        return patients.local(e.patientId()).map(p -> new PatientView(p.id(), p.identifiers().stream()
                .map(i -> new PatientView.IdentifierView(names.get(i.system()), i.system(), i.value())).toList(),
                p.family(), p.given(), p.birthDate(), p.gender(), null, null)).orElse(null);
    }
}
