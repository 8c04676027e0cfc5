package org.smartclinic.gateway.uplink.auth;

import java.io.IOException;
import java.net.URI;
import java.util.Optional;

import org.apache.http.HttpHost;
import org.apache.http.HttpRequest;
import org.apache.http.HttpRequestInterceptor;
import org.apache.http.HttpResponse;
import org.apache.http.HttpStatus;
import org.apache.http.client.ServiceUnavailableRetryStrategy;
import org.apache.http.client.protocol.HttpClientContext;
import org.apache.http.client.utils.URIUtils;
import org.apache.http.protocol.HttpContext;

/**
 * Puts the credentials on every request to the EHR's origin (scheme, host and port of its base URL: never on a
 * request elsewhere, e.g. a paging link that points to another host) and, when the EHR answers 401 to refreshable credentials
 * (SMART tokens), has the HTTP client send that request exactly once more with new ones. A second 401 goes back to
 * the caller (the uplink retries it later, and its status says to check the credentials).
 *
 * <p>Apache HttpClient runs request interceptors again for each try, so the retry carries the new token.
 */
final class AuthorizationHandler implements HttpRequestInterceptor, ServiceUnavailableRetryStrategy {

    private static final String SENT = AuthorizationHandler.class.getName() + ".sent";

    private final EhrCredentials credentials;
    private final HttpHost ehr;

    AuthorizationHandler(EhrCredentials credentials, String ehrBaseUrl) {
        this.credentials = credentials;
        this.ehr = URIUtils.extractHost(URI.create(ehrBaseUrl));
    }

    @Override
    public void process(HttpRequest request, HttpContext context) throws IOException {
        if (!sameOrigin(HttpClientContext.adapt(context).getTargetHost(), ehr)) {
            return;
        }
        Optional<String> header = credentials.authorization();
        if (header.isPresent()) {
            request.setHeader("Authorization", header.get());
            context.setAttribute(SENT, header.get());
        }
    }

    @Override
    public boolean retryRequest(HttpResponse response, int executionCount, HttpContext context) {
        if (executionCount > 1 || response.getStatusLine().getStatusCode() != HttpStatus.SC_UNAUTHORIZED
                || !credentials.refreshable() || context.getAttribute(SENT) == null) {
            return false;
        }
        credentials.rejected((String) context.getAttribute(SENT));
        return true;
    }

    @Override
    public long getRetryInterval() {
        return 0;
    }

    static boolean sameOrigin(HttpHost a, HttpHost b) {
        return a != null && b != null && a.getSchemeName().equalsIgnoreCase(b.getSchemeName())
                && a.getHostName().equalsIgnoreCase(b.getHostName()) && port(a) == port(b);
    }

    private static int port(HttpHost host) {
        if (host.getPort() >= 0) {
            return host.getPort();
        }
        return "https".equalsIgnoreCase(host.getSchemeName()) ? 443 : 80;
    }
}
