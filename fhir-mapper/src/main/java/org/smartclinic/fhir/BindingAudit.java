package org.smartclinic.fhir;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

import org.hl7.fhir.r4.model.Identifier;

/**
 * A person's change to the binding of a reading (which patient's exam it belongs to), for the EHR's audit trail.
 * Becomes an AuditEvent ({@link AuditEventMapper}), sent by {@link UploadBundleFactory#auditEvent}.
 *
 * @param auditId      the AuditEvent's id on the EHR, chosen by the gateway and the same each time this change is
 *                     sent, so a resend stores nothing new: 1 to 64 of {@code A-Z a-z 0-9 - .} (FHIR id), not digits
 *                     only (the HAPI JPA server refuses client-assigned ids that are all digits)
 * @param action       one of {@link #ACTIONS}: {@code assign} (an unbound reading to an exam), {@code reassign}
 *                     (to another exam), {@code reject} (the binding was wrong; the reading is bound to no exam),
 *                     {@code confirm} (a proposed binding is right)
 * @param recorded     when the person made the change
 * @param actor        the person's user name, at most {@value #MAX_ACTOR} characters
 * @param reason       why, as the person wrote it, at most {@value #MAX_REASON} characters; required except for
 *                     {@code confirm} (blank counts as null)
 * @param observations the identifiers of the reading's Observations ({@link UploadBundleFactory#observationIdentifiers}):
 *                     under the old binding for {@code reassign} and {@code reject}, else under the new one; at least
 *                     one, each with system and value. Copied: later changes to the caller's list do not show
 * @param from         the binding before the change, or null (an unbound reading)
 * @param to           the binding after the change, or null (rejected); at least one of the two, both for
 *                     {@code reassign}
 */
public record BindingAudit(String auditId, String action, Instant recorded, String actor, String reason,
        List<Identifier> observations, ExamBinding from, ExamBinding to) {

    /** The binding changes a person can make. */
    public static final Set<String> ACTIONS = Set.of("assign", "reassign", "reject", "confirm");
    /** The longest user name accepted. */
    public static final int MAX_ACTOR = 64;
    /** The longest reason accepted. */
    public static final int MAX_REASON = 500;

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9\\-.]{1,64}");

    public BindingAudit {
        Objects.requireNonNull(auditId, "auditId");
        if (!ID.matcher(auditId).matches() || auditId.chars().allMatch(Character::isDigit)) {
            throw new IllegalArgumentException("audit id must be 1-64 of A-Z a-z 0-9 - . and not digits only, was '"
                    + auditId + "'");
        }
        if (!ACTIONS.contains(Objects.requireNonNull(action, "action"))) {
            throw new IllegalArgumentException("binding action must be one of " + ACTIONS + ", was '" + action + "'");
        }
        Objects.requireNonNull(recorded, "recorded");
        if (Objects.requireNonNull(actor, "actor").isBlank() || actor.length() > MAX_ACTOR) {
            throw new IllegalArgumentException("actor must be a user name of 1-" + MAX_ACTOR + " characters");
        }
        reason = reason == null || reason.isBlank() ? null : reason;
        requireReason(action, reason);
        observations = copyOf(observations, auditId);
        if ((from == null && to == null) || ("reassign".equals(action) && (from == null || to == null))) {
            throw new IllegalArgumentException("audit " + auditId + ": '" + action + "' needs "
                    + ("reassign".equals(action) ? "the binding before and after" : "a binding before or after"));
        }
    }

    private static void requireReason(String action, String reason) {
        if (reason == null && !"confirm".equals(action)) {
            throw new IllegalArgumentException("'" + action + "' needs a reason");
        }
        if (reason != null && reason.length() > MAX_REASON) {
            throw new IllegalArgumentException("reason has " + reason.length() + " characters, at most " + MAX_REASON
                    + " are accepted");
        }
    }

    private static List<Identifier> copyOf(List<Identifier> observations, String auditId) {
        if (Objects.requireNonNull(observations, "observations").isEmpty()) {
            throw new IllegalArgumentException("audit " + auditId + " names no Observation of the reading");
        }
        for (Identifier id : observations) {
            if (id == null || !id.hasSystem() || !id.hasValue()) {
                throw new IllegalArgumentException("audit " + auditId + ": every Observation identifier needs a system"
                        + " and a value");
            }
        }
        return observations.stream().map(Identifier::copy).toList();
    }
}
