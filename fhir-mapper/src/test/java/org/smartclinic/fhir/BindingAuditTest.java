package org.smartclinic.fhir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Instant;
import java.util.List;

import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.AuditEvent.AuditEventAction;
import org.hl7.fhir.r4.model.AuditEvent.AuditEventEntityComponent;
import org.hl7.fhir.r4.model.AuditEvent.AuditEventOutcome;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Bundle.BundleEntryComponent;
import org.hl7.fhir.r4.model.Bundle.BundleType;
import org.hl7.fhir.r4.model.Bundle.HTTPVerb;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A person's binding change: the {@link BindingAudit} record, its AuditEvent and the transaction that sends it. */
class BindingAuditTest {

    private static final Instant RECORDED = Instant.parse("2026-11-23T09:50:00Z");
    private static final String REASON = "wrong patient picked at station 2";

    private final UploadBundleFactory factory = new UploadBundleFactory(TestReadings.SETTINGS, UcumUnits.standard());

    private List<Identifier> observations(ExamBinding binding) throws MappingException {
        return factory.observationIdentifiers(TestReadings.bpm200(), binding);
    }

    private BindingAudit audit(String action, String reason, ExamBinding from, ExamBinding to)
            throws MappingException {
        return new BindingAudit("binding-0042-" + action, action, RECORDED, "dr.petrova", reason,
                observations(from != null ? from : to), from, to);
    }

    private BindingAudit reassignment() throws MappingException {
        return audit("reassign", REASON, TestReadings.BINDING, TestReadings.REASSIGNED);
    }

    private static AuditEvent event(Bundle bundle) {
        return (AuditEvent) bundle.getEntryFirstRep().getResource();
    }

    private static List<String> whats(AuditEvent event) {
        return event.getEntity().stream().map(AuditEventEntityComponent::getWhat).map(BindingAuditTest::describe)
                .toList();
    }

    private static String describe(Reference what) {
        return what.hasReference() ? what.getReference()
                : what.getType() + " " + what.getIdentifier().getSystem() + "|" + what.getIdentifier().getValue();
    }

    private static List<String> details(AuditEventEntityComponent entity) {
        return entity.getDetail().stream().map(d -> d.getType() + "=" + d.getValueStringType().getValue()).toList();
    }

    @Test
    void auditEvent_reassignment_oneIdempotentPutOfTheAuditsId() throws MappingException {
        Bundle bundle = factory.auditEvent(reassignment());

        assertThat(bundle.getType()).isEqualTo(BundleType.TRANSACTION);
        assertThat(bundle.getEntry()).hasSize(1);
        BundleEntryComponent entry = bundle.getEntryFirstRep();
        assertThat(entry.getRequest().getMethod()).isEqualTo(HTTPVerb.PUT);
        assertThat(entry.getRequest().getUrl()).isEqualTo("AuditEvent/binding-0042-reassign");
        assertThat(entry.getResource().getIdElement().getIdPart()).isEqualTo("binding-0042-reassign");
        assertThat(entry.getFullUrl()).startsWith("urn:uuid:")
                .isEqualTo(factory.auditEvent(reassignment()).getEntryFirstRep().getFullUrl());
    }

    @Test
    void auditEvent_reassignment_patientRecordUpdateBySomeoneAtThisGateway() throws MappingException {
        AuditEvent event = event(factory.auditEvent(reassignment()));

        assertThat(event.getType().getSystem()).isEqualTo("http://dicom.nema.org/resources/ontology/DCM");
        assertThat(event.getType().getCode()).isEqualTo("110110");
        assertThat(event.getType().getDisplay()).isEqualTo("Patient Record");
        assertThat(event.getSubtype()).extracting(c -> c.getSystem() + "|" + c.getCode()).containsExactly(
                "http://hl7.org/fhir/restful-interaction|update", "urn:smartclinic:id/binding-action|reassign");
        assertThat(event.getAction()).isEqualTo(AuditEventAction.U);
        assertThat(event.getRecordedElement().getValueAsString()).isEqualTo("2026-11-23T09:50:00Z");
        assertThat(event.getOutcome()).isEqualTo(AuditEventOutcome._0);
        assertThat(event.getAgent()).hasSize(1);
        assertThat(event.getAgentFirstRep().getWho().getDisplay()).isEqualTo("dr.petrova");
        assertThat(event.getAgentFirstRep().getRequestor()).isTrue();
        Reference observer = event.getSource().getObserver();
        assertThat(observer.getDisplay()).isEqualTo("gateway gw-demo-01");
        assertThat(observer.getIdentifier().getSystem()).isEqualTo("urn:smartclinic:id/gateway");
        assertThat(observer.getIdentifier().getValue()).isEqualTo("gw-demo-01");
        assertThat(observer.hasReference()).isFalse();
    }

    @Test
    void auditEvent_reassignment_observationsThenOldAndNewExamAndPatientByIdentifier() throws MappingException {
        AuditEvent event = event(factory.auditEvent(reassignment()));

        assertThat(whats(event)).containsExactly(
                "Observation urn:smartclinic:id/observation|gw-demo-01/bpm-1/85354-9/20261123101500#0042",
                "Observation urn:smartclinic:id/observation|gw-demo-01/bpm-1/8867-4/20261123101500#0042",
                "Encounter urn:smartclinic:id/exam|gw-demo-01/exam-0007",
                "Patient https://example.org/fhir/sid/national-id|7701-123456",
                "Encounter urn:smartclinic:id/exam|gw-demo-01/exam-0008",
                "Patient https://example.org/fhir/sid/national-id|7702-654321");
        List<AuditEventEntityComponent> entities = event.getEntity();
        assertThat(details(entities.get(0))).containsExactly("reason=" + REASON);
        assertThat(details(entities.get(1))).containsExactly("reason=" + REASON);
        assertThat(details(entities.get(2))).containsExactly("binding=from", "binding-version=1");
        assertThat(details(entities.get(3))).containsExactly("binding=from");
        assertThat(details(entities.get(4))).containsExactly("binding=to", "binding-version=2");
        assertThat(details(entities.get(5))).containsExactly("binding=to");
        assertThat(entities).extracting(e -> e.getType().getCode() + "/" + e.getRole().getCode())
                .containsExactly("2/4", "2/4", "2/4", "1/1", "2/4", "1/1");
        assertThat(entities).allSatisfy(e -> assertThat(e.hasDescription()).isFalse());
    }

    @Test
    void auditEvent_confirmOfAPatientKnownByReference_literalPatientReferenceAndNoReason() throws MappingException {
        AuditEvent event = event(factory.auditEvent(audit("confirm", null, null, TestReadings.BINDING_BY_REFERENCE)));

        assertThat(whats(event)).containsExactly(
                "Observation urn:smartclinic:id/observation|gw-demo-01/bpm-1/85354-9/20261123101500#0042",
                "Observation urn:smartclinic:id/observation|gw-demo-01/bpm-1/8867-4/20261123101500#0042",
                "Encounter urn:smartclinic:id/exam|gw-demo-01/exam-0007",
                "Patient/123");
        assertThat(event.getEntity().subList(0, 2)).allSatisfy(e -> assertThat(e.hasDetail()).isFalse());
    }

    @Test
    void auditEvent_rejectAndAssign_onlyTheSideThatExists() throws MappingException {
        AuditEvent reject = event(factory.auditEvent(audit("reject", "not this patient's", TestReadings.BINDING,
                null)));
        AuditEvent assign = event(factory.auditEvent(audit("assign", "left unassigned", null,
                TestReadings.REASSIGNED)));

        assertThat(reject.getAction()).isEqualTo(AuditEventAction.U);
        assertThat(reject.getEntity()).hasSize(4);
        assertThat(details(reject.getEntity().get(2))).containsExactly("binding=from", "binding-version=1");
        assertThat(assign.getEntity()).hasSize(4);
        assertThat(details(assign.getEntity().get(2))).containsExactly("binding=to", "binding-version=2");
        assertThat(whats(assign).get(0)).endsWith("#0042~2");
    }

    @Test
    void auditEvent_everyAction_validatesWithoutErrors() throws MappingException {
        FhirValidation.assertNoErrors(factory.auditEvent(reassignment()));
        FhirValidation.assertNoErrors(factory.auditEvent(audit("reject", REASON, TestReadings.BINDING, null)));
        FhirValidation.assertNoErrors(factory.auditEvent(audit("assign", REASON, null, TestReadings.REASSIGNED)));
        FhirValidation.assertNoErrors(factory.auditEvent(audit("confirm", null, null,
                TestReadings.BINDING_BY_REFERENCE)));
    }

    @Test
    void auditEvent_reassignment_matchesGoldenJson() throws MappingException, IOException {
        GoldenFiles.assertMatchesGolden("bundle-audit-reassign", factory.auditEvent(reassignment()));
    }

    @Test
    void auditEvent_sameAuditTwice_isByteIdentical() throws MappingException {
        assertThat(GoldenFiles.json(factory.auditEvent(reassignment())))
                .isEqualTo(GoldenFiles.json(factory.auditEvent(reassignment())));
    }

    @Test
    void record_observations_areCopiedSoLaterChangesDoNotShow() throws MappingException {
        List<Identifier> ids = observations(TestReadings.BINDING);
        BindingAudit audit = new BindingAudit("a-1", "reject", RECORDED, "nurse", REASON, ids, TestReadings.BINDING,
                null);

        ids.get(0).setValue("changed");

        assertThat(audit.observations().get(0).getValue()).endsWith("#0042");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "12345", "a b", "a/b", "a_b"})
    void record_auditIdNotAUsableClientId_isRefused(String id) {
        assertThatThrownBy(() -> new BindingAudit(id, "confirm", RECORDED, "nurse", null, observations(
                TestReadings.BINDING), null, TestReadings.BINDING)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("audit id");
    }

    @Test
    void record_auditIdLengthLimit_64Accepted65Refused() throws MappingException {
        List<Identifier> ids = observations(TestReadings.BINDING);
        assertThat(new BindingAudit("a".repeat(64), "confirm", RECORDED, "nurse", null, ids, null,
                TestReadings.BINDING).auditId()).hasSize(64);
        assertThatThrownBy(() -> new BindingAudit("a".repeat(65), "confirm", RECORDED, "nurse", null, ids, null,
                TestReadings.BINDING)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void record_unknownActionOrBadActor_isRefused() throws MappingException {
        List<Identifier> ids = observations(TestReadings.BINDING);
        assertThatThrownBy(() -> new BindingAudit("a-1", "delete", RECORDED, "nurse", REASON, ids,
                TestReadings.BINDING, null)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("delete");
        assertThatThrownBy(() -> new BindingAudit("a-1", "reject", RECORDED, " ", REASON, ids,
                TestReadings.BINDING, null)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("actor");
        assertThatThrownBy(() -> new BindingAudit("a-1", "reject", RECORDED, "n".repeat(65), REASON, ids,
                TestReadings.BINDING, null)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("actor");
    }

    @Test
    void record_reasonMissingExceptForConfirmOrTooLong_isRefused() throws MappingException {
        List<Identifier> ids = observations(TestReadings.BINDING);
        assertThatThrownBy(() -> new BindingAudit("a-1", "reject", RECORDED, "nurse", "  ", ids,
                TestReadings.BINDING, null)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("reason");
        assertThatThrownBy(() -> new BindingAudit("a-1", "reject", RECORDED, "nurse", "r".repeat(501), ids,
                TestReadings.BINDING, null)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("501");
        assertThat(new BindingAudit("a-1", "reject", RECORDED, "nurse", "r".repeat(500), ids, TestReadings.BINDING,
                null).reason()).hasSize(500);
    }

    @Test
    void record_noObservationOrOneWithoutValue_isRefused() {
        assertThatThrownBy(() -> new BindingAudit("a-1", "confirm", RECORDED, "nurse", null, List.of(), null,
                TestReadings.BINDING)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Observation");
        assertThatThrownBy(() -> new BindingAudit("a-1", "confirm", RECORDED, "nurse", null,
                List.of(new Identifier().setSystem("urn:x")), null, TestReadings.BINDING))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("value");
    }

    @Test
    void record_noBindingOrReassignWithOnlyOneSide_isRefused() throws MappingException {
        List<Identifier> ids = observations(TestReadings.BINDING);
        assertThatThrownBy(() -> new BindingAudit("a-1", "reject", RECORDED, "nurse", REASON, ids, null, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("binding");
        assertThatThrownBy(() -> new BindingAudit("a-1", "reassign", RECORDED, "nurse", REASON, ids,
                TestReadings.BINDING, null)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("before and after");
    }
}
