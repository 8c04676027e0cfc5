package org.smartclinic.simulator.fhir;

import ca.uhn.fhir.context.FhirContext;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Resource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.stream.Collectors;

/**
 * Plain HTTP against a FHIR base URL with {@link HttpClient}, so tests see exactly what the server answers
 * (status, headers, body) without a FHIR client library interpreting it.
 */
final class FhirHttp {

    private static final String FHIR_JSON = "application/fhir+json";

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final FhirContext fhirContext;
    private final String baseUrl;

    FhirHttp(FhirContext fhirContext, String baseUrl) {
        this.fhirContext = fhirContext;
        this.baseUrl = baseUrl;
    }

    /** One answer: status, headers, body, and the body parsed as FHIR when asked. */
    record Answer(FhirContext fhirContext, int status, java.net.http.HttpHeaders headers, String body) {

        String header(String name) {
            return headers.firstValue(name).orElse(null);
        }

        <T extends Resource> T resource(Class<T> type) {
            return fhirContext.newJsonParser().parseResource(type, body);
        }

        Bundle bundle() {
            return resource(Bundle.class);
        }

        /** Every issue's diagnostics and expressions, one line each: what assertions match messages against. */
        String issues() {
            OperationOutcome outcome = resource(OperationOutcome.class);
            return outcome.getIssue().stream()
                    .map(i -> i.getSeverity().toCode() + " " + i.getExpression() + " " + i.getDiagnostics())
                    .collect(Collectors.joining("\n"));
        }

        @Override
        public String toString() {
            return status + " " + body;
        }
    }

    /** GET {@code path} relative to the base URL, or an absolute URL (a paging link). */
    Answer get(String path) {
        return send(request(path).GET());
    }

    Answer post(String path, String body, String... headers) {
        return send(request(path, headers).POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    Answer put(String path, String body, String... headers) {
        return send(request(path, headers).PUT(HttpRequest.BodyPublishers.ofString(body)));
    }

    Answer post(String path, Resource resource, String... headers) {
        return post(path, encode(resource), headers);
    }

    Answer put(String path, Resource resource, String... headers) {
        return put(path, encode(resource), headers);
    }

    String encode(Resource resource) {
        return fhirContext.newJsonParser().encodeResourceToString(resource);
    }

    private HttpRequest.Builder request(String path, String... headers) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create((path.startsWith("http") ? path : baseUrl + "/" + path)
                        .replace("|", "%7C")))
                .timeout(Duration.ofSeconds(60))
                .header("Accept", FHIR_JSON)
                .header("Content-Type", FHIR_JSON + "; charset=UTF-8");
        for (int i = 0; i + 1 < headers.length; i += 2) {
            builder.header(headers[i], headers[i + 1]);
        }
        return builder;
    }

    private Answer send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(fhirContext, response.statusCode(), response.headers(), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for the FHIR sandbox", e);
        }
    }
}
