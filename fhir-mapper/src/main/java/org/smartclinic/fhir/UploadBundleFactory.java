package org.smartclinic.fhir;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Bundle.BundleType;
import org.hl7.fhir.r4.model.Bundle.HTTPVerb;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Device;
import org.hl7.fhir.r4.model.DiagnosticReport;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Encounter.EncounterStatus;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.Specimen;
import org.smartclinic.drivers.Reading;
import org.smartclinic.fhir.internal.NameUuids;
import org.smartclinic.fhir.internal.SearchUrls;

/**
 * Builds the FHIR R4 transaction Bundles the uplink sends: sending one twice, or after a lost response, stores
 * everything once. Pure and thread-safe, like the mappers it uses.
 *
 * <h2>{@link #transaction}: one reading</h2>
 * Entries, in this order, each a {@code POST} with {@code request.ifNoneExist = identifier=<system>|<value>}
 * (a conditional create):
 * <ol>
 *   <li>Patient: only the identifier from the binding (the EHR owns the rest of the record); left out when the
 *       binding names the Patient on the EHR ({@link ExamBinding#patientReference()}), which the other entries then
 *       refer to as it is (e.g. {@code Patient/123});</li>
 *   <li>Encounter: identifier {@code <examSystem>|<gatewayId>/<examId>}, status in-progress, class AMB, subject the
 *       Patient, period.start the exam's opening time;</li>
 *   <li>Device, from {@link DeviceMapper};</li>
 *   <li>Specimen, when the reading has a sample id and laboratory results: identifier and accession identifier
 *       {@code <specimenSystem>|<gatewayId>/<sampleId>} ({@code ~<examId>} appended for a reading re-assigned after
 *       upload), subject the Patient, nothing else (no collection time: the
 *       gateway does not know it, and the bundle must not depend on the clock). A sample id on another reading (a
 *       spirometry export scanned with an exam's label) names an order, not a specimen, and adds none;</li>
 *   <li>the Observations from {@link ObservationMapper}, referring to the entries above; a panel's grouping
 *       Observation after its members, which it lists in {@code hasMember} by their fullUrls.</li>
 * </ol>
 * {@code fullUrl}s are {@code urn:uuid:} version 5 UUIDs derived from each resource's identifier, and nothing in
 * the bundle depends on the clock, so the same reading gives a byte-identical bundle (no id, no timestamp).
 *
 * <h2>{@link #encounterFinished}: closing the exam</h2>
 * The Patient as above, then {@code PUT Encounter?identifier=<examSystem>|<gatewayId>/<examId>}
 * (a conditional update) with status finished and the period's start and end. It creates the Encounter if no
 * reading ever did.
 *
 * <h2>{@link #examReport}: the exam's summary</h2>
 * The Patient as above; the Encounter as a conditional create, finished with the exam's period (it normally exists
 * already, and then stays as it is); then {@code PUT DiagnosticReport?identifier=<reportSystem>|<gatewayId>/<examId>}
 * (a conditional update) with the report from {@link DiagnosticReportMapper}: the first time it creates the report,
 * later (amended, with more results) it replaces it.
 *
 * <h2>{@link #auditEvent}: a person changed a binding</h2>
 * One entry, {@code PUT AuditEvent/<auditId>} with the event from {@link AuditEventMapper}: an update with a
 * client-assigned id, so the same audit sent again stores no second resource. Its {@code fullUrl} is the version 5
 * UUID of {@code AuditEvent/<auditId>} (an entry whose resource refers to {@code Patient/123} needs one).
 *
 * <h2>What the FHIR server must support</h2>
 * <ul>
 *   <li>transactions ({@code POST [base]} with a Bundle of type transaction), processed atomically;</li>
 *   <li>conditional create inside transactions ({@code ifNoneExist}) on the {@code identifier} token search
 *       parameter of Patient, Encounter, Device, Specimen and Observation: when a match exists, nothing is created and
 *       references to the entry's {@code fullUrl} resolve to the existing resource;</li>
 *   <li>resolution of {@code urn:uuid:} references between entries of one transaction;</li>
 *   <li>conditional update ({@code PUT Type?search}) inside transactions, creating when nothing matches;</li>
 *   <li>update as create with a client-assigned id ({@code PUT AuditEvent/<id>}; the HAPI JPA server's default
 *       accepts ids that are not all digits).</li>
 * </ul>
 * HAPI FHIR JPA server does all of this; a plain server with only resource providers does not. Search values are
 * FHIR-escaped and percent-encoded (reading keys contain {@code #}).
 */
public final class UploadBundleFactory {

    /** Code system of {@code Encounter.class}. */
    public static final String ACT_CODE_SYSTEM = "http://terminology.hl7.org/CodeSystem/v3-ActCode";

    private final MapperSettings settings;
    private final ObservationMapper observations;
    private final DeviceMapper devices;
    private final DiagnosticReportMapper reports;
    private final AuditEventMapper audits;

    /** A factory for this gateway's {@code settings}, converting units with {@code units}. */
    public UploadBundleFactory(MapperSettings settings, UcumUnits units) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.observations = new ObservationMapper(settings, units);
        this.devices = new DeviceMapper(settings);
        this.reports = new DiagnosticReportMapper(settings);
        this.audits = new AuditEventMapper(settings);
    }

    /**
     * The transaction that uploads {@code reading}, bound by {@code binding}, measured by {@code device}.
     *
     * @throws MappingException         if a result of the reading cannot be mapped
     * @throws IllegalArgumentException if {@code device} is not the device the reading came from
     */
    public Bundle transaction(Reading reading, ExamBinding binding, DeviceInfo device) throws MappingException {
        Objects.requireNonNull(reading, "reading");
        Objects.requireNonNull(binding, "binding");
        if (!reading.deviceId().equals(Objects.requireNonNull(device, "device").deviceId())) {
            throw new IllegalArgumentException("reading " + reading.key() + " is from device " + reading.deviceId()
                    + ", not from " + device.deviceId());
        }
        Bundle bundle = new Bundle().setType(BundleType.TRANSACTION);
        String patient = addPatient(bundle, binding);
        Encounter encounter = encounter(binding, patient, EncounterStatus.INPROGRESS, null);
        String encounterUrl = addCreate(bundle, encounter, encounter.getIdentifierFirstRep());
        Device fhirDevice = devices.map(device);
        String deviceUrl = addCreate(bundle, fhirDevice, fhirDevice.getIdentifierFirstRep());
        Reference specimen = null;
        if (reading.sampleId() != null && reading.measurements().stream().anyMatch(m -> m.lab() != null)) {
            Specimen fhirSpecimen = specimen(reading.sampleId(), binding, patient);
            specimen = new Reference(addCreate(bundle, fhirSpecimen, fhirSpecimen.getIdentifierFirstRep()));
        }
        for (Observation observation : observations.map(reading, binding, new Reference(patient),
                new Reference(encounterUrl), new Reference(deviceUrl), specimen)) {
            addCreate(bundle, observation, observation.getIdentifierFirstRep());
        }
        return bundle;
    }

    /**
     * The identifiers (system and value) of the Observations {@link #transaction} creates for {@code reading} under
     * {@code binding}, in entry order. With the binding of an earlier upload they find its Observations
     * ({@code Observation?identifier=...}, see {@link SearchUrl#byIdentifier}) to mark them entered-in-error.
     *
     * @throws MappingException if a result of the reading has no code to name it (then no transaction was possible)
     */
    public List<Identifier> observationIdentifiers(Reading reading, ExamBinding binding) throws MappingException {
        return observations.identifiers(reading, binding);
    }

    /**
     * The transaction that marks the exam of {@code binding} finished at {@code closedAt}.
     *
     * @throws IllegalArgumentException if {@code closedAt} is before the exam was opened
     */
    public Bundle encounterFinished(ExamBinding binding, Instant closedAt) {
        Objects.requireNonNull(binding, "binding");
        if (Objects.requireNonNull(closedAt, "closedAt").isBefore(binding.openedAt())) {
            throw new IllegalArgumentException("exam " + binding.examId() + " closed at " + closedAt
                    + ", before it was opened at " + binding.openedAt());
        }
        Bundle bundle = new Bundle().setType(BundleType.TRANSACTION);
        String patient = addPatient(bundle, binding);
        Encounter encounter = encounter(binding, patient, EncounterStatus.FINISHED, closedAt);
        addConditionalUpdate(bundle, encounter, encounter.getIdentifierFirstRep());
        return bundle;
    }

    /**
     * The transaction that creates or replaces the exam's report: see the class comment. The Observations it lists
     * must exist on the EHR already (the gateway knows their ids from the upload responses).
     */
    public Bundle examReport(ExamReport report) {
        Objects.requireNonNull(report, "report");
        Bundle bundle = new Bundle().setType(BundleType.TRANSACTION);
        String patient = addPatient(bundle, report.binding());
        Encounter encounter = encounter(report.binding(), patient, EncounterStatus.FINISHED, report.closedAt());
        String encounterUrl = addCreate(bundle, encounter, encounter.getIdentifierFirstRep());
        DiagnosticReport fhir = reports.map(report, new Reference(patient), new Reference(encounterUrl));
        addConditionalUpdate(bundle, fhir, fhir.getIdentifierFirstRep());
        return bundle;
    }

    /** The transaction that records {@code audit} on the EHR: see the class comment. */
    public Bundle auditEvent(BindingAudit audit) {
        AuditEvent event = audits.map(Objects.requireNonNull(audit, "audit"));
        Bundle bundle = new Bundle().setType(BundleType.TRANSACTION);
        bundle.addEntry()
                .setFullUrl(NameUuids.urnForResourceId("AuditEvent", audit.auditId()))
                .setResource(event)
                .getRequest().setMethod(HTTPVerb.PUT).setUrl("AuditEvent/" + audit.auditId());
        return bundle;
    }

    /**
     * The transaction that updates (or creates) the Device of {@code device} after it reported a new identity: a
     * conditional update {@code PUT Device?identifier=<deviceSystem>|<gatewayId>/<deviceId>}.
     */
    public Bundle deviceUpdate(DeviceInfo device) {
        Device fhirDevice = devices.map(Objects.requireNonNull(device, "device"));
        Bundle bundle = new Bundle().setType(BundleType.TRANSACTION);
        addConditionalUpdate(bundle, fhirDevice, fhirDevice.getIdentifierFirstRep());
        return bundle;
    }

    /** The Patient to register for {@code record}; the same as {@link PatientMapper#toFhir}. */
    public static Patient patient(PatientRecord record) {
        return PatientMapper.toFhir(record);
    }

    /** The reference to the binding's Patient: its id on the EHR when known, else a conditional create's entry. */
    private static String addPatient(Bundle bundle, ExamBinding binding) {
        if (binding.patientReference() != null) {
            return binding.patientReference();
        }
        Patient patient = new Patient();
        patient.addIdentifier().setSystem(binding.patient().system()).setValue(binding.patient().value());
        return addCreate(bundle, patient, patient.getIdentifierFirstRep());
    }

    /**
     * The sample's Specimen: its id as identifier and as accession identifier, the Patient as subject. A reading
     * re-assigned after upload (binding version 2+) names {@code <gatewayId>/<sampleId>~<examId>}: the Specimen
     * first uploaded is the first patient's, and the new Observations must not be linked to it.
     */
    private Specimen specimen(String sampleId, ExamBinding binding, String patientUrl) {
        String value = settings.gatewayId() + "/" + sampleId
                + (binding.version() == 1 ? "" : "~" + binding.examId());
        Specimen specimen = new Specimen();
        specimen.addIdentifier().setSystem(settings.specimenSystem()).setValue(value);
        specimen.setAccessionIdentifier(specimen.getIdentifierFirstRep().copy());
        return specimen.setSubject(new Reference(patientUrl));
    }

    private Encounter encounter(ExamBinding binding, String patientUrl, EncounterStatus status, Instant end) {
        Encounter encounter = new Encounter();
        encounter.addIdentifier().setSystem(settings.examSystem())
                .setValue(settings.gatewayId() + "/" + binding.examId());
        encounter.setStatus(status);
        encounter.setClass_(new Coding(ACT_CODE_SYSTEM, "AMB", "ambulatory"));
        encounter.setSubject(new Reference(patientUrl));
        Period period = new Period().setStartElement(new DateTimeType(binding.openedAt().toString()));
        if (end != null) {
            period.setEndElement(new DateTimeType(end.toString()));
        }
        return encounter.setPeriod(period);
    }

    private static String addCreate(Bundle bundle, Resource resource, Identifier identifier) {
        String fullUrl = NameUuids.urnForIdentifier(identifier.getSystem(), identifier.getValue());
        bundle.addEntry()
                .setFullUrl(fullUrl)
                .setResource(resource)
                .getRequest().setMethod(HTTPVerb.POST).setUrl(resource.fhirType())
                .setIfNoneExist(SearchUrls.identifierQuery(identifier.getSystem(), identifier.getValue()));
        return fullUrl;
    }

    /** {@code PUT <Type>?identifier=<system>|<value>}: updates the match, or creates the resource when none. */
    private static void addConditionalUpdate(Bundle bundle, Resource resource, Identifier identifier) {
        bundle.addEntry()
                .setFullUrl(NameUuids.urnForIdentifier(identifier.getSystem(), identifier.getValue()))
                .setResource(resource)
                .getRequest().setMethod(HTTPVerb.PUT)
                .setUrl(SearchUrl.byIdentifier(resource.fhirType(), identifier.getSystem(), identifier.getValue()));
    }
}
