package org.smartclinic.simulator.fhir.internal;

import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Device;
import org.hl7.fhir.r4.model.DiagnosticReport;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.InstantType;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.Specimen;

import java.util.ArrayList;
import java.util.List;

/** One small resource per hosted type and per vital-signs profile: what warm-up validates. No patient data. */
final class WarmupSamples {

    private WarmupSamples() {
    }

    static List<Resource> all() {
        List<Resource> samples = new ArrayList<>();
        samples.add(new Patient().addIdentifier(identifierValue()).setActive(true));
        samples.add(new Device().setStatus(Device.FHIRDeviceStatus.ACTIVE));
        samples.add(new Encounter().setStatus(Encounter.EncounterStatus.INPROGRESS)
                .setClass_(new Coding("http://terminology.hl7.org/CodeSystem/v3-ActCode", "AMB", "ambulatory")));
        samples.add(new DiagnosticReport().setStatus(DiagnosticReport.DiagnosticReportStatus.FINAL)
                .setCode(loinc("11524-6")));
        samples.add(auditEvent());
        samples.add(new Specimen().setAccessionIdentifier(identifierValue()));
        VitalSignsProfiles.loincCodes().forEach(code -> samples.add(vitalSign(code)));
        samples.add(vitalSign("8480-6"));
        return samples;
    }

    private static AuditEvent auditEvent() {
        AuditEvent event = new AuditEvent()
                .setType(new Coding("http://terminology.hl7.org/CodeSystem/audit-event-type", "rest", "RESTful"))
                .setAction(AuditEvent.AuditEventAction.R)
                .setRecordedElement(new InstantType("2026-01-01T00:00:00Z"));
        event.addAgent().setRequestor(true).setWho(new Reference("Device/warmup"));
        event.getSource().setObserver(new Reference("Device/warmup"));
        event.addEntity().setWhat(new Reference("Patient/warmup"));
        return event;
    }

    private static Identifier identifierValue() {
        return new Identifier().setSystem("urn:smartclinic:warmup").setValue("warmup");
    }

    private static Observation vitalSign(String loincCode) {
        Observation observation = new Observation()
                .setStatus(Observation.ObservationStatus.FINAL)
                .addCategory(new CodeableConcept(new Coding(
                        "http://terminology.hl7.org/CodeSystem/observation-category", "vital-signs", "Vital Signs")))
                .setCode(loinc(loincCode))
                .setSubject(new Reference("Patient/warmup"))
                .setEffective(new DateTimeType("2026-01-01T00:00:00Z"));
        observation.setValue(new Quantity().setValue(1).setSystem("http://unitsofmeasure.org").setCode("/min"));
        return observation;
    }

    private static CodeableConcept loinc(String code) {
        return new CodeableConcept(new Coding(VitalSignsProfiles.LOINC, code, null));
    }
}
