package org.smartclinic.gateway.uplink;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.client.exceptions.FhirClientConnectionException;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;

import org.hl7.fhir.instance.model.api.IBaseOperationOutcome;

/**
 * Why a delivery failed, and whether trying again can help.
 *
 * @param transientFailure true if the same bundle may succeed later (EHR unreachable, 408, 409, 429, 5xx)
 * @param message          one line for logs and the API; for a refusal, the server's OperationOutcome as JSON
 */
public record DeliveryFailure(boolean transientFailure, String message) {

    /** Classifies what the FHIR client threw. */
    static DeliveryFailure of(Exception e, FhirContext fhir) {
        if (e instanceof FhirClientConnectionException) {
            return new DeliveryFailure(true, "EHR unreachable: " + rootMessage(e));
        }
        if (e instanceof BaseServerResponseException bse) {
            int status = bse.getStatusCode();
            boolean retry = status == 408 || status == 409 || status == 425 || status == 429 || status >= 500
                    || status == 0;
            IBaseOperationOutcome oo = bse.getOperationOutcome();
            String detail = oo != null ? fhir.newJsonParser().encodeResourceToString(oo) : rootMessage(e);
            return new DeliveryFailure(retry, "HTTP " + status + ": " + detail);
        }
        return new DeliveryFailure(false, e.getClass().getSimpleName() + ": " + rootMessage(e));
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t == e ? String.valueOf(e.getMessage()) : e.getMessage() + " (" + t + ")";
    }
}
