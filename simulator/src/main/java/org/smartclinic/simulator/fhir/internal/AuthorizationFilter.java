package org.smartclinic.simulator.fhir.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.smartclinic.simulator.fhir.auth.RequestAuthorizer;

/**
 * Lets a request reach the FHIR servlet only if its {@code Authorization} header satisfies the
 * {@link RequestAuthorizer}; otherwise 401 with {@code WWW-Authenticate} and an OperationOutcome, as a HAPI server
 * with an authorization interceptor answers. Serves {@code .well-known/smart-configuration} to anyone (SMART
 * clients read it before they have a token).
 */
public final class AuthorizationFilter implements Filter {

    private static final String WELL_KNOWN = "/.well-known/smart-configuration";
    private static final String UNAUTHORIZED = "{\"resourceType\":\"OperationOutcome\",\"issue\":[{\"severity\":"
            + "\"error\",\"code\":\"login\",\"diagnostics\":\"HTTP 401: a valid access token is required\"}]}";

    private final RequestAuthorizer authorizer;

    public AuthorizationFilter(RequestAuthorizer authorizer) {
        this.authorizer = authorizer;
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
            throws IOException, ServletException {
        HttpServletRequest request = (HttpServletRequest) req;
        HttpServletResponse response = (HttpServletResponse) res;
        Optional<String> configuration = authorizer.smartConfiguration();
        if (request.getRequestURI().endsWith(WELL_KNOWN) && configuration.isPresent()) {
            write(response, 200, "application/json", configuration.get());
            return;
        }
        String header = request.getHeader("Authorization");
        if (authorizer.authorizes(header)) {
            chain.doFilter(req, res);
            return;
        }
        response.setHeader("WWW-Authenticate", authorizer.challenge(header));
        write(response, 401, "application/fhir+json", UNAUTHORIZED);
    }

    private static void write(HttpServletResponse response, int status, String type, String body) throws IOException {
        response.setStatus(status);
        response.setContentType(type);
        response.setCharacterEncoding("UTF-8");
        response.getOutputStream().write(body.getBytes(StandardCharsets.UTF_8));
    }
}
