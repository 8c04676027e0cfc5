package org.smartclinic.gateway.invite;

import java.time.Instant;

/**
 * An invite as the GP's API shows it.
 *
 * @param status ACTIVE, EXPIRED or REVOKED
 * @param url    the link to give the specialist (also for an invite that no longer works: it shows them why)
 */
public record InviteView(String id, String examId, String label, String status, Instant createdAt, String createdBy,
        Instant expiresAt, Instant revokedAt, String revokedBy, String revokeReason, String url) {

    static InviteView of(Invites.Invite i, Instant now, String url) {
        return new InviteView(i.id(), i.examId(), i.label(), i.status(now).name(), i.createdAt(), i.createdBy(),
                i.expiresAt(), i.revokedAt(), i.revokedBy(), i.revokeReason(), url);
    }
}
