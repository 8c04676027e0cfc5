package org.smartclinic.simulator.fhir.internal;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Pointcut;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Sets the {@code Date} header from the servlet instead of Jetty. On an error, HAPI saves the response headers,
 * resets the response and adds them back; Jetty 12 keeps its own {@code Date} and {@code Server} through the reset,
 * so they came out twice. With Jetty's off (see {@code FhirSandbox}) and this one on, every answer has exactly one.
 */
final class DateHeaderInterceptor {

    @Hook(Pointcut.SERVER_INCOMING_REQUEST_PRE_PROCESSED)
    public boolean setDate(HttpServletResponse response) {
        response.setDateHeader("Date", System.currentTimeMillis());
        return true;
    }
}
