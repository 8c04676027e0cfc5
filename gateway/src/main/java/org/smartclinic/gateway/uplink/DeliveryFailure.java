package org.smartclinic.gateway.uplink;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.client.exceptions.FhirClientConnectionException;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;

import org.hl7.fhir.instance.model.api.IBaseOperationOutcome;
import org.smartclinic.gateway.patient.Phi;
import org.smartclinic.gateway.uplink.auth.EhrAuthException;

/**
 * Why a delivery failed, and whether trying again can help.
 *
 * <p>Only refusals of <em>this</em> bundle are final: 400 (malformed), 412 (ambiguous conditional match) and 422
 * (invalid content) become dead letters with the server's OperationOutcome. Everything else says something about
 * the EHR or the gateway's configuration rather than the item (unreachable, 5xx, 408, 409, 429, and 401, 403, 404,
 * 405 for a wrong URL or expired credentials): retried with backoff, shown as the EHR's status, so fixing the
 * configuration lets the whole outbox flow again without replaying anything by hand.
 *
 * @param transientFailure true if the same bundle may succeed later
 * @param message          one line for logs and the API; for a refusal, the server's OperationOutcome as JSON.
 *                         Scrubbed of patient data ({@link org.smartclinic.gateway.patient.Phi}): the EHR may
 *                         echo a search URL, an identifier or a name.
 */
public record DeliveryFailure(boolean transientFailure, String message) {

    /** Classifies what the FHIR client threw. */
    public static DeliveryFailure of(Exception e, FhirContext fhir) {
        EhrAuthException auth = authFailure(e);
        if (auth != null) {
            // the token endpoint refused or was unreachable: its message says what to check
            return new DeliveryFailure(true, Phi.scrub("EHR credentials: " + auth.getMessage()));
        }
        if (e instanceof FhirClientConnectionException) {
            return new DeliveryFailure(true, Phi.scrub("EHR unreachable: " + rootMessage(e)));
        }
        if (e instanceof BaseServerResponseException bse) {
            int status = bse.getStatusCode();
            boolean retry = status != 400 && status != 412 && status != 422;
            IBaseOperationOutcome oo = bse.getOperationOutcome();
            String detail = oo != null ? fhir.newJsonParser().encodeResourceToString(oo) : rootMessage(e);
            String hint = status == 401 || status == 403
                    ? " (the EHR refused the gateway's credentials: check smartclinic.fhir.auth.*, docs/ehr-auth.md)"
                    : "";
            return new DeliveryFailure(retry, Phi.scrub("HTTP " + status + hint + ": " + detail));
        }
        return new DeliveryFailure(false, Phi.scrub(e.getClass().getSimpleName() + ": " + rootMessage(e)));
    }

    private static EhrAuthException authFailure(Throwable e) {
        for (Throwable t = e; t != null && t.getCause() != t; t = t.getCause()) {
            if (t instanceof EhrAuthException auth) {
                return auth;
            }
        }
        return null;
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t == e ? String.valueOf(e.getMessage()) : e.getMessage() + " (" + t + ")";
    }
}
