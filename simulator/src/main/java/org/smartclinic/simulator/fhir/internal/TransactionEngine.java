package org.smartclinic.simulator.fhir.internal;

import ca.uhn.fhir.context.FhirContext;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Executes writes the way a HAPI JPA server does, for single interactions and transactions alike: every incoming
 * resource is validated first (outside the store lock, as validation is the slow part), then all entries run
 * atomically in one {@link WriteBatch}: all of them are stored, or none.
 */
public final class TransactionEngine {

    private final ResourceStore store;
    private final ResourceValidator validator;
    private final ReferenceRules references;

    public TransactionEngine(FhirContext fhirContext, ResourceStore store, ResourceValidator validator) {
        this.store = store;
        this.validator = validator;
        this.references = new ReferenceRules(fhirContext);
    }

    public ResourceStore store() {
        return store;
    }

    /** One create or update; failures carry no entry label. */
    public EntryResult executeOne(EntryRequest request, List<ValidationIssue> requestIssues, String localBase) {
        return execute(List.of(request), requestIssues, localBase).getFirst();
    }

    /**
     * Validates then executes {@code entries} atomically.
     *
     * @param requestIssues problems already found in the request body (e.g. unknown elements the parser dropped)
     * @param localBase     this server's base URL as the client addressed it
     * @return one result per entry, in entry order
     */
    public List<EntryResult> execute(List<EntryRequest> entries, List<ValidationIssue> requestIssues,
                                     String localBase) {
        entries.stream().filter(e -> e.resource() != null).forEach(e -> references.detachTargets(e.resource()));
        rejectInvalid(entries, requestIssues);
        return store.write(localBase, batch -> new TransactionRun(store.parameters(), references, batch, entries)
                .execute());
    }

    private void rejectInvalid(List<EntryRequest> entries, List<ValidationIssue> requestIssues) {
        List<ValidationIssue> issues = new ArrayList<>(requestIssues);
        Set<String> failedEntries = new LinkedHashSet<>();
        for (EntryRequest entry : entries) {
            if (entry.resource() == null) {
                continue;
            }
            for (ValidationIssue issue : validator.validate(entry.resource())) {
                issues.add(entry.inTransaction() ? OperationOutcomes.inEntry(issue, entry) : issue);
                failedEntries.add(entry.inTransaction() ? entry.label() : entry.resourceType());
            }
        }
        if (!issues.isEmpty()) {
            String where = failedEntries.isEmpty() ? "the request body" : String.join(", ", failedEntries);
            throw OperationOutcomes.unprocessable("Validation failed with " + issues.size() + " error(s) in "
                    + where + ": " + issues.getFirst().message(), issues);
        }
    }
}
