package org.smartclinic.simulator.fhir.internal;

import ca.uhn.fhir.i18n.Msg;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import org.hl7.fhir.r4.model.Resource;
import org.smartclinic.simulator.fhir.internal.EntryRequest.Method;

import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One execution of a list of entries inside a {@link WriteBatch}, in the order FHIR R4 prescribes for transactions
 * (http.html#trules): POSTs resolve first (conditional creates search, the others get new ids), then PUTs; then
 * every written resource has its placeholders rewritten and is staged; then its references must resolve; GETs run
 * last and see the transaction's writes. Any failure throws, labelled with its entry, and the batch is discarded.
 */
final class TransactionRun {

    private enum Action { CREATE, UPDATE, UNCHANGED, MATCH, READ }

    private record Target(String id, Action action) {
    }

    @FunctionalInterface
    private interface Step {
        void apply(int position, EntryRequest entry);
    }

    private final SearchParameters parameters;
    private final ReferenceRules references;
    private final WriteBatch batch;
    private final List<EntryRequest> entries;
    private final Target[] targets;
    private final Resource[] searched;
    private final Map<String, String> aliases = new HashMap<>();
    private final Set<String> written = new HashSet<>();

    TransactionRun(SearchParameters parameters, ReferenceRules references, WriteBatch batch,
                   List<EntryRequest> entries) {
        this.parameters = parameters;
        this.references = references;
        this.batch = batch;
        this.entries = entries;
        this.targets = new Target[entries.size()];
        this.searched = new Resource[entries.size()];
    }

    List<EntryResult> execute() {
        each(Method.POST, this::resolvePost);
        each(Method.PUT, this::resolvePut);
        each(null, this::rewriteAndStage);
        each(null, this::checkReferences);
        each(Method.GET, this::get);
        EntryResult[] results = new EntryResult[entries.size()];
        Arrays.setAll(results, this::result);
        return List.of(results);
    }

    /** Applies {@code step} to every entry with {@code method} (every write when {@code null}), in bundle order. */
    private void each(Method method, Step step) {
        for (int i = 0; i < entries.size(); i++) {
            EntryRequest entry = entries.get(i);
            boolean selected = method == null ? entry.method() != Method.GET : entry.method() == method;
            if (!selected) {
                continue;
            }
            try {
                step.apply(i, entry);
            } catch (BaseServerResponseException failure) {
                throw entry.inTransaction()
                        ? OperationOutcomes.inEntry(failure, entry.label(), entry.description()) : failure;
            }
        }
    }

    private void resolvePost(int position, EntryRequest entry) {
        if (entry.conditionalUrl() != null) {
            List<StoredResource> matches = batch.search(query(entry));
            if (matches.size() > 1) {
                throw multipleMatches(958, "CREATE", entry, matches.size());
            }
            if (matches.size() == 1) {
                target(position, entry, matches.getFirst().id(), Action.MATCH);
                return;
            }
        }
        String id = batch.nextServerId();
        target(position, entry, id, Action.CREATE);
        // Staged before references are rewritten so later conditional creates of this transaction can match it.
        batch.stage(entry.resourceType(), id, entry.resource());
    }

    private void resolvePut(int position, EntryRequest entry) {
        if (entry.id() != null) {
            Optional<StoredResource> existing = batch.committed(entry.resourceType(), entry.id());
            checkClientId(entry.id(), existing.isPresent());
            if (entry.version() != null && !existing.map(e -> e.version() == entry.version()).orElse(false)) {
                throw OperationOutcomes.conflict("Trying to update " + entry.resourceType() + "/" + entry.id()
                        + "/_history/" + entry.version() + " but this is not the current version (current: "
                        + existing.map(StoredResource::versionedReference).orElse("none") + ")");
            }
            target(position, entry, entry.id(), existing.isPresent() ? Action.UPDATE : Action.CREATE);
        } else {
            resolveConditionalPut(position, entry);
        }
    }

    /** 0 matches: create (with the body's id if it has one); 1: update that one; more: 412. */
    private void resolveConditionalPut(int position, EntryRequest entry) {
        List<StoredResource> matches = batch.search(query(entry));
        if (matches.size() > 1) {
            throw multipleMatches(988, "UPDATE", entry, matches.size());
        }
        String bodyId = entry.resource().getIdElement().getIdPart();
        if (matches.size() == 1) {
            String id = matches.getFirst().id();
            if (bodyId != null && !bodyId.equals(id)) {
                throw OperationOutcomes.badRequest("Failed to UPDATE resource with match URL \""
                        + entry.conditionalUrl() + "\": it matched " + matches.getFirst().reference()
                        + " but the resource has id " + bodyId);
            }
            target(position, entry, id, Action.UPDATE);
            return;
        }
        if (bodyId != null) {
            checkClientId(bodyId, false);
        }
        target(position, entry, bodyId != null ? bodyId : batch.nextServerId(), Action.CREATE);
    }

    private void rewriteAndStage(int position, EntryRequest entry) {
        Target target = targets[position];
        if (target.action() == Action.MATCH) {
            return;
        }
        references.rewrite(entry.resource(), aliases);
        if (target.action() == Action.UPDATE && unchanged(entry, target)) {
            // A HAPI JPA server keeps the version when an update changes nothing.
            targets[position] = new Target(target.id(), Action.UNCHANGED);
            return;
        }
        // A copy: the request's object stays with HAPI, the stored one must never change again.
        batch.stage(entry.resourceType(), target.id(), entry.resource().copy());
    }

    private void checkReferences(int position, EntryRequest entry) {
        Action action = targets[position].action();
        if (action == Action.CREATE || action == Action.UPDATE) {
            StoredResource staged = batch.current(entry.resourceType(), targets[position].id()).orElseThrow();
            references.checkResolvable(staged.resource(), batch, batch.localBase());
        }
    }

    private void get(int position, EntryRequest entry) {
        if (entry.id() == null) {
            searched[position] = SearchResults.searchset(batch.search(query(entry)), batch.localBase());
            targets[position] = new Target(null, Action.READ);
            return;
        }
        Optional<StoredResource> found = entry.version() == null
                ? batch.current(entry.resourceType(), entry.id())
                : batch.version(entry.resourceType(), entry.id(), entry.version());
        if (found.isEmpty()) {
            throw OperationOutcomes.notFound("Resource " + entry.url() + " is not known");
        }
        targets[position] = new Target(entry.id(), Action.READ);
    }

    private EntryResult result(int position) {
        EntryRequest entry = entries.get(position);
        Target target = targets[position];
        if (searched[position] != null) {
            return new EntryResult(entry, 200, null, searched[position]);
        }
        StoredResource stored = entry.method() == Method.GET && entry.version() != null
                ? batch.version(entry.resourceType(), target.id(), entry.version()).orElseThrow()
                : batch.current(entry.resourceType(), target.id()).orElseThrow();
        return new EntryResult(entry, target.action() == Action.CREATE ? 201 : 200, stored, null);
    }

    private void target(int position, EntryRequest entry, String id, Action action) {
        String reference = entry.resourceType() + "/" + id;
        if (action != Action.MATCH && !written.add(reference)) {
            throw OperationOutcomes.badRequest("Transaction bundle contains multiple resources with ID: "
                    + reference);
        }
        targets[position] = new Target(id, action);
        if (entry.fullUrl() != null) {
            aliases.put(entry.fullUrl(), reference);
        }
    }

    /** 412 in HAPI JPA's words: {@code HAPI-0958: Failed to CREATE Patient with match URL "..." because ...}. */
    private static BaseServerResponseException multipleMatches(int code, String operation, EntryRequest entry,
                                                               int count) {
        return OperationOutcomes.preconditionFailed(Msg.code(code) + "Failed to " + operation + " "
                + entry.resourceType() + " with match URL \"" + entry.conditionalUrl()
                + "\" because this search matched " + count + " resources");
    }

    private SearchQuery query(EntryRequest entry) {
        return SearchQuery.parseUrl(parameters, entry.resourceType(), entry.conditionalUrl(), batch.localBase(),
                value -> aliases.getOrDefault(value, value), entry.method() != Method.GET);
    }

    private boolean unchanged(EntryRequest entry, Target target) {
        StoredResource existing = batch.committed(entry.resourceType(), target.id()).orElseThrow();
        return withoutVersion(existing.resource()).equalsDeep(withoutVersion(entry.resource()));
    }

    private static Resource withoutVersion(Resource resource) {
        Resource copy = resource.copy();
        copy.setId((String) null);
        if (copy.hasMeta()) {
            copy.getMeta().setVersionId(null).setLastUpdated(null);
            if (copy.getMeta().isEmpty()) {
                copy.setMeta(null);
            }
        }
        return copy;
    }

    /** Client-assigned ids: FHIR id syntax, and (as HAPI JPA's default) not purely numeric for new resources. */
    private static void checkClientId(String id, boolean exists) {
        if (!References.ID.matcher(id).matches()) {
            throw OperationOutcomes.badRequest("Invalid resource ID \"" + id
                    + "\": a FHIR id is 1-64 characters of A-Z, a-z, 0-9, '-' and '.'");
        }
        if (!exists && id.chars().allMatch(Character::isDigit)) {
            throw OperationOutcomes.badRequest("Can not create resource with ID[" + id + "], no resource with this"
                    + " ID exists and clients may only assign IDs which contain at least one non-numeric character");
        }
    }
}
