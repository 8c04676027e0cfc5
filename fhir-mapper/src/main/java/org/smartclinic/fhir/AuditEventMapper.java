package org.smartclinic.fhir;

import java.util.Map;
import java.util.Objects;

import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.AuditEvent.AuditEventAction;
import org.hl7.fhir.r4.model.AuditEvent.AuditEventEntityComponent;
import org.hl7.fhir.r4.model.AuditEvent.AuditEventOutcome;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.InstantType;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.StringType;

/**
 * Maps a {@link BindingAudit} to a FHIR R4 {@link AuditEvent} whose id is the audit's own, so sending it twice stores
 * it once. A pure function.
 *
 * <h2>The event</h2>
 * <ul>
 *   <li>{@code type} DICOM {@code 110110} "Patient Record": which patient's record a result belongs to is what
 *       changes; {@code subtype} restful-interaction {@code update}, and the gateway's own
 *       {@link MapperSettings#bindingActionSystem()} code for the action, so an auditor can search reassignments
 *       alone.</li>
 *   <li>{@code action} {@code U} (update) for all four: the audited object is the patient record, which exists
 *       before and after. An assignment adds results to it; a reassignment or rejection marks the uploaded
 *       Observations entered-in-error, which keeps them (so not {@code D}, which would claim data were destroyed);
 *       a confirmation changes the binding's state from proposed to confirmed. None is a read or a create of the
 *       record.</li>
 *   <li>{@code recorded} when the person made the change; {@code outcome} {@code 0} (success): only changes that
 *       happened are audited.</li>
 *   <li>{@code agent}: the person, {@code who.display} the user name, {@code requestor} true.</li>
 *   <li>{@code source}: {@code observer} this gateway by identifier ({@link MapperSettings#gatewaySystem()}, value
 *       the gateway id) and display {@code gateway <id>}; type {@code 4} "Application Server" (the change is made in
 *       the gateway's application).</li>
 * </ul>
 *
 * <h2>Entities</h2>
 * All by reference only, with nothing the EHR does not hold already: each Observation of the reading (identifier
 * reference; type {@code 2} System Object, role {@code 4} Domain Resource); for the binding before and the binding
 * after, the exam's Encounter (identifier {@code <examSystem>|<gatewayId>/<examId>}, same type and role) and the
 * Patient (its literal reference when the binding has one, else its business identifier; type {@code 1} Person, role
 * {@code 1} Patient). Encounter and Patient entities carry {@code detail} {@code binding} = {@code from} or
 * {@code to}, and the Encounter's {@code binding-version}.
 *
 * <p>The person's reason is a {@code detail} {@code reason} of each Observation entity: it is why that result's
 * binding changed. Not {@code entity.description}, which R4 reserves for entities that cannot be identified; not
 * {@code purposeOfEvent} / {@code agent.purposeOfUse}, which are coded purposes of use (treatment, operations), not
 * a free-text why; not {@code outcomeDesc}, which describes the outcome.
 */
public final class AuditEventMapper {

    /** DICOM code system of {@code AuditEvent.type}. */
    public static final String DCM_SYSTEM = "http://dicom.nema.org/resources/ontology/DCM";
    /** Code system of {@code AuditEvent.subtype} for FHIR interactions. */
    public static final String INTERACTION_SYSTEM = "http://hl7.org/fhir/restful-interaction";
    static final String ENTITY_TYPE_SYSTEM = "http://terminology.hl7.org/CodeSystem/audit-entity-type";
    static final String OBJECT_ROLE_SYSTEM = "http://terminology.hl7.org/CodeSystem/object-role";
    static final String SOURCE_TYPE_SYSTEM = "http://terminology.hl7.org/CodeSystem/security-source-type";

    private static final Map<String, String> ACTION_DISPLAYS = Map.of(
            "assign", "Reading assigned to an exam",
            "reassign", "Reading moved to another exam",
            "reject", "Reading's binding rejected",
            "confirm", "Reading's binding confirmed");

    private final MapperSettings settings;

    /** A mapper for this gateway's {@code settings}. */
    public AuditEventMapper(MapperSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    /** The AuditEvent of {@code audit}, with id {@link BindingAudit#auditId()}. */
    public AuditEvent map(BindingAudit audit) {
        Objects.requireNonNull(audit, "audit");
        AuditEvent event = new AuditEvent();
        event.setId(audit.auditId());
        event.setType(new Coding(DCM_SYSTEM, "110110", "Patient Record"));
        event.addSubtype(new Coding(INTERACTION_SYSTEM, "update", "update"));
        event.addSubtype(new Coding(settings.bindingActionSystem(), audit.action(),
                ACTION_DISPLAYS.get(audit.action())));
        event.setAction(AuditEventAction.U);
        event.setRecordedElement(new InstantType(audit.recorded().toString()));
        event.setOutcome(AuditEventOutcome._0);
        event.addAgent().setWho(new Reference().setDisplay(audit.actor())).setRequestor(true);
        event.getSource()
                .setObserver(new Reference().setIdentifier(new Identifier().setSystem(settings.gatewaySystem())
                        .setValue(settings.gatewayId())).setDisplay("gateway " + settings.gatewayId()))
                .addType(new Coding(SOURCE_TYPE_SYSTEM, "4", "Application Server"));
        for (Identifier observation : audit.observations()) {
            AuditEventEntityComponent entity = addSystemObject(event, byIdentifier("Observation", observation.copy()));
            if (audit.reason() != null) {
                detail(entity, "reason", audit.reason());
            }
        }
        addBinding(event, audit.from(), "from");
        addBinding(event, audit.to(), "to");
        return event;
    }

    private void addBinding(AuditEvent event, ExamBinding binding, String side) {
        if (binding == null) {
            return;
        }
        Identifier exam = new Identifier().setSystem(settings.examSystem())
                .setValue(settings.gatewayId() + "/" + binding.examId());
        AuditEventEntityComponent encounter = addSystemObject(event, byIdentifier("Encounter", exam));
        detail(encounter, "binding", side);
        detail(encounter, "binding-version", Integer.toString(binding.version()));
        Reference patient = binding.patientReference() != null
                ? new Reference(binding.patientReference())
                : byIdentifier("Patient", new Identifier().setSystem(binding.patient().system())
                        .setValue(binding.patient().value()));
        AuditEventEntityComponent person = event.addEntity().setWhat(patient)
                .setType(new Coding(ENTITY_TYPE_SYSTEM, "1", "Person"))
                .setRole(new Coding(OBJECT_ROLE_SYSTEM, "1", "Patient"));
        detail(person, "binding", side);
    }

    private static AuditEventEntityComponent addSystemObject(AuditEvent event, Reference what) {
        return event.addEntity().setWhat(what)
                .setType(new Coding(ENTITY_TYPE_SYSTEM, "2", "System Object"))
                .setRole(new Coding(OBJECT_ROLE_SYSTEM, "4", "Domain Resource"));
    }

    private static Reference byIdentifier(String type, Identifier identifier) {
        return new Reference().setType(type).setIdentifier(identifier);
    }

    private static void detail(AuditEventEntityComponent entity, String type, String value) {
        entity.addDetail().setType(type).setValue(new StringType(value));
    }
}
