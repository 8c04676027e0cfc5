/**
 * Delivery to the EHR: the outbox is sent in order as FHIR transaction Bundles whose entries are conditional
 * creates on identifiers, so a bundle sent twice (the answer was lost) stores everything once. Transient
 * failures (EHR unreachable, 5xx, 429) back off exponentially and keep the order; refusals that retrying cannot
 * fix go to the dead-letter state with the server's OperationOutcome, replayable.
 */
package org.smartclinic.gateway.uplink;
