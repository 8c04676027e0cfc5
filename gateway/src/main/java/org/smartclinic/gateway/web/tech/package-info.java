/**
 * The technician's pages: instruments with their connection state and reason, one instrument's details with its
 * raw captures, the wizard that adds or edits an instrument from the driver catalogue (with a probe before saving),
 * and the dead letters the EHR refused, replayed or discarded with a reason.
 */
package org.smartclinic.gateway.web.tech;
