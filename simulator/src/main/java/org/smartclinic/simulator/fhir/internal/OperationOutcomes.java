package org.smartclinic.simulator.fhir.internal;

import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.exceptions.PreconditionFailedException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import ca.uhn.fhir.rest.server.exceptions.ResourceVersionConflictException;
import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.OperationOutcome.IssueSeverity;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.hl7.fhir.r4.model.OperationOutcome.OperationOutcomeIssueComponent;
import org.hl7.fhir.r4.model.StringType;

import java.util.List;

/**
 * Builds the failures the sandbox answers with: HAPI server exceptions (which set the HTTP status) carrying an
 * {@link OperationOutcome} whose issues name what failed and where, as a HAPI FHIR JPA server does.
 */
public final class OperationOutcomes {

    private OperationOutcomes() {
    }

    public static InvalidRequestException badRequest(String message) {
        return new InvalidRequestException(message, single(IssueType.PROCESSING, message));
    }

    public static ResourceNotFoundException notFound(String message) {
        return new ResourceNotFoundException(message, single(IssueType.NOTFOUND, message));
    }

    public static PreconditionFailedException preconditionFailed(String message) {
        return new PreconditionFailedException(message, single(IssueType.DUPLICATE, message));
    }

    public static ResourceVersionConflictException conflict(String message) {
        return new ResourceVersionConflictException(message, single(IssueType.CONFLICT, message));
    }

    /** 422 listing every issue with its location. */
    public static UnprocessableEntityException unprocessable(String summary, List<ValidationIssue> issues) {
        OperationOutcome outcome = new OperationOutcome();
        for (ValidationIssue issue : issues) {
            OperationOutcomeIssueComponent component = outcome.addIssue()
                    .setSeverity(issue.fatal() ? IssueSeverity.FATAL : IssueSeverity.ERROR)
                    .setCode(IssueType.PROCESSING)
                    .setDiagnostics(issue.message());
            if (issue.location() != null) {
                component.addLocation(issue.location()).addExpression(issue.location());
            }
        }
        return new UnprocessableEntityException(summary, outcome);
    }

    /**
     * The same failure, re-labelled with the transaction entry it came from: every message ends with
     * {@code label} (e.g. {@code Bundle.entry[2]}) and the entry's description, and locations are re-rooted under the
     * entry's resource. Messages keep their start, so one carrying a HAPI code (HAPI-1094: ...) still begins with
     * it, as a HAPI JPA server's does.
     */
    public static BaseServerResponseException inEntry(BaseServerResponseException failure, String label,
                                                      String description) {
        OperationOutcome outcome = failure.getOperationOutcome() instanceof OperationOutcome existing
                ? existing.copy() : single(IssueType.PROCESSING, failure.getMessage());
        for (OperationOutcomeIssueComponent issue : outcome.getIssue()) {
            issue.setDiagnostics(labelled(issue.getDiagnostics(), label, description));
            List<StringType> locations = issue.hasExpression() ? issue.getExpression() : List.of();
            List<String> rerooted = locations.stream().map(l -> reroot(label, l.getValue())).toList();
            issue.setExpression(null).setLocation(null);
            (rerooted.isEmpty() ? List.of(label) : rerooted).forEach(l -> issue.addExpression(l).addLocation(l));
        }
        String message = labelled(stripCode(failure.getMessage()), label, description);
        BaseServerResponseException relabelled = BaseServerResponseException.newInstance(failure.getStatusCode(),
                message);
        relabelled.setOperationOutcome(outcome);
        return relabelled;
    }

    /** A validation issue of a transaction entry, labelled and located like {@link #inEntry}. */
    public static ValidationIssue inEntry(ValidationIssue issue, EntryRequest entry) {
        String location = issue.location() == null ? entry.label() : reroot(entry.label(), issue.location());
        return new ValidationIssue(issue.fatal(), location,
                labelled(issue.message(), entry.label(), entry.description()));
    }

    static OperationOutcome single(IssueType type, String message) {
        OperationOutcome outcome = new OperationOutcome();
        outcome.addIssue().setSeverity(IssueSeverity.ERROR).setCode(type).setDiagnostics(message);
        return outcome;
    }

    /** {@code HAPI-1094: Resource Patient/9 not found (in Bundle.entry[2]: POST Observation)}. */
    private static String labelled(String message, String label, String description) {
        return message + " (in " + label + ": " + description + ")";
    }

    /** {@code Observation.component[0]} inside entry 2 becomes {@code Bundle.entry[2].resource.component[0]}. */
    private static String reroot(String label, String location) {
        int dot = location.indexOf('.');
        String rest = dot < 0 ? "" : location.substring(dot);
        return location.startsWith("Bundle.") ? location : label + ".resource" + rest;
    }

    /** HAPI prefixes some messages with its own code ("HAPI-0389: "); keep ours readable. */
    private static String stripCode(String message) {
        return message == null ? "" : message.replaceFirst("^HAPI-\\d+: ", "");
    }
}
