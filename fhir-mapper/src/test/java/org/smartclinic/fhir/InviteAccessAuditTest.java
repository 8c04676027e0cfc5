package org.smartclinic.fhir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;

import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.AuditEvent.AuditEventAction;
import org.hl7.fhir.r4.model.AuditEvent.AuditEventOutcome;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Bundle.HTTPVerb;
import org.junit.jupiter.api.Test;

/** A specialist's access through an invite link: the record, its AuditEvent and the transaction that sends it. */
class InviteAccessAuditTest {

    private static final Instant AT = Instant.parse("2026-12-03T10:15:30Z");
    private static final String LABEL = "Dr. Ivanova, cardiology";

    private static InviteAccessAudit granted(String access, ExamBinding exam) {
        return new InviteAccessAudit("gw-demo-01-access-17", AT, access, null, "inv-42", LABEL, "10.0.0.7", exam);
    }

    private static AuditEvent event(InviteAccessAudit audit) {
        return audit.toAuditEvent(TestReadings.SETTINGS);
    }

    @Test
    void toAuditEvent_grantedLiveAccess_readOfThePatientRecordBySpecialistSeenFromThisGateway() {
        AuditEvent event = event(granted("live", TestReadings.BINDING));

        assertThat(event.getIdElement().getIdPart()).isEqualTo("gw-demo-01-access-17");
        assertThat(event.getType().getSystem() + "|" + event.getType().getCode())
                .isEqualTo("http://dicom.nema.org/resources/ontology/DCM|110110");
        assertThat(event.getSubtype()).extracting(c -> c.getSystem() + "|" + c.getCode()).containsExactly(
                "http://hl7.org/fhir/restful-interaction|read", "urn:smartclinic:id/invite-access|live");
        assertThat(event.getAction()).isEqualTo(AuditEventAction.R);
        assertThat(event.getOutcome()).isEqualTo(AuditEventOutcome._0);
        assertThat(event.hasOutcomeDesc()).isFalse();
        assertThat(event.getRecordedElement().getValueAsString()).isEqualTo("2026-12-03T10:15:30Z");
        assertThat(event.getAgent()).singleElement().satisfies(a -> {
            assertThat(a.getWho().getDisplay()).isEqualTo(LABEL);
            assertThat(a.getWho().getIdentifier().getSystem()).isEqualTo("urn:smartclinic:id/invite");
            assertThat(a.getWho().getIdentifier().getValue()).isEqualTo("gw-demo-01/inv-42");
            assertThat(a.getRequestor()).isTrue();
            assertThat(a.getNetwork().getAddress()).isEqualTo("10.0.0.7");
        });
        assertThat(event.getSource().getObserver().getIdentifier().getValue()).isEqualTo("gw-demo-01");
        assertThat(event.getEntity()).extracting(e -> e.getWhat().getType() + " "
                + e.getWhat().getIdentifier().getSystem() + "|" + e.getWhat().getIdentifier().getValue())
                .containsExactly("Patient https://example.org/fhir/sid/national-id|7701-123456",
                        "Encounter urn:smartclinic:id/exam|gw-demo-01/exam-0007");
    }

    @Test
    void toAuditEvent_patientKnownByReference_literalReference() {
        AuditEvent event = event(granted("page", TestReadings.BINDING_BY_REFERENCE));

        assertThat(event.getEntityFirstRep().getWhat().getReference()).isEqualTo("Patient/123");
    }

    @Test
    void toAuditEvent_refusedAsRevoked_minorFailureSayingWhy() {
        AuditEvent event = event(new InviteAccessAudit("a-1", AT, "page", "revoked", "inv-42", LABEL, null,
                TestReadings.BINDING));

        assertThat(event.getOutcome()).isEqualTo(AuditEventOutcome._4);
        assertThat(event.getOutcomeDesc()).isEqualTo("refused: the invite was revoked");
        assertThat(event.getAgentFirstRep().hasNetwork()).isFalse();
    }

    @Test
    void toAuditEvent_badSignature_noInviteNoEntity() {
        AuditEvent event = event(new InviteAccessAudit("a-2", AT, "live", "bad-signature", null, null, "127.0.0.1",
                null));

        assertThat(event.getOutcome()).isEqualTo(AuditEventOutcome._4);
        assertThat(event.getAgentFirstRep().getWho().hasIdentifier()).isFalse();
        assertThat(event.getAgentFirstRep().getWho().getDisplay()).contains("names no invite");
        assertThat(event.getEntity()).isEmpty();
    }

    @Test
    void toAuditEvent_everyShape_validatesWithoutErrors() {
        FhirValidation.assertNoErrors(event(granted("live", TestReadings.BINDING)));
        FhirValidation.assertNoErrors(event(granted("page", TestReadings.BINDING_BY_REFERENCE)));
        FhirValidation.assertNoErrors(event(new InviteAccessAudit("a-1", AT, "data", "expired", "inv-42", LABEL,
                null, TestReadings.BINDING)));
        FhirValidation.assertNoErrors(event(new InviteAccessAudit("a-2", AT, "live", "bad-signature", null, null,
                "127.0.0.1", null)));
    }

    @Test
    void transaction_oneIdempotentPut_byteIdenticalWhenBuiltTwice() {
        Bundle bundle = granted("live", TestReadings.BINDING).transaction(TestReadings.SETTINGS);

        assertThat(bundle.getEntry()).singleElement().satisfies(e -> {
            assertThat(e.getRequest().getMethod()).isEqualTo(HTTPVerb.PUT);
            assertThat(e.getRequest().getUrl()).isEqualTo("AuditEvent/gw-demo-01-access-17");
        });
        assertThat(GoldenFiles.json(bundle))
                .isEqualTo(GoldenFiles.json(granted("live", TestReadings.BINDING).transaction(TestReadings.SETTINGS)));
    }

    @Test
    void record_badValues_areRefused() {
        assertThatThrownBy(() -> new InviteAccessAudit("123", AT, "page", null, "i", "l", null, TestReadings.BINDING))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("audit id");
        assertThatThrownBy(() -> new InviteAccessAudit("a", AT, "write", null, "i", "l", null, TestReadings.BINDING))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("access");
        assertThatThrownBy(() -> new InviteAccessAudit("a", AT, "page", "tired", "i", "l", null, TestReadings.BINDING))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("refusal");
        assertThatThrownBy(() -> new InviteAccessAudit("a", AT, "page", null, null, null, null, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("granted");
        assertThatThrownBy(() -> new InviteAccessAudit("a", AT, "page", null, "i", "x".repeat(201), null,
                TestReadings.BINDING)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("label");
    }
}
