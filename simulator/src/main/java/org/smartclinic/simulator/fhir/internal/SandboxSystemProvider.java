package org.smartclinic.simulator.fhir.internal;

import ca.uhn.fhir.rest.annotation.Transaction;
import ca.uhn.fhir.rest.annotation.TransactionParam;
import ca.uhn.fhir.rest.api.Constants;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import org.hl7.fhir.r4.model.Bundle;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;

/** The system-level endpoint: {@code POST [base]} with a {@code transaction} Bundle. */
public final class SandboxSystemProvider {

    private final TransactionEngine engine;
    private final ResourceValidator validator;

    public SandboxSystemProvider(TransactionEngine engine, ResourceValidator validator) {
        this.engine = engine;
        this.validator = validator;
    }

    @Transaction
    public Bundle transaction(@TransactionParam Bundle bundle, RequestDetails request) {
        String localBase = request.getFhirServerBase();
        Set<String> hostedTypes = engine.store().parameters().resourceTypes();
        List<EntryRequest> entries = TransactionBundles.entries(bundle, hostedTypes, localBase);
        List<ValidationIssue> bodyIssues = validator.checkBody(new String(request.loadRequestContents(),
                request.getCharset() != null ? request.getCharset() : StandardCharsets.UTF_8));
        List<EntryResult> results = engine.execute(entries, bodyIssues, localBase);
        String prefer = request.getHeader(Constants.HEADER_PREFER);
        boolean representation = prefer != null && prefer.contains("return=representation");
        return TransactionBundles.response(results, representation, localBase);
    }
}
