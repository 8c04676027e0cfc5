/**
 * Specialist invites: a GP lets a remote specialist watch one exam, read-only, through a link whose token is signed
 * (HMAC-SHA256), time-limited and revocable; every use of a link, granted or refused, is kept in the journal and
 * sent to the EHR as an AuditEvent. The token alone is never trusted: it is verified and its invite looked up on
 * every use.
 */
package org.smartclinic.gateway.invite;
