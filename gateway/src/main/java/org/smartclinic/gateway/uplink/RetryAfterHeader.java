package org.smartclinic.gateway.uplink;

import java.util.List;

import ca.uhn.fhir.rest.client.api.IClientInterceptor;
import ca.uhn.fhir.rest.client.api.IHttpRequest;
import ca.uhn.fhir.rest.client.api.IHttpResponse;

/**
 * Keeps the {@code Retry-After} header of the last answer on this thread: HAPI's client throws its exception for
 * a 429 or 503 without the response headers, so {@link DeliveryFailure#of} reads the header from here.
 */
public final class RetryAfterHeader implements IClientInterceptor {

    private static final ThreadLocal<String> LAST = new ThreadLocal<>();

    /** The header of the last answer received on this thread, or null. */
    public static String last() {
        return LAST.get();
    }

    @Override
    public void interceptRequest(IHttpRequest request) {
        LAST.remove();
    }

    @Override
    public void interceptResponse(IHttpResponse response) {
        List<String> values = response.getHeaders("Retry-After");
        if (values == null || values.isEmpty()) {
            LAST.remove();
        } else {
            LAST.set(values.getFirst());
        }
    }
}
