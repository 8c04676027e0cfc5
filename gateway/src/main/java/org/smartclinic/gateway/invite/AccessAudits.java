package org.smartclinic.gateway.invite;

import java.util.Optional;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.hl7.fhir.r4.model.Bundle;
import org.smartclinic.fhir.ExamBinding;
import org.smartclinic.fhir.InviteAccessAudit;
import org.smartclinic.fhir.MapperSettings;
import org.smartclinic.gateway.config.GatewayConfig;
import org.smartclinic.gateway.journal.Exam;
import org.smartclinic.gateway.journal.ExamRecords;

/**
 * Builds the AuditEvent transaction of one recorded invite access, for the uplink (outbox kind ACCESS_AUDIT). The
 * AuditEvent's id is {@code <gatewayId>-access-<access id>}: the same on every resend, so the EHR stores it once.
 */
@ApplicationScoped
public class AccessAudits {

    @Inject
    GatewayConfig config;

    @Inject
    InviteService invites;

    @Inject
    ExamRecords exams;

    private MapperSettings settings;

    @PostConstruct
    void init() {
        settings = new MapperSettings(config.gatewayId(), config.fhir().identifierSystem());
    }

    /** The transaction of access {@code accessId}; empty if the journal has no such access. */
    public Optional<Bundle> bundle(long accessId) {
        return invites.store().access(accessId).map(a -> {
            Invites.Invite invite = a.inviteId() == null ? null : invites.store().get(a.inviteId()).orElse(null);
            ExamBinding exam = a.examId() == null ? null : exams.exam(a.examId()).map(Exam::binding).orElse(null);
            return new InviteAccessAudit(config.gatewayId() + "-access-" + a.id(), a.at(), a.access(), a.refusal(),
                    invite == null ? null : invite.id(), invite == null ? null : invite.label(), a.address(), exam)
                    .transaction(settings);
        });
    }
}
