package org.smartclinic.fhir;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.AuditEvent.AuditEventAction;
import org.hl7.fhir.r4.model.AuditEvent.AuditEventAgentComponent;
import org.hl7.fhir.r4.model.AuditEvent.AuditEventAgentNetworkType;
import org.hl7.fhir.r4.model.AuditEvent.AuditEventOutcome;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Bundle.BundleType;
import org.hl7.fhir.r4.model.Bundle.HTTPVerb;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.InstantType;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.StringType;
import org.smartclinic.fhir.internal.NameUuids;

/**
 * One access (or refused attempt) by a remote specialist through an invite link to one exam, for the EHR's audit
 * trail: who looked at which patient's exam, when, how, and whether the gateway let them. A clinic must be able to
 * answer "who saw this patient's record" for people outside its staff too; the gateway sends one AuditEvent per
 * access through its outbox, with an id of its own so a resend stores nothing new.
 *
 * <h2>The event ({@link #toAuditEvent})</h2>
 * <ul>
 *   <li>{@code type} DICOM {@code 110110} "Patient Record" (the specialist reads part of the patient's record, not
 *       a FHIR resource through a REST interface, so not {@code rest}); {@code subtype} restful-interaction
 *       {@code read} and the gateway's own {@link #ACCESS_SYSTEM} code for the door used ({@code page},
 *       {@code data}, {@code live}).</li>
 *   <li>{@code action} {@code R} (read/view/print): the view is read-only.</li>
 *   <li>{@code outcome} {@code 0} success; {@code 4} minor failure for a refused attempt (expired, revoked, bad
 *       signature, another exam's token: the equivalent of an HTTP 4xx), with {@code outcomeDesc} saying which.
 *       Never {@code 8}/{@code 12}: nothing failed on the gateway's side.</li>
 *   <li>{@code agent}: the specialist, {@code who} by the invite's identifier ({@link #inviteSystem}, value
 *       {@code <gatewayId>/<inviteId>}) and display the label the GP gave the invite (a name or an e-mail);
 *       {@code requestor} true; {@code network} the address the request came from when known (type {@code 2} IP
 *       address). For an attempt with a token that names no invite, {@code who.display} says so and has no
 *       identifier.</li>
 *   <li>{@code source}: {@code observer} this gateway by identifier ({@link MapperSettings#gatewaySystem()}), type
 *       {@code 4} "Application Server", as in {@link AuditEventMapper}.</li>
 *   <li>{@code entity}: when the exam is known, the Patient (literal reference when known, else business
 *       identifier; type {@code 1} Person, role {@code 1} Patient) and the exam's Encounter (identifier
 *       {@code <examSystem>|<gatewayId>/<examId>}; type {@code 2} System Object, role {@code 4} Domain Resource).
 *       An attempt with a bad token names no entity: nothing was reached.</li>
 * </ul>
 *
 * @param auditId  the AuditEvent's id on the EHR, the same each time this access is sent: 1 to 64 of
 *                 {@code A-Z a-z 0-9 - .}, not digits only
 * @param recorded when the access happened
 * @param access   {@code page}, {@code data} or {@code live} (see {@link #ACCESSES})
 * @param refusal  null when access was granted, else why not: {@code expired}, {@code revoked},
 *                 {@code bad-signature}, {@code wrong-exam} (see {@link #REFUSALS})
 * @param inviteId the invite's id, or null when the token named none that exists
 * @param label    the invite's label (the specialist's name or e-mail as the GP wrote it), or null with no invite
 * @param address  the client's network address as the gateway saw it, or null
 * @param exam     the exam the invite is for, or null when no invite was found
 */
public record InviteAccessAudit(String auditId, Instant recorded, String access, String refusal, String inviteId,
        String label, String address, ExamBinding exam) {

    /** Code system (under the gateway's identifier system) of the doors a specialist uses. */
    public static final String ACCESS_SYSTEM_SUFFIX = "/invite-access";
    /** The doors: the page, its data (JSON), the live stream (WebSocket, each connect and reconnect). */
    public static final Map<String, String> ACCESSES = Map.of(
            "page", "Specialist view opened",
            "data", "Specialist view data loaded",
            "live", "Specialist live stream connected");
    /** Why an attempt was refused, in the words {@code outcomeDesc} uses. */
    public static final Map<String, String> REFUSALS = Map.of(
            "expired", "refused: the invite has expired",
            "revoked", "refused: the invite was revoked",
            "bad-signature", "refused: the link's signature is not valid or names no invite",
            "wrong-exam", "refused: the link names another exam than its invite");

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9\\-.]{1,64}");
    private static final int MAX_LABEL = 200;

    public InviteAccessAudit {
        Objects.requireNonNull(auditId, "auditId");
        if (!ID.matcher(auditId).matches() || auditId.chars().allMatch(Character::isDigit)) {
            throw new IllegalArgumentException("audit id must be 1-64 of A-Z a-z 0-9 - . and not digits only, was '"
                    + auditId + "'");
        }
        Objects.requireNonNull(recorded, "recorded");
        if (!ACCESSES.containsKey(Objects.requireNonNull(access, "access"))) {
            throw new IllegalArgumentException("access must be one of " + ACCESSES.keySet() + ", was '" + access
                    + "'");
        }
        if (refusal != null && !REFUSALS.containsKey(refusal)) {
            throw new IllegalArgumentException("refusal must be one of " + REFUSALS.keySet() + ", was '" + refusal
                    + "'");
        }
        if (refusal == null && (inviteId == null || exam == null)) {
            throw new IllegalArgumentException("a granted access needs its invite and exam");
        }
        if (label != null && (label.isBlank() || label.length() > MAX_LABEL)) {
            throw new IllegalArgumentException("label must be 1-" + MAX_LABEL + " characters");
        }
    }

    /** Identifier system of invites: {@code <identifierSystem>/invite}, value {@code <gatewayId>/<inviteId>}. */
    public static String inviteSystem(MapperSettings settings) {
        return settings.identifierSystem() + "/invite";
    }

    /** The AuditEvent of this access, with id {@link #auditId()}. */
    public AuditEvent toAuditEvent(MapperSettings settings) {
        AuditEvent event = new AuditEvent();
        event.setId(auditId);
        event.setType(new Coding(AuditEventMapper.DCM_SYSTEM, "110110", "Patient Record"));
        event.addSubtype(new Coding(AuditEventMapper.INTERACTION_SYSTEM, "read", "read"));
        event.addSubtype(new Coding(settings.identifierSystem() + ACCESS_SYSTEM_SUFFIX, access, ACCESSES.get(access)));
        event.setAction(AuditEventAction.R);
        event.setRecordedElement(new InstantType(recorded.toString()));
        event.setOutcome(refusal == null ? AuditEventOutcome._0 : AuditEventOutcome._4);
        if (refusal != null) {
            event.setOutcomeDesc(REFUSALS.get(refusal));
        }
        agent(event, settings);
        event.getSource()
                .setObserver(new Reference().setIdentifier(new Identifier().setSystem(settings.gatewaySystem())
                        .setValue(settings.gatewayId())).setDisplay("gateway " + settings.gatewayId()))
                .addType(new Coding(AuditEventMapper.SOURCE_TYPE_SYSTEM, "4", "Application Server"));
        if (exam != null) {
            entities(event, settings);
        }
        return event;
    }

    /** The transaction that records this access on the EHR: one {@code PUT AuditEvent/<auditId>}. */
    public Bundle transaction(MapperSettings settings) {
        Bundle bundle = new Bundle().setType(BundleType.TRANSACTION);
        bundle.addEntry()
                .setFullUrl(NameUuids.urnForResourceId("AuditEvent", auditId))
                .setResource(toAuditEvent(settings))
                .getRequest().setMethod(HTTPVerb.PUT).setUrl("AuditEvent/" + auditId);
        return bundle;
    }

    private void agent(AuditEvent event, MapperSettings settings) {
        Reference who = new Reference();
        if (inviteId != null) {
            who.setIdentifier(new Identifier().setSystem(inviteSystem(settings))
                    .setValue(settings.gatewayId() + "/" + inviteId));
            who.setDisplay(label != null ? label : "invite " + inviteId);
        } else {
            who.setDisplay("holder of an invite link that names no invite");
        }
        AuditEventAgentComponent agent = event.addAgent().setWho(who).setRequestor(true);
        if (address != null && !address.isBlank()) {
            agent.getNetwork().setAddress(address).setType(AuditEventAgentNetworkType._2);
        }
    }

    private void entities(AuditEvent event, MapperSettings settings) {
        Reference patient = exam.patientReference() != null
                ? new Reference(exam.patientReference())
                : new Reference().setType("Patient").setIdentifier(new Identifier()
                        .setSystem(exam.patient().system()).setValue(exam.patient().value()));
        event.addEntity().setWhat(patient)
                .setType(new Coding(AuditEventMapper.ENTITY_TYPE_SYSTEM, "1", "Person"))
                .setRole(new Coding(AuditEventMapper.OBJECT_ROLE_SYSTEM, "1", "Patient"));
        event.addEntity().setWhat(new Reference().setType("Encounter").setIdentifier(new Identifier()
                        .setSystem(settings.examSystem()).setValue(settings.gatewayId() + "/" + exam.examId())))
                .setType(new Coding(AuditEventMapper.ENTITY_TYPE_SYSTEM, "2", "System Object"))
                .setRole(new Coding(AuditEventMapper.OBJECT_ROLE_SYSTEM, "4", "Domain Resource"))
                .addDetail().setType("invite").setValue(new StringType(inviteId == null ? "none" : inviteId));
    }
}
