/**
 * The remote specialist's view of one exam through an invite link ({@code /s/<token>}): the page, its data, and the
 * live stream ({@code /ws/invites/<token>}). Anonymous by design; the token is checked, and the use audited, on
 * every request and every connect. Read-only: nothing here changes the journal except the audit of the access.
 */
package org.smartclinic.gateway.web.specialist;
